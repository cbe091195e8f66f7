import { BridgeErrorCode } from '../../../common/bridge.ts';

/**
 * The bridge error code of a rejection, whichever transport it crossed. Errors
 * that crossed Electron's contextBridge lose their class, so we read the
 * `code` property instead of relying on `instanceof BridgeError`.
 */
export function bridgeErrorCode(error: unknown): BridgeErrorCode | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const parsed = BridgeErrorCode.safeParse(error.code);
  return parsed.success ? parsed.data : null;
}
