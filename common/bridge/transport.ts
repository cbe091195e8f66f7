/**
 * What carries the bridge, whichever transport (Electron IPC via the preload,
 * or browser mode's loopback HTTP + WebSocket): the errors a call rejects with,
 * the validation every call passes on the host side, the renderer's global and
 * the transports' channel names and paths.
 */
import { z } from 'zod';
import { bridgeMethods, type BridgeEvent, type BridgeEvents, type BridgeHandlers, type BridgeInputOf, type BridgeMethod, type BridgeResults } from './contract.ts';

/** Error codes a bridge call can reject with; the message is for people. */
export const BridgeErrorCode = z.enum([
  'invalid-arguments',
  'unknown-method',
  'not-found',
  'not-cached',
  'unauthorised',
  'offline',
  /** Too many failed sign-ins: the server asks to wait. */
  'throttled',
  /** The address answers, but not as a Chamber server. */
  'not-chamber-server',
  /** No account is active: sign in first. */
  'no-account',
  /** Plain http:// to another computer, not explicitly allowed: the password would cross the network readable. */
  'insecure-http',
  'internal',
]);
export type BridgeErrorCode = z.infer<typeof BridgeErrorCode>;

export const BridgeErrorPayload = z.object({ code: BridgeErrorCode, message: z.string() });
export type BridgeErrorPayload = z.infer<typeof BridgeErrorPayload>;

export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
  toPayload(): BridgeErrorPayload {
    return { code: this.code, message: this.message };
  }
}

/** The renderer's global, `window.chamber`; the Electron preload and the browser-mode client both `satisfies` it. */
export interface ChamberBridge {
  invoke<M extends BridgeMethod>(method: M, args: BridgeInputOf<M>): Promise<BridgeResults[M]>;
  /** Returns an unsubscribe function. */
  on<E extends BridgeEvent>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
  /** Headers to send when fetching an opened document's path (browser mode's token); none in Electron. */
  readonly documentRequestHeaders?: Readonly<Record<string, string>>;
}

export function isBridgeMethod(name: string): name is BridgeMethod {
  return Object.prototype.hasOwnProperty.call(bridgeMethods, name);
}

/**
 * Validate a call's method and arguments. Every transport calls this on the
 * host side before a handler runs.
 */
export function parseBridgeCall(method: unknown, args: unknown): { method: BridgeMethod; args: unknown } {
  if (typeof method !== 'string' || !isBridgeMethod(method)) {
    throw new BridgeError('unknown-method', `Unknown bridge method: ${String(method).slice(0, 80)}`);
  }
  const parsed = bridgeMethods[method].args.safeParse(args ?? {});
  if (!parsed.success) {
    throw new BridgeError('invalid-arguments', `Invalid arguments for ${method}: ${z.prettifyError(parsed.error)}`);
  }
  return { method, args: parsed.data };
}

/** Dispatch a validated call to the handler map (keeps the per-method typing in one place). */
export async function dispatchBridgeCall(handlers: BridgeHandlers, method: unknown, args: unknown): Promise<unknown> {
  const call = parseBridgeCall(method, args);
  // The arguments were validated against this method's schema just above.
  const handler = handlers[call.method] as (validArgs: unknown) => Promise<unknown>;
  return handler(call.args);
}

/** Names of the IPC channels the Electron transport uses. */
export const ipcChannels = {
  invoke: 'chamber:invoke',
  event: 'chamber:event',
} as const;

/** Paths of the loopback transport used in browser mode. */
export const browserBridgePaths = {
  invoke: (method: BridgeMethod) => `/bridge/invoke/${method}`,
  events: '/bridge/events',
  tokenHeader: 'x-chamber-token',
  /** WebSocket subprotocol prefix carrying the token (browsers cannot set headers on WebSockets). */
  tokenProtocolPrefix: 'chamber-token.',
  /** POST `BrowserCodeExchange`: a one-time code (the opened address's `#code=`) traded for the token. */
  exchange: '/bridge/exchange',
  /** POST, no body: prints a new one-time code's address in the terminal running Chamber; never answers with it. */
  newLink: '/bridge/new-link',
  /** The fragment parameter carrying the one-time code. */
  codeFragment: 'code',
} as const;

/** A one-time code as the launcher prints it: 32 random bytes, base64url. */
export const BrowserCode = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a one-time code');
export const BrowserCodeExchange = z.object({ code: BrowserCode }).strict();
export const BrowserCodeExchangeAnswer = z.object({ token: z.string().min(1) });
