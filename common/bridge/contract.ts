/**
 * The whole bridge: the composition of its capability parts, the way Actual
 * Budget's `Handlers` extends each server module's handlers. Every type the
 * host implements and the renderer calls is derived from `bridgeMethods` and
 * `bridgeEvents`, so a method's arguments and result are declared once.
 *
 * Adding a capability (e.g. `minutes`, `clerk`, `paperSaved`):
 * 1. `common/bridge/<capability>.ts`: its data shapes, `defineMethods({...})`
 *    (zod arguments + `.returns<Result>()`), `defineEvents({...})` if it has
 *    events, and `export type <Capability>Handlers = HandlersOf<typeof ...>`.
 * 2. Spread its methods and events below, and `export *` it from common/bridge.ts.
 * 3. In the host, an object typed `<Capability>Handlers` (account-host.ts for
 *    per-account data), spread into the desktop host's map: `satisfies
 *    BridgeHandlers` fails until every method is handled.
 * The transports carry new methods and events without change.
 */
import { accountsEvents, accountsMethods } from './accounts.ts';
import { clerkEvents, clerkMethods } from './clerk.ts';
import { namesOf, type ArgsOf, type HandlersOf, type InputOf, type PayloadsOf, type ResultOf } from './define.ts';
import { meetingSessionEvents, meetingSessionMethods } from './meeting-session.ts';
import { meetingsEvents, meetingsMethods } from './meetings.ts';
import { minutesMethods } from './minutes.ts';
import { searchEvents, searchMethods } from './search.ts';
import { storageMethods } from './storage.ts';
import { syncEvents, syncMethods } from './sync.ts';
import { yjsEvents, yjsMethods } from './yjs.ts';

export const bridgeMethods = {
  ...accountsMethods,
  ...meetingsMethods,
  ...syncMethods,
  ...searchMethods,
  ...yjsMethods,
  ...storageMethods,
  ...meetingSessionMethods,
  ...clerkMethods,
  ...minutesMethods,
};

export const bridgeEvents = {
  ...accountsEvents,
  ...meetingsEvents,
  ...syncEvents,
  ...searchEvents,
  ...yjsEvents,
  ...meetingSessionEvents,
  ...clerkEvents,
};

type BridgeMethods = typeof bridgeMethods;
export type BridgeMethod = keyof BridgeMethods;
/** What a handler receives (validated, defaults applied). */
export type BridgeArgsOf<M extends BridgeMethod> = ArgsOf<BridgeMethods[M]>;
/** What a caller passes. */
export type BridgeInputOf<M extends BridgeMethod> = InputOf<BridgeMethods[M]>;
/** What each method resolves to. */
export type BridgeResults = { [M in BridgeMethod]: ResultOf<BridgeMethods[M]> };
/** The host's implementation contract: one async function per method. */
export type BridgeHandlers = HandlersOf<BridgeMethods>;

export type BridgeEvents = PayloadsOf<typeof bridgeEvents>;
export type BridgeEvent = keyof BridgeEvents;
export const bridgeEventNames = namesOf(bridgeEvents);
