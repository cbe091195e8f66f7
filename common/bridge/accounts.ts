/**
 * Bridge part: the accounts this app knows (one server + username each) and
 * the session the renderer shows. Answered by the desktop host itself, not by
 * the active account.
 */
import { z } from 'zod';
import type { UserProfile } from '../wire.ts';
import { NoArgs, defineEvents, defineMethods, event, method, type HandlersOf } from './define.ts';

export interface SessionInfo {
  /** The active account's server; null when no account is active (the accounts screen shows). */
  serverUrl: string | null;
  /** True when the active account is on the authority server `npm start` started in-process (demo council). */
  embeddedServer: boolean;
  user: UserProfile | null;
  account: AccountSummary | null;
}

/** One server + username the app knows; each has its own mirror and document cache. */
export interface AccountSummary {
  /** Stable per server URL and username (also names the account's data folder). */
  id: string;
  serverUrl: string;
  username: string;
  /** As the server last reported it; null before the first sign-in completed. */
  displayName: string | null;
  active: boolean;
  /** False after "sign out" (or when the server refused the stored session): signing in again is needed to sync. */
  signedIn: boolean;
  /** True for the demo council's server that `npm start` runs in-process. */
  embeddedServer: boolean;
}

/**
 * Where this computer keeps the accounts' session tokens (never a password):
 * - `keyring`: encrypted with the OS keychain (macOS Keychain, Windows DPAPI, a Linux Secret Service or KWallet);
 * - `file`: in a file only this user account can read (browser mode: a plain Node process has no keychain);
 * - `file-no-keyring`: the same, because Electron found no keyring on this Linux desktop.
 */
export type TokenStorage = 'keyring' | 'file' | 'file-no-keyring';

export interface AccountList {
  accounts: AccountSummary[];
  activeAccountId: string | null;
  /** The same for every account; the accounts screen says what it means. */
  tokenStorage: TokenStorage;
}

/** An account's id as `accounts.list` gives it. */
const AccountRef = z.object({ accountId: z.string().regex(/^[0-9a-f]{16}$/, 'an account id from accounts.list') }).strict();

export const accountsMethods = defineMethods({
  'session.get': method(NoArgs).returns<SessionInfo>(),
  /** Every account this app knows, the active one marked. */
  'accounts.list': method(NoArgs).returns<AccountList>(),
  /**
   * Refuses plain http:// to another computer unless `allowInsecure`. Checks the server (`/api/v1/health`), signs in, keeps the session token (never the password), opens that
   * account's mirror and makes it active.
   */
  'accounts.signIn': method(
    z
      .object({
        serverUrl: z
          .string()
          .trim()
          .max(2000)
          .refine((text) => {
            try {
              return ['http:', 'https:'].includes(new URL(text).protocol);
            } catch {
              return false;
            }
          }, 'an http(s) address such as https://chamber.example-council.gov'),
        username: z.string().trim().min(1).max(200),
        password: z.string().min(1).max(1000),
        /** The user confirmed plain http:// to a server that is not this computer (refused otherwise: `insecure-http`). */
        allowInsecure: z.boolean().optional(),
      })
      .strict(),
  ).returns<AccountList>(),
  /** Makes another signed-in account active: the old one's sync, replicas and mirror close first. */
  'accounts.switch': method(AccountRef).returns<AccountList>(),
  /** Ends the server session and forgets the token; the local copy stays on disk until the account is removed. */
  'accounts.signOut': method(AccountRef).returns<AccountList>(),
  /** Signs out and deletes the account's mirror and cached documents. */
  'accounts.remove': method(AccountRef).returns<AccountList>(),
});
export type AccountsHandlers = HandlersOf<typeof accountsMethods>;

export const accountsEvents = defineEvents({
  /** Another account became active (or none): everything on screen belongs to the old one, so re-query it all. */
  'accounts.changed': event<AccountList>(),
  /**
   * What `session.get` answers has changed: the server confirmed who the account is (a first sign-in against a
   * slow server ends after the window is up), or an account was signed in, switched to or signed out of.
   */
  'session.changed': event<SessionInfo>(),
});
