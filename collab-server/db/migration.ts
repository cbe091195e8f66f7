import type { Database } from 'better-sqlite3';

/** One numbered schema step. Migrations only ever get appended; a shipped one is never edited. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
