/**
 * Changes the clerk makes go to the server through the host: one at a time per
 * control, with the refusal (in the clerk's language when we know its code) or
 * the offline error shown beside the control that tried.
 */
import { useCallback, useState } from 'react';
import type { BridgeInputOf, BridgeMethod, BridgeResults, ClerkOutcome, ServerRefusal } from '../../../common/bridge.ts';
import { useBridge } from '../bridge/context.tsx';
import { toBridgeFailure } from '../bridge/errors.ts';
import type { MessageId } from '../i18n/en.ts';
import { t } from '../i18n/index.ts';

/** The bridge methods that change the working copy (they answer a ClerkOutcome). */
export type ClerkChangeMethod = { [M in BridgeMethod]: BridgeResults[M] extends ClerkOutcome<unknown> ? M : never }[BridgeMethod];
type ValueOf<M extends ClerkChangeMethod> = BridgeResults[M] extends ClerkOutcome<infer T> ? T : never;

export interface ClerkChange {
  busy: boolean;
  error: string | null;
  /** Resolves with the server's answer, or null (the error is then set). */
  run<M extends ClerkChangeMethod>(method: M, args: BridgeInputOf<M>): Promise<ValueOf<M> | null>;
  clearError(): void;
}

export function useClerkChange(): ClerkChange {
  const bridge = useBridge();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async <M extends ClerkChangeMethod>(method: M, args: BridgeInputOf<M>): Promise<ValueOf<M> | null> => {
      setBusy(true);
      setError(null);
      try {
        const outcome = (await bridge.invoke(method, args)) as ClerkOutcome<ValueOf<M>>;
        if (outcome.ok) return outcome.value;
        setError(clerkRefusalText(outcome.refusal));
        return null;
      } catch (failure) {
        setError(clerkFailureText(failure));
        return null;
      } finally {
        setBusy(false);
      }
    },
    [bridge],
  );
  const clearError = useCallback(() => setError(null), []);
  return { busy, error, run, clearError };
}

const refusalIds: Record<string, MessageId> = {
  forbidden: 'clerk.refused.forbidden',
  'reason-required': 'clerk.refused.reason-required',
  'too-deep': 'clerk.refused.too-deep',
  'invalid-times': 'clerk.refused.invalid-times',
  'meeting-under-way': 'clerk.refused.meeting-under-way',
  'meeting-cancelled': 'clerk.refused.meeting-cancelled',
  'already-published': 'clerk.refused.already-published',
  'nothing-to-pack': 'clerk.refused.nothing-to-pack',
  'pack-in-progress': 'clerk.refused.pack-in-progress',
};

/** The reason in the clerk's language when we know the code; the server's own words otherwise. */
export function clerkRefusalText(refusal: ServerRefusal): string {
  const id = refusalIds[refusal.code];
  return id ? t(id) : refusal.message;
}

export function clerkFailureText(failure: unknown): string {
  const { code, message } = toBridgeFailure(failure);
  return code === 'offline' ? t('clerk.error.offline') : t('app.loadError', { message });
}
