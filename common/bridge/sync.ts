/** Bridge part: how the active account's mirror stands with its server, and "sync now". */
import { z } from 'zod';
import { NoArgs, defineEvents, defineMethods, event, method, type HandlersOf } from './define.ts';

export const SyncStatus = z.object({
  /** `online`: live feed connected; `syncing`: catching up; `offline`: server unreachable. */
  connection: z.enum(['online', 'syncing', 'offline']),
  lastSyncedAt: z.string().nullable(),
  lastSeq: z.number().int().nonnegative(),
  /** Document downloads still to do, in files and bytes. */
  pendingDocuments: z.number().int().nonnegative(),
  pendingBytes: z.number().int().nonnegative(),
  /** Bytes cached and files verified so far, for progress bars. */
  cachedBytes: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  /** The server refused this account's session (expired or signed out elsewhere): sign in again; the mirror stays readable. */
  sessionExpired: z.boolean(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const syncMethods = defineMethods({
  'sync.status': method(NoArgs).returns<SyncStatus>(),
  /** Ask the sync engine to catch up now (e.g. the user pressed "Sync"). */
  'sync.now': method(NoArgs).returns<SyncStatus>(),
});
export type SyncHandlers = HandlersOf<typeof syncMethods>;

export const syncEvents = defineEvents({
  'sync.status': event<SyncStatus>(),
});
