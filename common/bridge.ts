/**
 * The bridge: everything the renderer may ask of the desktop host, typed once.
 * Importers use this file; the contract lives in common/bridge/:
 *
 * - one part per capability (accounts, meetings, sync, search, yjs, storage,
 *   meeting-session, clerk, minutes), each declaring its methods (zod arguments and result
 *   type together), its events and its data shapes;
 * - contract.ts composes the parts into `bridgeMethods` / `bridgeEvents` and
 *   derives `BridgeHandlers` (what the host implements), `BridgeResults` and
 *   `BridgeEvents` from them — its comment lists the steps to add a capability;
 * - transport.ts: errors, the validation every call passes on the host side
 *   (`parseBridgeCall`, `dispatchBridgeCall`), `ChamberBridge` (the renderer's
 *   `window.chamber`) and the transports' channel names and paths.
 */
export * from './bridge/contract.ts';
export * from './bridge/transport.ts';
export * from './bridge/accounts.ts';
export * from './bridge/meetings.ts';
export * from './bridge/sync.ts';
export * from './bridge/search.ts';
export * from './bridge/yjs.ts';
export * from './bridge/storage.ts';
export * from './bridge/meeting-session.ts';
export * from './bridge/clerk.ts';
export * from './bridge/minutes.ts';
