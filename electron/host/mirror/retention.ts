/**
 * The document cache's retention rule (migration 005), in one place for both
 * sides of it: which files the cache downloads, and which it may evict.
 *
 * A file is kept when a meeting that uses it starts after the cut-off
 * (`keep_past_months` before now; upcoming meetings are always after it), or
 * when the user opened it within `keep_opened_days`. With no cut-off every
 * file is kept (the default: nothing is ever evicted unless the user asks).
 */
import type { Database } from 'better-sqlite3';
import type { MeetingStorage, RetentionSettings } from '../../../common/bridge.ts';

/** SQL true when the file `<sha>` is kept; needs the parameters of `keptParams`. */
export function keptFileCondition(sha: string): string {
  return `(@pastCutoff IS NULL
    OR EXISTS (SELECT 1 FROM documents kd JOIN meetings km ON km.id = kd.meeting_id
               WHERE kd.sha256 = ${sha} AND km.starts_at >= @pastCutoff)
    OR EXISTS (SELECT 1 FROM file_opened fo WHERE fo.sha256 = ${sha} AND fo.opened_at >= @openedSince))`;
}

export interface KeptParams {
  pastCutoff: string | null;
  openedSince: string;
}

export function keptParams(settings: RetentionSettings, now: Date): KeptParams {
  let pastCutoff: string | null = null;
  if (settings.keepPastMonths !== null) {
    const cutoff = new Date(now);
    cutoff.setUTCMonth(cutoff.getUTCMonth() - settings.keepPastMonths);
    pastCutoff = cutoff.toISOString();
  }
  return { pastCutoff, openedSince: new Date(now.getTime() - settings.keepOpenedDays * 86_400_000).toISOString() };
}

export class RetentionStore {
  constructor(private readonly db: Database) {}

  settings(): RetentionSettings {
    const row = this.db.prepare('SELECT keep_past_months, keep_opened_days FROM storage_settings WHERE id = 1').get() as {
      keep_past_months: number | null;
      keep_opened_days: number;
    };
    return { keepPastMonths: row.keep_past_months, keepOpenedDays: row.keep_opened_days };
  }

  setSettings(settings: RetentionSettings): void {
    this.db
      .prepare('UPDATE storage_settings SET keep_past_months = ?, keep_opened_days = ? WHERE id = 1')
      .run(settings.keepPastMonths, settings.keepOpenedDays);
  }

  params(now: Date): KeptParams {
    return keptParams(this.settings(), now);
  }

  /** The user opened (or asked for) this file: keep it, or fetch it again if it was evicted. */
  markOpened(sha256: string, at: Date): void {
    this.db
      .prepare('INSERT INTO file_opened (sha256, opened_at) VALUES (?, ?) ON CONFLICT (sha256) DO UPDATE SET opened_at = excluded.opened_at')
      .run(sha256, at.toISOString());
  }

  /** Cached files still referenced by the mirror that the rule no longer keeps. */
  evictable(now: Date): { sha256: string; size: number }[] {
    return this.db
      .prepare(
        `SELECT cf.sha256 AS sha256, cf.size AS size FROM cached_files cf
         WHERE cf.sha256 IN (SELECT sha256 FROM documents) AND NOT ${keptFileCondition('cf.sha256')}
         ORDER BY cf.sha256`,
      )
      .all(this.params(now)) as { sha256: string; size: number }[];
  }

  /** Per meeting, newest first: its documents and the bytes of their files (on disk and in all). */
  meetings(now: Date): MeetingStorage[] {
    const rows = this.db
      .prepare(
        `SELECT m.id AS meetingId, m.title AS title, m.starts_at AS startsAt,
           COUNT(d.id) AS documents, COUNT(cf.sha256) AS cachedDocuments
         FROM meetings m
         LEFT JOIN documents d ON d.meeting_id = m.id
         LEFT JOIN cached_files cf ON cf.sha256 = d.sha256
         GROUP BY m.id
         ORDER BY m.starts_at DESC, m.id`,
      )
      .all() as Omit<MeetingStorage, 'upcoming' | 'cachedBytes' | 'totalBytes'>[];
    // Each file once per meeting, even when two documents of the meeting share it.
    const files = this.db
      .prepare(
        `SELECT DISTINCT d.meeting_id AS meetingId, d.sha256 AS sha256, d.size AS size, (cf.sha256 IS NOT NULL) AS cached
         FROM documents d LEFT JOIN cached_files cf ON cf.sha256 = d.sha256`,
      )
      .all() as { meetingId: string; sha256: string; size: number; cached: number }[];
    const bytes = new Map<string, { cached: number; total: number }>();
    for (const file of files) {
      const entry = bytes.get(file.meetingId) ?? { cached: 0, total: 0 };
      entry.total += file.size;
      if (file.cached === 1) entry.cached += file.size;
      bytes.set(file.meetingId, entry);
    }
    const nowIso = now.toISOString();
    return rows.map((row) => ({
      ...row,
      upcoming: row.startsAt >= nowIso,
      cachedBytes: bytes.get(row.meetingId)?.cached ?? 0,
      totalBytes: bytes.get(row.meetingId)?.total ?? 0,
    }));
  }
}
