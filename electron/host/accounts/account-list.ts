/**
 * The accounts this app knows (`accounts.json` in the data folder): server,
 * username, last known display name, whether the user signed out, and which
 * one is active. Never a password or token (tokens live in each account's
 * TokenStore). Written atomically; validated on every read. A file that does
 * not validate is kept aside (never overwritten) and the list starts empty.
 */
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../../common/node/atomic-file.ts';
import type { HostLogger } from '../logger.ts';

export const StoredAccount = z
  .object({
    id: z.string().regex(/^[0-9a-f]{16}$/),
    serverUrl: z.string().url(),
    username: z.string().min(1),
    displayName: z.string().nullable(),
    /** Set by "sign out": the account stays listed (and its local copy on disk) but is not opened until signed in again. */
    signedOut: z.boolean(),
    embeddedServer: z.boolean(),
    addedAt: z.string(),
  })
  .strict();
export type StoredAccount = z.infer<typeof StoredAccount>;

const AccountsFile = z
  .object({
    version: z.literal(1),
    activeAccountId: z.string().nullable(),
    accounts: z.array(StoredAccount),
  })
  .strict();
type AccountsFile = z.infer<typeof AccountsFile>;

export class AccountListFile {
  private state: AccountsFile = { version: 1, activeAccountId: null, accounts: [] };
  readonly filePath: string;

  private constructor(dataDir: string) {
    this.filePath = path.join(dataDir, 'accounts.json');
  }

  static async open(dataDir: string, logger: HostLogger): Promise<AccountListFile> {
    const list = new AccountListFile(dataDir);
    let text: string | null = null;
    try {
      text = await readFile(list.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== null) {
      const parsed = safeJson(text);
      const checked = AccountsFile.safeParse(parsed);
      if (checked.success) {
        list.state = checked.data;
        if (!list.state.accounts.some((account) => account.id === list.state.activeAccountId)) list.state.activeAccountId = null;
      } else {
        // Keep the damaged file for whoever wants to look at it; the mirrors on disk are untouched.
        const aside = `${list.filePath}.unreadable-${Date.now()}`;
        await rename(list.filePath, aside);
        logger.warn({ file: aside }, 'the account list could not be read; kept it aside and started a new one');
      }
    }
    return list;
  }

  accounts(): readonly StoredAccount[] {
    return this.state.accounts;
  }

  find(id: string): StoredAccount | undefined {
    return this.state.accounts.find((account) => account.id === id);
  }

  get activeAccountId(): string | null {
    return this.state.activeAccountId;
  }

  /** Adds the account or updates its fields; keeps its place in the list. */
  async upsert(account: StoredAccount): Promise<void> {
    const index = this.state.accounts.findIndex((existing) => existing.id === account.id);
    const accounts = [...this.state.accounts];
    if (index === -1) accounts.push(account);
    else accounts[index] = { ...account, addedAt: accounts[index]?.addedAt ?? account.addedAt };
    await this.save({ ...this.state, accounts });
  }

  async update(id: string, change: Partial<Omit<StoredAccount, 'id'>>): Promise<void> {
    const accounts = this.state.accounts.map((account) => (account.id === id ? { ...account, ...change } : account));
    await this.save({ ...this.state, accounts });
  }

  async remove(id: string): Promise<void> {
    await this.save({
      ...this.state,
      activeAccountId: this.state.activeAccountId === id ? null : this.state.activeAccountId,
      accounts: this.state.accounts.filter((account) => account.id !== id),
    });
  }

  async setActive(id: string | null): Promise<void> {
    if (id !== null && !this.find(id)) throw new Error(`No account ${id}`);
    await this.save({ ...this.state, activeAccountId: id });
  }

  private async save(next: AccountsFile): Promise<void> {
    const checked = AccountsFile.parse(next);
    await writeFileAtomic(this.filePath, `${JSON.stringify(checked, null, 2)}\n`, 0o600);
    this.state = checked;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
