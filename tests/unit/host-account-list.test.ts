/**
 * The account list file: written atomically with mode 0600, read back
 * validated, and a damaged file kept aside (never overwritten) while the list
 * starts empty. Also the one spelling of a server address per account.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { accountKey, canonicalServerUrl } from '../../electron/host/account-paths.ts';
import { AccountListFile, type StoredAccount } from '../../electron/host/accounts/account-list.ts';
import { createHostLogger } from '../../electron/host/logger.ts';

const logger = createHostLogger();

function account(username: string): StoredAccount {
  const serverUrl = 'https://chamber.example-council.gov';
  return { id: accountKey(serverUrl, username), serverUrl, username, displayName: null, signedOut: false, embeddedServer: false, addedAt: '2026-11-27T10:00:00.000Z' };
}

function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-accounts-'));
  return run(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('accounts are kept, reread and made active', () =>
  withDir(async (dir) => {
    const list = await AccountListFile.open(dir, logger);
    await list.upsert(account('jsmith'));
    await list.upsert(account('clerk'));
    await list.setActive(account('clerk').id);
    await list.update(account('jsmith').id, { signedOut: true, displayName: 'Cllr J Smith' });
    assert.equal(statSync(list.filePath).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['accounts.json'], 'no temporary file left behind');

    const again = await AccountListFile.open(dir, logger);
    assert.equal(again.activeAccountId, account('clerk').id);
    assert.deepEqual(again.find(account('jsmith').id), { ...account('jsmith'), signedOut: true, displayName: 'Cllr J Smith' });
    await again.remove(account('clerk').id);
    assert.equal(again.activeAccountId, null, 'removing the active account leaves none active');
    await assert.rejects(again.setActive('0123456789abcdef'), /No account/);
  }));

test('a damaged list is kept aside and the app starts with an empty one', () =>
  withDir(async (dir) => {
    const file = path.join(dir, 'accounts.json');
    writeFileSync(file, '{"version":1,"activeAccountId":null,"accounts":[{"id":"not an id"}]}');
    const list = await AccountListFile.open(dir, logger);
    assert.deepEqual(list.accounts(), []);
    const aside = readdirSync(dir).find((name) => name.startsWith('accounts.json.unreadable-'));
    assert.ok(aside, 'the damaged file is kept');
    assert.match(readFileSync(path.join(dir, aside), 'utf8'), /not an id/);
  }));

test('one spelling per server address', () => {
  assert.equal(canonicalServerUrl('https://Chamber.Example-Council.gov/'), 'https://chamber.example-council.gov');
  assert.equal(canonicalServerUrl(' http://127.0.0.1:8080/chamber/?x=1#y '), 'http://127.0.0.1:8080/chamber');
  assert.equal(accountKey('https://chamber.example-council.gov/', 'a'), accountKey('https://chamber.example-council.gov', 'a'));
  assert.throws(() => canonicalServerUrl('ftp://chamber.example-council.gov'), /http/);
  assert.throws(() => canonicalServerUrl('chamber dot gov'));
});
