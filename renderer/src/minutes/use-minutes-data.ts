/**
 * The minutes screen's data: the replica of the text (held open while the
 * screen is), the workflow status and the meeting record, each kept current.
 *
 * The record follows the meeting live: the host follows the session
 * (`meetingSession.get`), and each new session state (someone arrives, a vote
 * closes) fetches the record again. The status is asked again whenever the
 * connection changes, the window comes back to the front, and every 15 s
 * (approval can happen at another meeting, by someone else).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ServerCopy, YjsReplicaStatus } from '../../../common/bridge.ts';
import { MINUTES_FRAGMENT, type MeetingRecord, type MinutesStatus } from '../../../common/minutes.ts';
import { useBridge, useBridgeEvent } from '../bridge/context.tsx';
import { toBridgeFailure, type BridgeFailure } from '../bridge/errors.ts';
import { onBridgeReconnected } from '../bridge/index.ts';
import { type BridgeDoc, openBridgeDoc } from '../yjs/bridge-doc.ts';

const statusRefreshMs = 15_000;

export interface MinutesReplica {
  /** The renderer's copy, once the host's state is loaded into it. */
  held: BridgeDoc | null;
  status: YjsReplicaStatus;
  /** The text has its structure (the server seeds it the first time the document is opened). */
  seeded: boolean;
}

export function useMinutesReplica(docName: string): MinutesReplica {
  const bridge = useBridge();
  const [state, setState] = useState<MinutesReplica>({ held: null, status: { docName, connection: 'connecting', message: null }, seeded: false });
  useEffect(() => {
    const held = openBridgeDoc(bridge, docName);
    const fragment = held.doc.getXmlFragment(MINUTES_FRAGMENT);
    let ready = false;
    const show = (): void => {
      if (ready) setState({ held, status: held.status(), seeded: fragment.length > 0 });
    };
    const offStatus = held.onStatus(show);
    const onUpdate = (): void => {
      if (ready && fragment.length > 0) setState((previous) => (previous.seeded ? previous : { ...previous, seeded: true }));
    };
    held.doc.on('update', onUpdate);
    held.ready.then(
      () => {
        ready = true;
        show();
      },
      (error: unknown) => console.warn(`Could not open ${docName}`, error),
    );
    return () => {
      ready = false;
      offStatus();
      held.doc.off('update', onUpdate);
      held.release();
    };
  }, [bridge, docName]);
  return state;
}

export interface ServerData<T> {
  copy: ServerCopy<T> | null;
  error: BridgeFailure | null;
  refresh(): void;
}

/**
 * One of the minutes' server reads, asked again on `refresh()` and when the connection changes. Calls that
 * overlap are coalesced: one at a time, and one more after it if asked meanwhile.
 */
function useServerData<T>(load: () => Promise<ServerCopy<T>>, key: string): ServerData<T> & { set(copy: ServerCopy<T>): void } {
  const [copy, setCopy] = useState<ServerCopy<T> | null>(null);
  const [error, setError] = useState<BridgeFailure | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const running = useRef<{ again: boolean } | null>(null);
  const mounted = useRef(true);

  const refresh = useCallback(() => {
    if (running.current) {
      running.current.again = true;
      return;
    }
    const run = { again: false };
    running.current = run;
    loadRef
      .current()
      .then(
        (answer) => {
          if (!mounted.current) return;
          setCopy(answer);
          setError(null);
        },
        (failure: unknown) => mounted.current && setError(toBridgeFailure(failure)),
      )
      .finally(() => {
        running.current = null;
        if (run.again && mounted.current) refresh();
      });
  }, []);

  useEffect(() => {
    mounted.current = true;
    setCopy(null);
    refresh();
    const offReconnected = onBridgeReconnected(refresh);
    return () => {
      mounted.current = false;
      offReconnected();
    };
  }, [key, refresh]);
  useBridgeEvent('sync.status', (status) => {
    // Coming back online: what we show may be old.
    if (status.connection === 'online' && copy && !copy.fresh) refresh();
  });
  return { copy, error, refresh, set: setCopy };
}

export function useMinutesStatus(meetingId: string): ServerData<MinutesStatus> & { set(copy: ServerCopy<MinutesStatus>): void } {
  const bridge = useBridge();
  const data = useServerData(() => bridge.invoke('minutes.status', { meetingId }), `status:${meetingId}`);
  const { refresh } = data;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, statusRefreshMs);
    const onFocus = (): void => refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [refresh]);
  return data;
}

export function useMeetingRecord(meetingId: string): ServerData<MeetingRecord> {
  const bridge = useBridge();
  const data = useServerData(() => bridge.invoke('minutes.record', { meetingId }), `record:${meetingId}`);
  const { refresh } = data;
  // The host follows the meeting's session from here on; each state it hears may change the record.
  useEffect(() => {
    bridge.invoke('meetingSession.get', { meetingId }).catch(() => undefined);
  }, [bridge, meetingId]);
  useBridgeEvent('meetingSession.state', (view) => {
    if (view.meetingId === meetingId) refresh();
  });
  return data;
}
