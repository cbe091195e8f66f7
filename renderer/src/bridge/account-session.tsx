/**
 * Who is signed in, shared by the header and every screen. Read once with
 * `session.get`, then kept current by `session.changed`: the host sends it the
 * moment the server confirms who the account is (a first sign-in against a
 * slow server answers after the window is up), and on every sign-in, switch
 * and sign-out. Re-read after the events channel reconnects, since an event
 * may have been missed meanwhile.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { SessionInfo } from '../../../common/bridge.ts';
import { useBridge, useBridgeEvent } from './context.tsx';
import { onBridgeReconnected } from './index.ts';

const AccountSessionContext = createContext<SessionInfo | null>(null);

/** `initial` is the answer the app shell already has; the provider keeps it current from there. */
export function AccountSessionProvider({ initial, children }: { initial: SessionInfo; children: ReactNode }) {
  const bridge = useBridge();
  const [session, setSession] = useState<SessionInfo>(initial);
  // A fresher answer from the shell (it re-reads after each account change) replaces ours.
  useEffect(() => setSession(initial), [initial]);
  useBridgeEvent('session.changed', setSession);
  useEffect(
    () =>
      onBridgeReconnected(() => {
        bridge.invoke('session.get', {}).then(setSession, (error: unknown) => console.warn('session.get failed', error));
      }),
    [bridge],
  );
  return <AccountSessionContext.Provider value={session}>{children}</AccountSessionContext.Provider>;
}

/** The current session; throws outside the app shell, where there is none. */
export function useAccountSession(): SessionInfo {
  const session = useContext(AccountSessionContext);
  if (!session) throw new Error('useAccountSession() used outside <AccountSessionProvider>');
  return session;
}
