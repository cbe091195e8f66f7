/**
 * React access to the bridge: the context, a query hook that re-runs when
 * asked, and subscriptions to host events.
 */
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type {
  BridgeEvent,
  BridgeEvents,
  BridgeInputOf,
  BridgeMethod,
  BridgeResults,
  ChamberBridge,
} from '../../../common/bridge.ts';
import { toBridgeFailure, type BridgeFailure } from './errors.ts';

export const BridgeContext = createContext<ChamberBridge | null>(null);

export function useBridge(): ChamberBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge() used outside <BridgeContext.Provider>');
  return bridge;
}

export type QueryState<T> =
  | { status: 'loading'; data: T | null; error: null }
  | { status: 'ready'; data: T; error: null }
  | { status: 'error'; data: T | null; error: BridgeFailure };

/**
 * Calls `method` and re-calls it whenever `key` changes (serialise the args and
 * any refresh counter into it). Keeps the previous data while reloading so the
 * screen does not flash.
 */
export function useBridgeQuery<M extends BridgeMethod>(
  method: M,
  args: BridgeInputOf<M>,
  key: string,
): QueryState<BridgeResults[M]> {
  const bridge = useBridge();
  const [state, setState] = useState<QueryState<BridgeResults[M]>>({ status: 'loading', data: null, error: null });
  const argsRef = useRef(args);
  argsRef.current = args;

  useEffect(() => {
    let current = true;
    setState((previous) => ({ status: 'loading', data: previous.data, error: null }));
    bridge.invoke(method, argsRef.current).then(
      (data) => current && setState({ status: 'ready', data, error: null }),
      (error: unknown) =>
        current &&
        setState((previous) => ({
          status: 'error',
          data: previous.data,
          error: toBridgeFailure(error),
        })),
    );
    return () => {
      current = false;
    };
  }, [bridge, method, key]);

  return state;
}

/** Subscribes to a host event for the component's lifetime. */
export function useBridgeEvent<E extends BridgeEvent>(event: E, listener: (payload: BridgeEvents[E]) => void): void {
  const bridge = useBridge();
  const listenerRef = useRef(listener);
  listenerRef.current = listener;
  useEffect(() => bridge.on(event, (payload) => listenerRef.current(payload)), [bridge, event]);
}
