/** Bridge part: what the active account's local copy takes on disk, and which cached files it keeps. */
import { z } from 'zod';
import { NoArgs, defineMethods, method, type HandlersOf } from './define.ts';

/** What the local copy of the active account takes on disk. */
export interface StorageUsage {
  /** Verified document files in the cache. */
  documentBytes: number;
  /** The mirror database with its write-ahead log. */
  databaseBytes: number;
  meetings: MeetingStorage[];
  settings: RetentionSettings;
}

export interface MeetingStorage {
  meetingId: string;
  title: string;
  startsAt: string;
  upcoming: boolean;
  documents: number;
  cachedDocuments: number;
  /** Bytes of its current and older versions' files that are on disk (a file shared by two meetings counts in both). */
  cachedBytes: number;
  totalBytes: number;
}

/**
 * Which documents the cache keeps. Upcoming meetings are always kept; past meetings' documents are kept for
 * `keepPastMonths` months after the meeting (null: keep all); a document opened in the last `keepOpenedDays` days is kept.
 */
export const RetentionSettings = z
  .object({
    keepPastMonths: z.number().int().min(1).max(120).nullable(),
    keepOpenedDays: z.number().int().min(1).max(365),
  })
  .strict();
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export interface EvictionResult {
  removedFiles: number;
  freedBytes: number;
  usage: StorageUsage;
}

export const storageMethods = defineMethods({
  /** Disk use of the active account's local copy, per meeting, and the retention setting. */
  'storage.get': method(NoArgs).returns<StorageUsage>(),
  'storage.setRetention': method(RetentionSettings).returns<StorageUsage>(),
  /** Deletes cached files the retention setting no longer keeps (rows stay; they download again when opened). */
  'storage.freeNow': method(NoArgs).returns<EvictionResult>(),
});
export type StorageHandlers = HandlersOf<typeof storageMethods>;
