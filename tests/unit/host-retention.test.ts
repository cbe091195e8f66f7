/**
 * Migration 005 (retention) from an empty mirror and from version 4, and the
 * retention rule: what is evictable, what the cache still wants, and that
 * opening an evicted document makes it wanted again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Change, ChangePage } from '../../common/wire.ts';
import { migrate } from '../../electron/host/mirror/migrate.ts';
import { mirrorMigrations } from '../../electron/host/mirror/migrations/index.ts';
import { MirrorStore } from '../../electron/host/mirror/mirror-store.ts';
import { document, item, meeting, sha } from '../support/mirror-fixtures.ts';

const now = new Date('2026-11-27T10:00:00.000Z');
/** An old meeting (two years ago), a recent past one (last month) and an upcoming one, a paper each. */
function council(): ChangePage {
  const changes: Change[] = [
    { seq: 1, kind: 'committee', op: 'upsert', data: { id: 'c1', bodyId: 'b1', name: 'Planning' } },
    { seq: 2, kind: 'meeting', op: 'upsert', data: meeting('old', '2024-11-01T18:00:00.000Z') },
    { seq: 3, kind: 'meeting', op: 'upsert', data: meeting('recent', '2026-10-30T18:00:00.000Z') },
    { seq: 4, kind: 'meeting', op: 'upsert', data: meeting('next', '2026-12-10T18:00:00.000Z') },
  ];
  let seq = 5;
  for (const [index, id] of ['old', 'recent', 'next'].entries()) {
    changes.push({ seq: seq++, kind: 'item', op: 'upsert', data: item(`i-${id}`, id, 0) });
    changes.push({ seq: seq++, kind: 'document', op: 'upsert', data: document(`d-${id}`, `i-${id}`, index + 1) });
  }
  return { changes, nextSince: seq - 1, hasMore: false };
}

function withDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-retention-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('from an empty mirror: version 5, keep everything, 14 days for opened papers', () => {
  withDir((dir) => {
    const store = new MirrorStore(path.join(dir, 'mirror.sqlite'));
    try {
      // Migration 005 and every later one have run.
      assert.equal(store.db.pragma('user_version', { simple: true }), mirrorMigrations.at(-1)!.version);
      assert.deepEqual(store.retention.settings(), { keepPastMonths: null, keepOpenedDays: 14 });
    } finally {
      store.close();
    }
  });
});

test('from version 4: the mirror and its cache records are kept', () => {
  withDir((dir) => {
    const file = path.join(dir, 'mirror.sqlite');
    const db = new Database(file);
    migrate(db, mirrorMigrations.filter((migration) => migration.version <= 4));
    assert.equal(db.pragma('user_version', { simple: true }), 4);
    db.prepare("INSERT INTO committees (id, body_id, name) VALUES ('c1', 'b1', 'Planning')").run();
    db.prepare('INSERT INTO cached_files (sha256, size, verified_at) VALUES (?, 1000, ?)').run(sha(1), now.toISOString());
    db.close();
    const store = new MirrorStore(file);
    try {
      // Migration 005 and every later one have run.
      assert.equal(store.db.pragma('user_version', { simple: true }), mirrorMigrations.at(-1)!.version);
      assert.equal(store.cachedBytes(), 1000, 'cache records written by version 4 are kept');
      assert.equal(store.db.prepare('SELECT COUNT(*) FROM committees').pluck().get(), 1);
      assert.deepEqual(store.retention.settings(), { keepPastMonths: null, keepOpenedDays: 14 });
    } finally {
      store.close();
    }
  });
});

test('the retention rule: past meetings beyond the setting go, upcoming and recently opened stay', () => {
  withDir((dir) => {
    const store = new MirrorStore(path.join(dir, 'mirror.sqlite'));
    try {
      store.applyPage(council());
      for (const n of [1, 2, 3]) store.markCached(sha(n), 1000 * n, now.toISOString());
      assert.deepEqual(store.retention.evictable(now), [], 'by default nothing is evictable');

      store.retention.setSettings({ keepPastMonths: 6, keepOpenedDays: 7 });
      assert.deepEqual(store.retention.evictable(now), [{ sha256: sha(1), size: 1000 }], 'only the two-year-old meeting’s paper');

      store.retention.setSettings({ keepPastMonths: 1, keepOpenedDays: 7 });
      assert.deepEqual(store.retention.evictable(now).map((file) => file.sha256), [sha(1)], 'last month is within one month');

      // Evicted: no longer cached, and not wanted back either…
      store.unmarkCached(sha(1));
      assert.deepEqual(store.wantedFiles(now.toISOString()), []);
      // …until the user opens it: then it is wanted, and kept for the opened-days window.
      store.retention.markOpened(sha(1), now);
      assert.deepEqual(store.wantedFiles(now.toISOString()).map((file) => file.sha256), [sha(1)]);
      store.markCached(sha(1), 1000, now.toISOString());
      assert.deepEqual(store.retention.evictable(now), []);
      store.retention.setSettings({ keepPastMonths: 6, keepOpenedDays: 7 });
      const weekLater = new Date(now.getTime() + 8 * 86_400_000);
      assert.deepEqual(store.retention.evictable(weekLater).map((file) => file.sha256), [sha(1)], 'opened more than 7 days ago');

      const meetings = store.retention.meetings(now);
      assert.deepEqual(
        meetings.map((m) => [m.meetingId, m.upcoming, m.documents, m.cachedDocuments, m.cachedBytes, m.totalBytes]),
        [
          ['next', true, 1, 1, 3000, 3000],
          ['recent', false, 1, 1, 2000, 2000],
          ['old', false, 1, 1, 1000, 1000],
        ],
      );
    } finally {
      store.close();
    }
  });
});
