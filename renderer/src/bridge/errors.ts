import { BridgeErrorCode } from '../../../common/bridge.ts';

/** A failed bridge call as the UI needs it: the code (when there is one) and a message for people. */
export interface BridgeFailure {
  code: BridgeErrorCode | null;
  message: string;
}

/**
 * Reads a rejection whichever transport it crossed. Electron's preload rejects
 * with a plain `{ name, code, message }` object (contextBridge would strip an
 * Error down to its message), browser mode with a BridgeError, so we look at
 * the properties rather than `instanceof`.
 */
export function toBridgeFailure(error: unknown): BridgeFailure {
  if (typeof error === 'object' && error !== null) {
    const code = 'code' in error ? BridgeErrorCode.safeParse(error.code) : null;
    const message = 'message' in error && typeof error.message === 'string' ? error.message : String(error);
    return { code: code?.success ? code.data : null, message };
  }
  return { code: null, message: String(error) };
}
