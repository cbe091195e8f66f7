/**
 * Where one account's local state lives: one folder per (server, username), so
 * two accounts (or one name on two councils' servers) never share a mirror.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

export interface AccountPaths {
  accountDir: string;
  mirrorPath: string;
  documentsDir: string;
  tokenPath: string;
}

/**
 * One spelling per server: `https://Council.example/` and `https://council.example` are the same account.
 * Throws on anything that is not an http(s) URL.
 */
export function canonicalServerUrl(serverUrl: string): string {
  const url = new URL(serverUrl.trim());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`Not an http(s) address: ${serverUrl}`);
  url.hash = '';
  url.search = '';
  return url.href.replace(/\/+$/, '');
}

export function accountKey(serverUrl: string, username: string): string {
  return createHash('sha256').update(`${canonicalServerUrl(serverUrl)}\n${username}`).digest('hex').slice(0, 16);
}

export function accountPaths(dataDir: string, serverUrl: string, username: string): AccountPaths {
  return accountPathsById(dataDir, accountKey(serverUrl, username));
}

export function accountPathsById(dataDir: string, accountId: string): AccountPaths {
  const accountDir = path.join(dataDir, 'accounts', accountId);
  return {
    accountDir,
    mirrorPath: path.join(accountDir, 'mirror.sqlite'),
    documentsDir: path.join(accountDir, 'documents'),
    tokenPath: path.join(accountDir, 'session-token'),
  };
}
