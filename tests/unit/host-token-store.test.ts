/**
 * Where the session token is kept: the keychain-encrypted file the Electron
 * shell uses (with a stand-in cipher: safeStorage needs Electron's binary), and
 * the choice that sends it to a plain 0600 file, reported to the user, on a
 * Linux desktop without a keyring.
 */
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { EncryptedFileTokenStore, electronTokenStorage, type TokenCipher } from '../../electron/host/token-store.ts';

/** AES-256-GCM with a key of its own, as a keychain's would be; `rotate()` makes the next decryption ask for re-encryption. */
function standInKeychain(): TokenCipher & { rotate(): void; failNext(message: string): void; encryptions: number } {
  const key = randomBytes(32);
  let rotated = false;
  let failure: string | null = null;
  return {
    encryptions: 0,
    rotate() {
      rotated = true;
    },
    failNext(message) {
      failure = message;
    },
    async encrypt(plainText) {
      this.encryptions += 1;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decrypt(sealed) {
      if (failure !== null) {
        const message = failure;
        failure = null;
        throw new Error(message);
      }
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      const plainText = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
      const reEncrypt = rotated;
      rotated = false;
      return { plainText, reEncrypt };
    },
    isTemporaryFailure: (error) => error instanceof Error && /temporarily unavailable/.test(error.message),
  };
}

function tempFile(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-token-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'account', 'token.safe');
}

test('a Linux desktop without a keyring keeps tokens in a plain private file, and says so', () => {
  assert.equal(electronTokenStorage('linux', 'basic_text'), 'file-no-keyring');
  assert.equal(electronTokenStorage('linux', 'unknown'), 'file-no-keyring', 'asked before ready: no keyring known');
  assert.equal(electronTokenStorage('linux', null), 'file-no-keyring');
  for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) assert.equal(electronTokenStorage('linux', backend), 'keyring', backend);
  assert.equal(electronTokenStorage('darwin', null), 'keyring');
  assert.equal(electronTokenStorage('win32', null), 'keyring');
});

test('the encrypted store never writes the token itself, and reads it back', async (t) => {
  const file = tempFile(t);
  const keychain = standInKeychain();
  const store = new EncryptedFileTokenStore(file, keychain);
  assert.equal(await store.get(), null, 'nothing stored yet');
  const token = 'session-token-0123456789abcdef';
  await store.set(token);
  assert.doesNotMatch(readFileSync(file, 'utf8'), new RegExp(token));
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
  assert.equal(await new EncryptedFileTokenStore(file, keychain).get(), token);
  await store.clear();
  assert.equal(existsSync(file), false);
});

test('a rotated keychain key re-encrypts the stored token on reading', async (t) => {
  const file = tempFile(t);
  const keychain = standInKeychain();
  const store = new EncryptedFileTokenStore(file, keychain);
  await store.set('token-a');
  const before = readFileSync(file, 'utf8');
  keychain.rotate();
  assert.equal(await store.get(), 'token-a');
  assert.equal(keychain.encryptions, 2);
  assert.notEqual(readFileSync(file, 'utf8'), before, 'stored again');
  assert.equal(await store.get(), 'token-a');
});

test('a keyring locked for now keeps the token; one that cannot decrypt it drops it (sign in again)', async (t) => {
  const file = tempFile(t);
  const keychain = standInKeychain();
  const store = new EncryptedFileTokenStore(file, keychain);
  await store.set('token-b');
  keychain.failNext('safeStorage.decryptStringAsync is temporarily unavailable. Please try again.');
  assert.equal(await store.get(), null);
  assert.equal(existsSync(file), true, 'kept for the next try');
  assert.equal(await store.get(), 'token-b');
  // Another machine's or an old keychain's ciphertext.
  writeFileSync(file, Buffer.from('v11 not ours').toString('base64'), { mode: 0o600 });
  assert.equal(await store.get(), null);
  assert.equal(existsSync(file), false);
});
