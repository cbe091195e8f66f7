/**
 * What is being presented in a meeting: the `presenting` map of the Yjs
 * document `presentation.<meeting>` (`yjsDocName.presentation`). The chair or
 * clerk writes it (the server refuses everyone else's writes); members who
 * follow the presenter are taken to its document and page, and the session
 * console moves the meeting's current item through `itemId`.
 *
 * `common/` imports only zod, so the helpers take the Y.Map structurally
 * (`doc.getMap(presentationMapName)` satisfies `PresentationMap`); callers wrap
 * writes in `doc.transact` so one change is one update.
 */
import { z } from 'zod';
import { Id, Timestamp } from './wire.ts';

/** Name of the Y.Map holding the presentation in `presentation.<meeting>`. */
export const presentationMapName = 'presenting';

export const PresentationState = z.object({
  /** Who presents, or null when nobody does. */
  presenterId: Id.nullable(),
  presenterName: z.string().max(120).nullable(),
  meetingId: Id,
  /** The meeting's current agenda item, or null before the first / after the last. */
  itemId: Id.nullable(),
  documentId: Id.nullable(),
  page: z.number().int().min(1).max(1_000_000).nullable(),
  updatedAt: Timestamp,
});
export type PresentationState = z.infer<typeof PresentationState>;

/** The parts of a Y.Map the helpers use. */
export interface PresentationMap {
  get(key: string): unknown;
  set(key: string, value: string | number | null): unknown;
}

const keys = ['presenterId', 'presenterName', 'meetingId', 'itemId', 'documentId', 'page', 'updatedAt'] as const satisfies ReadonlyArray<
  keyof PresentationState
>;

/**
 * The presentation as stored, or null when nothing valid is there (never written,
 * or written by something that broke the shape). Absent keys read as null.
 */
export function readPresentation(map: PresentationMap): PresentationState | null {
  const raw: Record<string, unknown> = {};
  for (const key of keys) raw[key] = map.get(key) ?? null;
  const parsed = PresentationState.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export const PresentationChange = PresentationState.omit({ updatedAt: true }).partial().extend({ meetingId: Id });
export type PresentationChange = z.infer<typeof PresentationChange>;

/**
 * Writes the given keys (validated; throws on invalid input) and stamps `updatedAt`.
 * Keys left out keep their value, so the presenter's page and the chair's current item
 * can be moved independently.
 */
export function writePresentation(map: PresentationMap, change: PresentationChange, now = new Date()): void {
  const valid = PresentationChange.parse(change);
  for (const key of keys) {
    if (key === 'updatedAt') continue;
    const value = valid[key];
    if (value !== undefined) map.set(key, value);
  }
  map.set('updatedAt', now.toISOString());
}

/** Stops presenting (the current item stays: the meeting goes on). */
export function stopPresenting(map: PresentationMap, meetingId: string, now = new Date()): void {
  writePresentation(map, { meetingId, presenterId: null, presenterName: null, documentId: null, page: null }, now);
}
