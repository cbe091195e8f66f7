/**
 * Where the host keeps its server session token between runs. The Electron
 * main process supplies a safeStorage-backed store through the same interface;
 * the default is a file only the user can read.
 */
import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../../common/node/atomic-file.ts';

export interface TokenStore {
  get(): Promise<string | null>;
  set(token: string): Promise<void>;
  clear(): Promise<void>;
}

export class FileTokenStore implements TokenStore {
  constructor(private readonly filePath: string) {}

  async get(): Promise<string | null> {
    try {
      const token = (await readFile(this.filePath, 'utf8')).trim();
      return token.length > 0 ? token : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async set(token: string): Promise<void> {
    // A crash never leaves half a token; mode 0600 from the first byte.
    await writeFileAtomic(this.filePath, token, 0o600);
  }

  async clear(): Promise<void> {
    await rm(this.filePath, { force: true });
  }
}

/** Makes the token store of one account from its token file's path (Electron wraps it in safeStorage). */
export type TokenStoreFactory = (tokenPath: string) => TokenStore;

export const fileTokenStores: TokenStoreFactory = (tokenPath) => new FileTokenStore(tokenPath);
