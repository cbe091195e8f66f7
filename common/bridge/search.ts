/** Bridge part: full-text search over the active account's mirrored papers. */
import { z } from 'zod';
import { NoArgs, defineEvents, defineMethods, event, method, type HandlersOf } from './define.ts';

/** One page of a mirrored document matching a search; `snippet` wraps each match in \u0002…\u0003. */
export interface SearchHit {
  documentId: string;
  documentName: string;
  meetingId: string;
  meetingTitle: string;
  itemNumber: string;
  itemTitle: string;
  page: number;
  snippet: string;
  /** bm25: lower is a better match. */
  rank: number;
}

/** A paper as search names it. */
export interface SearchPaper {
  documentId: string;
  documentName: string;
  meetingId: string;
  meetingTitle: string;
}

/**
 * How far the host has come reading papers for search. Counted over the papers search will cover: current
 * versions that are read, on disk, or still to be downloaded (those the retention setting keeps).
 */
export interface SearchIndexProgress {
  /** The mirror has never finished a catch-up with the server: papers may still be unknown, let alone read. */
  awaitingFirstSync: boolean;
  papersDone: number;
  papersTotal: number;
  pagesDone: number;
  pagesTotal: number;
  /** Papers not searchable yet, in the order they will be read (next meeting's first); at most 20. */
  waiting: SearchPaper[];
}

export interface SearchResults {
  hits: SearchHit[];
  /** Documents with no text layer (e.g. scans): they cannot be searched. */
  noTextDocuments: SearchPaper[];
  /** Cached documents whose text is not indexed yet. */
  pendingDocuments: number;
  /** Where indexing stands, so a search right after a sync can say what it could not look in yet. */
  indexing: SearchIndexProgress;
}

/** Marks around a match in `SearchHit.snippet`. */
export const searchMatchStart = '\u0002';
export const searchMatchEnd = '\u0003';

export const searchMethods = defineMethods({
  /** Full-text search over every mirrored paper; the query is plain text, never search syntax. */
  'search.query': method(
    z.object({ query: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(100).default(30) }).strict(),
  ).returns<SearchResults>(),
  /** How far reading papers for search has come; `search.progress` events follow it. */
  'search.progress': method(NoArgs).returns<SearchIndexProgress>(),
});
export type SearchHandlers = HandlersOf<typeof searchMethods>;

export const searchEvents = defineEvents({
  /** A paper was read for search, or papers arrived that are still to be read. */
  'search.progress': event<SearchIndexProgress>(),
});
