import { setTimeout as sleep } from 'node:timers/promises';
import { BUSY_TIMEOUT_MS, type Db } from './database.ts';

interface CheckpointResult {
  /** 1 when a writer or a reader of an older snapshot kept the checkpoint from finishing. */
  busy: number;
  log: number;
  checkpointed: number;
}

export interface WalTruncateOptions {
  attempts: number;
  waitMs: number;
}

/** About ten seconds: long enough for the Yjs writer's batch or a short report to finish, short enough to be told about. */
export const DEFAULT_WAL_TRUNCATE: WalTruncateOptions = { attempts: 50, waitMs: 200 };

interface WalLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Folds the WAL into the database and truncates it to nothing, retrying while
 * another connection (the Yjs log writer, a backup, `audit verify`) holds a
 * write lock or an older snapshot: until then the WAL keeps every page image
 * written since, such as each intermediate state of a secret vote's counters.
 * Each attempt fails at once instead of waiting on the busy handler, so the
 * event loop is never blocked; resolves to whether the WAL is now empty.
 */
export async function truncateWal(db: Db, log: WalLog, reason: string, options: WalTruncateOptions = DEFAULT_WAL_TRUNCATE): Promise<boolean> {
  let last: CheckpointResult | undefined;
  for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
    if (!db.open) return false;
    last = checkpointTruncateNow(db);
    if (last.busy === 0) {
      if (attempt > 1) log.info({ reason, attempts: attempt }, 'WAL truncated after waiting for other connections');
      return true;
    }
    await sleep(options.waitMs);
  }
  log.error(
    { reason, attempts: options.attempts, walFrames: last?.log, checkpointedFrames: last?.checkpointed },
    'Could not truncate the WAL: another connection kept an older snapshot or the write lock; earlier page images stay on disk until the next checkpoint',
  );
  return false;
}

function checkpointTruncateNow(db: Db): CheckpointResult {
  db.pragma('busy_timeout = 0');
  try {
    return (db.pragma('wal_checkpoint(TRUNCATE)') as CheckpointResult[])[0]!;
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}
