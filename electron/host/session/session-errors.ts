/**
 * How a failed call to the server reaches the renderer: a refusal is an answer
 * (its code names the reason), anything else means the server could not be
 * asked, which the UI reports as offline with nothing changed.
 */
import { BridgeError, type ServerRefusal } from '../../../common/bridge.ts';
import { RefusedError, UnauthorisedError } from '../sync/authority-client.ts';

export function refusalOf(error: unknown): ServerRefusal | null {
  return error instanceof RefusedError ? { code: error.code, message: error.reason } : null;
}

/** Turns a failure that is not a refusal into the bridge error the renderer shows. */
export function bridgeErrorOf(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error;
  if (error instanceof UnauthorisedError) return new BridgeError('unauthorised', `The server did not accept this sign-in: ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  return new BridgeError('offline', `The server could not be reached, so nothing was changed (${message}).`);
}
