/**
 * Bridge part: a meeting's minutes around their text. The text itself is the
 * Yjs document `minutes.<meeting>` and goes through the `yjs.*` part (the
 * host's replica keeps it through a dropped connection, a closed laptop and a
 * killed app). This part carries what lives on the server: where the minutes
 * are in their workflow, the meeting's record they fill themselves from, the
 * council's stock phrases, the clerk's transitions and amendments, and the
 * exports.
 *
 * Reads answer the server's copy; when the server cannot be reached they
 * answer the last copy this host received (`fresh: false`), else fail with
 * `offline`. Changes need the server: a refusal is an answer
 * (`{ok:false, refusal}`), unreachable fails with `offline` and changes nothing.
 */
import { z } from 'zod';
import { AmendMinutesRequest, MinutesTransition, type MeetingRecord, type MinutesStatus, type StockPhrase } from '../minutes.ts';
import { Id } from '../wire.ts';
import type { ServerRefusal } from './meeting-session.ts';
import { NoArgs, defineMethods, method, type HandlersOf } from './define.ts';

/** An answer of the server as the host holds it: `fresh` when it came just now, else the last one received (offline). */
export interface ServerCopy<T> {
  value: T;
  receivedAt: string;
  fresh: boolean;
}

/** A workflow change or amendment took effect (the minutes' status as it now stands), or the server's refusal. */
export type MinutesOutcome = { ok: true; status: MinutesStatus } | { ok: false; refusal: ServerRefusal };

/** What can be exported: the minutes as PDF or HTML, or the meeting's action points as CSV. */
export const MinutesExportFormat = z.enum(['pdf', 'html', 'actions-csv']);
export type MinutesExportFormat = z.infer<typeof MinutesExportFormat>;

/** An exported file, for the renderer to save where the user picks (a download in browser mode). */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** The largest export the host hands over (a minutes PDF is far smaller). */
export const maxExportBytes = 64 * 1024 * 1024;

const MeetingRef = z.object({ meetingId: Id }).strict();

export const minutesMethods = defineMethods({
  /** Where the minutes are in their workflow (draft, circulated, approved, published), with approval and amendments. */
  'minutes.status': method(MeetingRef).returns<ServerCopy<MinutesStatus>>(),
  /** The facts the minutes fill themselves from: roll, declarations, closed votes. */
  'minutes.record': method(MeetingRef).returns<ServerCopy<MeetingRecord>>(),
  /** The council's standard wordings for the picker. */
  'minutes.stockPhrases': method(NoArgs).returns<ServerCopy<StockPhrase[]>>(),
  /** Circulates, approves (by a carried vote or the chair's signature) or publishes the minutes. */
  'minutes.transition': method(z.object({ meetingId: Id, transition: MinutesTransition }).strict()).returns<MinutesOutcome>(),
  /** Records a correction to approved minutes: why, the approved wording and its replacement. */
  'minutes.amend': method(z.object({ meetingId: Id, amendment: AmendMinutesRequest }).strict()).returns<MinutesOutcome>(),
  /** The minutes as PDF or HTML, or the action points as CSV, from the server. */
  'minutes.export': method(z.object({ meetingId: Id, format: MinutesExportFormat }).strict()).returns<ExportedFile>(),
});
export type MinutesHandlers = HandlersOf<typeof minutesMethods>;
