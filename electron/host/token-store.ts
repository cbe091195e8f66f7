/**
 * Where the host keeps its server session token between runs. The Electron
 * main process supplies a safeStorage-backed store through the same interface;
 * the default is a file only the user can read.
 */
import { chmod, mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';

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
    await mkdir(path.dirname(this.filePath), { recursive: true, mode: 0o700 });
    // Write beside and rename, so a crash never leaves half a token; mode 0600 from the first byte.
    const temporary = `${this.filePath}.tmp`;
    await writeFile(temporary, token, { encoding: 'utf8', mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.filePath);
  }

  async clear(): Promise<void> {
    await rm(this.filePath, { force: true });
  }
}
