/**
 * Signing in from the accounts screen: first ask the address whether it is a
 * Chamber server at all (`/api/v1/health`), then log in. Every failure becomes
 * a bridge error whose code the screen turns into a sentence the user can act
 * on: bad address, plain HTTP to another computer, unreachable, not Chamber,
 * wrong password, throttled.
 */
import { BridgeError } from '../../../common/bridge.ts';
import type { LoginResponse } from '../../../common/wire.ts';
import { canonicalServerUrl } from '../account-paths.ts';
import { isRefusedPlainHttp, plainHttpRefusalMessage } from './plain-http.ts';
import { AuthorityClient, ProtocolError, ServerUnavailableError, ThrottledError, UnauthorisedError } from '../sync/authority-client.ts';

export interface SignedIn {
  serverUrl: string;
  login: LoginResponse;
}

export async function signInToServer(serverUrlText: string, username: string, password: string, allowInsecure = false): Promise<SignedIn> {
  let serverUrl: string;
  try {
    serverUrl = canonicalServerUrl(serverUrlText);
  } catch {
    throw new BridgeError('invalid-arguments', `“${serverUrlText}” is not a web address (https://…)`);
  }
  // Before connecting: even the health check would announce the user's intent in clear.
  if (isRefusedPlainHttp(serverUrl, allowInsecure)) throw new BridgeError('insecure-http', plainHttpRefusalMessage(serverUrl));
  const client = new AuthorityClient(serverUrl);
  try {
    await client.health();
  } catch (error) {
    if (error instanceof ProtocolError) {
      throw new BridgeError('not-chamber-server', `${serverUrl} answers, but not as a Chamber server`);
    }
    throw new BridgeError('offline', `Cannot reach ${serverUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return { serverUrl, login: await client.login(username, password) };
  } catch (error) {
    if (error instanceof UnauthorisedError) throw new BridgeError('unauthorised', 'Wrong username or password');
    if (error instanceof ThrottledError) throw new BridgeError('throttled', error.message);
    if (error instanceof ServerUnavailableError) throw new BridgeError('offline', error.message);
    throw new BridgeError('not-chamber-server', error instanceof Error ? error.message : String(error));
  }
}
