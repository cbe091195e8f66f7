/**
 * The audit chain's HMAC keys, kept outside the database: whoever can write
 * the database but not read this file can neither extend nor recompute the
 * chain. One JSON file in the data folder, mode 0600, holding every key the
 * chain has used (oldest first) so that `audit verify` can check each part.
 * An OS keyring would serve too; a server folder readable only by the
 * server's account is what every platform has.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../common/node/atomic-file.ts';

export const AUDIT_KEY_FILE = 'audit-key.json';

const KeyFile = z.object({
  format: z.literal(1),
  keys: z
    .array(z.object({ id: z.string().regex(/^[0-9a-f]{16}$/), createdAt: z.string(), secret: z.string().regex(/^[A-Za-z0-9+/]{43}=$/) }))
    .min(1),
});
type KeyFile = z.infer<typeof KeyFile>;

export function auditKeyFile(dataDir: string): string {
  return path.join(dataDir, AUDIT_KEY_FILE);
}

export class AuditKeyError extends Error {}

/** The keys of one data folder; re-reads the file for a key it does not know (rotated by the CLI while the server runs). */
export class AuditKeyring {
  private keys: KeyFile['keys'];

  private constructor(
    readonly file: string,
    content: KeyFile,
  ) {
    this.keys = content.keys;
  }

  /** Reads the key file, refusing one that others may read or write. Undefined when there is none. */
  static read(dataDir: string): AuditKeyring | undefined {
    const file = auditKeyFile(dataDir);
    if (!existsSync(file)) return undefined;
    return new AuditKeyring(file, readKeyFile(file));
  }

  /** The data folder's keys; makes the first key on a folder that has none. */
  static async open(dataDir: string): Promise<AuditKeyring> {
    const existing = AuditKeyring.read(dataDir);
    if (existing) return existing;
    const file = auditKeyFile(dataDir);
    const content: KeyFile = { format: 1, keys: [newKey()] };
    await writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`, 0o600);
    return new AuditKeyring(file, content);
  }

  /** The key most recently made: the one a newly keyed chain starts with. */
  get newestKeyId(): string {
    return this.keys.at(-1)!.id;
  }

  /** The secret of a key, or undefined when the file (read again) does not hold it. */
  secretOf(keyId: string): Buffer | undefined {
    let key = this.keys.find((candidate) => candidate.id === keyId);
    if (!key) {
      this.keys = readKeyFile(this.file).keys;
      key = this.keys.find((candidate) => candidate.id === keyId);
    }
    return key ? Buffer.from(key.secret, 'base64') : undefined;
  }

  /** Adds a new key to the file (old ones stay, to verify the older part of the chain); returns its id. */
  async addKey(): Promise<string> {
    const key = newKey();
    const content: KeyFile = { format: 1, keys: [...readKeyFile(this.file).keys, key] };
    await writeFileAtomic(this.file, `${JSON.stringify(content, null, 2)}\n`, 0o600);
    this.keys = content.keys;
    return key.id;
  }
}

function newKey(): KeyFile['keys'][number] {
  return { id: randomBytes(8).toString('hex'), createdAt: new Date().toISOString(), secret: randomBytes(32).toString('base64') };
}

function readKeyFile(file: string): KeyFile {
  // Windows has no POSIX modes; there the folder's ACL is what protects the file.
  if (process.platform !== 'win32') {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new AuditKeyError(
        `The audit key file ${file} may be read or changed by other users (mode ${mode.toString(8).padStart(4, '0')}); ` +
          `anyone who can read it can rewrite the audit log undetected. Run "chmod 600 ${file}" and start again.`,
      );
    }
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AuditKeyError(`The audit key file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the server must run as the account that owns it.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const content = KeyFile.safeParse(parsed);
  if (!content.success) throw new AuditKeyError(`The audit key file ${file} is not a Chamber audit key file; restore it from your backup.`);
  return content.data;
}
