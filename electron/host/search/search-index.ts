/**
 * The mirror's full-text index of document pages (FTS5, migration 003):
 * which cached documents still need reading, storing their text, and
 * answering `search.query`. User input is plain text: every term is quoted,
 * so FTS5 syntax typed by a user is searched for, never interpreted.
 */
import type { Database } from 'better-sqlite3';
import type { SearchIndexProgress, SearchResults } from '../../../common/bridge.ts';
import { keptFileCondition, RetentionStore } from '../mirror/retention.ts';

/** A cached, current document whose text is not indexed yet. */
export interface PendingDocument {
  documentId: string;
  sha256: string;
}

/** A pending document with what decides when it is read: the next meeting's papers come first. */
export interface QueuedDocument extends PendingDocument {
  /** Its meeting has not started yet: members search these first, so they are read without waiting for downloads. */
  upcoming: boolean;
}

/** At most this many not-yet-searchable papers are named in a progress report (the counts cover them all). */
const WAITING_NAMED = 20;

/**
 * Reading order: upcoming meetings soonest first, then past meetings newest first (as the document cache
 * downloads them), then oldest paper first within a meeting. Needs `@now`.
 */
const READING_ORDER = `(m.starts_at < @now), CASE WHEN m.starts_at >= @now THEN m.starts_at END, m.starts_at DESC, d.created_at, d.id`;
const TEXT_STATE_KNOWN = 'EXISTS (SELECT 1 FROM document_text_state s WHERE s.document_id = d.id AND s.sha256 = d.sha256)';

export type TextOutcome = { state: 'indexed' | 'no-text'; pages: string[] } | { state: 'failed' };

/** Only the newest version of each document lineage is searched (as the agenda shows). */
const CURRENT = 'NOT EXISTS (SELECT 1 FROM documents newer WHERE newer.lineage_id = d.lineage_id AND newer.version > d.version)';

const HIT_COLUMNS = `f.document_id AS documentId, d.name AS documentName, m.id AS meetingId, m.title AS meetingTitle,
  COALESCE(a.number, '') AS itemNumber, COALESCE(a.title, d.name) AS itemTitle, CAST(f.page AS INTEGER) AS page`;
const HIT_JOINS = `JOIN documents d ON d.id = f.document_id
  LEFT JOIN agenda_items a ON a.id = d.item_id
  JOIN meetings m ON m.id = d.meeting_id`;

type RankedHit = Omit<SearchResults['hits'][number], 'snippet'> & { rowid: number };

/** Plain text → an FTS5 query of quoted terms (all must match); null when nothing searchable is left. */
export function toFtsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/)
    .filter((term) => /[\p{L}\p{N}]/u.test(term))
    .map((term) => `"${term.replaceAll('"', '""')}"`);
  return terms.length > 0 ? terms.join(' ') : null;
}

export class SearchIndex {
  private readonly retention: RetentionStore;

  constructor(private readonly db: Database) {
    this.retention = new RetentionStore(db);
  }

  /** Cached documents to read, in reading order (see `queue`). */
  pending(now = new Date()): PendingDocument[] {
    return this.queue(now).map(({ documentId, sha256 }) => ({ documentId, sha256 }));
  }

  /** Cached, current documents whose text is not read yet, next meeting's first. */
  queue(now = new Date()): QueuedDocument[] {
    const rows = this.db
      .prepare(
        `SELECT d.id AS documentId, d.sha256 AS sha256, m.starts_at >= @now AS upcoming FROM documents d
         JOIN cached_files cf ON cf.sha256 = d.sha256
         JOIN meetings m ON m.id = d.meeting_id
         WHERE ${CURRENT} AND NOT ${TEXT_STATE_KNOWN}
         ORDER BY ${READING_ORDER}`,
      )
      .all({ now: now.toISOString() }) as Array<{ documentId: string; sha256: string; upcoming: number }>;
    return rows.map((row) => ({ documentId: row.documentId, sha256: row.sha256, upcoming: row.upcoming === 1 }));
  }

  /**
   * How far indexing has come, over the papers search will cover: current documents whose text was read,
   * and those still to read that are on disk or that the cache will download (kept by the retention rule).
   * Papers of past meetings the retention rule leaves on the server are not counted: they are not coming.
   */
  progress(now = new Date()): SearchIndexProgress {
    const rows = this.db
      .prepare(
        `SELECT d.id AS documentId, d.name AS documentName, m.id AS meetingId, m.title AS meetingTitle,
           d.page_count AS pages, ${TEXT_STATE_KNOWN} AS done
         FROM documents d
         JOIN meetings m ON m.id = d.meeting_id
         WHERE ${CURRENT}
           AND (${TEXT_STATE_KNOWN} OR d.sha256 IN (SELECT sha256 FROM cached_files) OR ${keptFileCondition('d.sha256')})
         ORDER BY ${READING_ORDER}`,
      )
      .all({ now: now.toISOString(), ...this.retention.params(now) }) as Array<{
      documentId: string;
      documentName: string;
      meetingId: string;
      meetingTitle: string;
      pages: number;
      done: number;
    }>;
    const synced = this.db.prepare('SELECT last_synced_at FROM sync_state WHERE id = 1').pluck().get() as string | null;
    const progress: SearchIndexProgress = {
      awaitingFirstSync: synced === null,
      papersDone: 0,
      papersTotal: rows.length,
      pagesDone: 0,
      pagesTotal: 0,
      waiting: [],
    };
    for (const { pages, done, ...paper } of rows) {
      progress.pagesTotal += pages;
      if (done === 1) {
        progress.papersDone += 1;
        progress.pagesDone += pages;
      } else if (progress.waiting.length < WAITING_NAMED) {
        progress.waiting.push(paper);
      }
    }
    return progress;
  }

