/**
 * Where the host keeps its server session token between runs. The default is
 * a file only the user can read (browser mode, tests); the Electron main
 * process encrypts it with the OS keychain through `EncryptedFileTokenStore`,
 * except where Electron found no keychain (`electronTokenStorage`).
 */
import { readFile, rm } from 'node:fs/promises';
import type { TokenStorage } from '../../common/bridge.ts';
import { writeFileAtomic } from '../../common/node/atomic-file.ts';

export type { TokenStorage } from '../../common/bridge.ts';

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

/** The OS keychain's encryption as the host sees it (Electron's asynchronous `safeStorage` API behind it). */
export interface TokenCipher {
  encrypt(plainText: string): Promise<Buffer>;
  /** `reEncrypt`: the keychain rotated its key or has a better one; the token should be stored again. */
  decrypt(sealed: Buffer): Promise<{ plainText: string; reEncrypt: boolean }>;
  /** True when a failed decryption may work later (a keyring not unlocked yet): the stored token is kept. */
  isTemporaryFailure(error: unknown): boolean;
}

/** The token encrypted by the OS keychain, base64 in a 0600 file. */
export class EncryptedFileTokenStore implements TokenStore {
  private readonly file: FileTokenStore;

  constructor(
    filePath: string,
    private readonly cipher: TokenCipher,
  ) {
    this.file = new FileTokenStore(filePath);
  }

  async get(): Promise<string | null> {
    const stored = await this.file.get();
    if (stored === null) return null;
    let opened: { plainText: string; reEncrypt: boolean };
    try {
      opened = await this.cipher.decrypt(Buffer.from(stored, 'base64'));
    } catch (error) {
      // Locked for now: no session this time, the token stays for the next.
      if (this.cipher.isTemporaryFailure(error)) return null;
      // The keychain changed (new login keyring, another machine): sign in again.
      await this.file.clear();
      return null;
    }
    if (opened.reEncrypt) await this.set(opened.plainText);
    return opened.plainText;
  }

  async set(token: string): Promise<void> {
    await this.file.set((await this.cipher.encrypt(token)).toString('base64'));
  }

  clear(): Promise<void> {
    return this.file.clear();
  }
}

/**
 * How the Electron shell keeps tokens. With a keychain (macOS Keychain, Windows
 * DPAPI, a Linux Secret Service or KWallet) they are encrypted with it. On a Linux
 * desktop where Chromium found none, `safeStorage.getSelectedStorageBackend()`
 * is `basic_text`: safeStorage would "encrypt" with a key written in Chromium's
 * source, which protects nothing. Then the token goes to a file only this user
 * account can read, as in browser mode, and the accounts screen says so
 * (`file-no-keyring`) instead of pretending. `unknown` (asked before `ready`) counts as none.
 */
export function electronTokenStorage(platform: NodeJS.Platform, linuxBackend: string | null): Extract<TokenStorage, 'keyring' | 'file-no-keyring'> {
  if (platform !== 'linux') return 'keyring';
  return linuxBackend === null || linuxBackend === 'basic_text' || linuxBackend === 'unknown' ? 'file-no-keyring' : 'keyring';
}

/** Makes the token store of one account from its token file's path (Electron wraps it in safeStorage). */
export type TokenStoreFactory = (tokenPath: string) => TokenStore;

export const fileTokenStores: TokenStoreFactory = (tokenPath) => new FileTokenStore(tokenPath);
