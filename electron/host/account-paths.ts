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

export function accountKey(serverUrl: string, username: string): string {
  return createHash('sha256').update(`${serverUrl}\n${username}`).digest('hex').slice(0, 16);
}

export function accountPaths(dataDir: string, serverUrl: string, username: string): AccountPaths {
  const accountDir = path.join(dataDir, 'accounts', accountKey(serverUrl, username));
  return {
    accountDir,
    mirrorPath: path.join(accountDir, 'mirror.sqlite'),
    documentsDir: path.join(accountDir, 'documents'),
    tokenPath: path.join(accountDir, 'session-token'),
  };
}