  /** Stores one document's text, unless the document left the mirror or changed file meanwhile. */
  record(documentId: string, sha256: string, outcome: TextOutcome, at: string): void {
    this.db.transaction(() => {
      const current = this.db.prepare('SELECT 1 FROM documents WHERE id = ? AND sha256 = ?').get(documentId, sha256);
      if (!current) return;
      this.db.prepare('DELETE FROM document_pages_fts WHERE document_id = ?').run(documentId);
      if (outcome.state === 'indexed') {
        const insert = this.db.prepare('INSERT INTO document_pages_fts (document_id, page, text) VALUES (?, ?, ?)');
        outcome.pages.forEach((text, index) => {
          if (text.length > 0) insert.run(documentId, index + 1, text);
        });
      }
      this.db
        .prepare(
          `INSERT INTO document_text_state (document_id, sha256, text_state, indexed_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (document_id) DO UPDATE SET sha256 = excluded.sha256, text_state = excluded.text_state, indexed_at = excluded.indexed_at`,
        )
        .run(documentId, sha256, outcome.state, at);
    })();
  }

  /**
   * The best `limit` pages. Cost grows with the number of matching pages, so the per-match work is kept to
   * what FTS5 does alone: it ranks every match (bm25) and keeps the best candidates; only those are joined
   * to their documents and meetings and checked to be current versions, and only the final few get
   * snippets (snippet() reads and tokenises a page). Should the candidates hold too few current versions,
   * the joins run over every match instead. Pages whose rank ties with the last candidate may be left out
   * in favour of equally ranked ones.
   */
  private hits(fts: string, limit: number): SearchResults['hits'] {
    const candidateLimit = Math.max(limit * 4, 100);
    const candidates = this.db
      .prepare(
        `SELECT json_group_array(json_array(rowid, rank)) FROM (
           SELECT rowid, bm25(document_pages_fts) AS rank FROM document_pages_fts
           WHERE document_pages_fts MATCH ? ORDER BY rank LIMIT ?)`,
      )
      .pluck()
      .get(fts, candidateLimit) as string;
    const candidateCount = (JSON.parse(candidates) as unknown[]).length;
    if (candidateCount === 0) return [];
    let ranked = this.rankCandidates(candidates, limit);
    if (ranked.length < limit && candidateCount === candidateLimit) ranked = this.rankAllMatches(fts, limit);
    // better-sqlite3 binds a JS number as REAL, and FTS5 silently drops a `rowid =` constraint whose value is
    // not an INTEGER: without the cast every hit got the snippet of the first matching page in the index.
    const snippet = this.db
      .prepare(
        `SELECT snippet(document_pages_fts, 2, char(2), char(3), '…', 16) FROM document_pages_fts
         WHERE document_pages_fts MATCH ? AND rowid = CAST(? AS INTEGER)`,
      )
      .pluck();
    return ranked.map(({ rowid, ...hit }) => ({ ...hit, snippet: (snippet.get(fts, rowid) as string | undefined) ?? '' }));
  }

  /** Candidates (a JSON array of [rowid, rank]) that are pages of current versions, best first. */
  private rankCandidates(candidates: string, limit: number): RankedHit[] {
    return this.db
      .prepare(
        `SELECT f.rowid AS rowid, ${HIT_COLUMNS}, c.value ->> 1 AS rank
         FROM json_each(?) c
         JOIN document_pages_fts f ON f.rowid = c.value ->> 0
         ${HIT_JOINS}
         WHERE ${CURRENT}
         ORDER BY rank, m.starts_at DESC, d.id, page
         LIMIT ?`,
      )
      .all(candidates, limit) as RankedHit[];
  }

  private rankAllMatches(fts: string, limit: number): RankedHit[] {
    return this.db
      .prepare(
        `SELECT f.rowid AS rowid, ${HIT_COLUMNS}, bm25(document_pages_fts) AS rank
         FROM document_pages_fts f
         ${HIT_JOINS}
         WHERE document_pages_fts MATCH ? AND ${CURRENT}
         ORDER BY rank, m.starts_at DESC, d.id, page
         LIMIT ?`,
      )
      .all(fts, limit) as RankedHit[];
  }

  query(text: string, limit: number): SearchResults {
    const fts = toFtsQuery(text);
    const hits = fts ? this.hits(fts, limit) : [];
    const noTextDocuments = this.db
      .prepare(
        `SELECT d.id AS documentId, d.name AS documentName, m.id AS meetingId, m.title AS meetingTitle
         FROM document_text_state s
         JOIN documents d ON d.id = s.document_id
         JOIN meetings m ON m.id = d.meeting_id
         WHERE s.text_state = 'no-text' AND ${CURRENT}
         ORDER BY m.starts_at DESC, d.name`,
      )
      .all() as SearchResults['noTextDocuments'];
    return { hits, noTextDocuments, pendingDocuments: this.pending().length, indexing: this.progress() };
  }
}
