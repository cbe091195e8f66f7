/**
 * What an agenda pack is built from, what building one reports, and the
 * errors it can end with. Shared by the caller's side (agenda-pack.ts) and the
 * worker thread that builds it (pack-worker.ts), which validates every job
 * with `AgendaPackSpec` before it touches a file.
 */
import { z } from 'zod';
import { CommitteeRole } from '../../common/wire.ts';
import { isTimeZone } from '../public/public-settings.ts';

export const PackPaper = z.object({
  /** As members know it ("Officer report"): the bookmark's title, the front sheet's line, and the name in errors. */
  name: z.string().trim().min(1).max(300),
  /** The PDF on disk (the server's content-addressed file). */
  path: z.string().min(1),
});
export type PackPaper = z.infer<typeof PackPaper>;

export const PackItem = z.object({
  number: z.string().trim().min(1).max(20),
  title: z.string().trim().min(1).max(1000),
  confidential: z.boolean().default(false),
  /** Shown under a confidential item's title in the confidential pack. */
  confidentialReason: z.string().trim().max(500).nullable().default(null),
  /** In the order they go into the pack. */
  papers: z.array(PackPaper).max(200),
});
export type PackItem = z.infer<typeof PackItem>;

/**
 * The printed page numbers and the page labels, which are always the same:
 * `prefix` then the page's number counted from `start` (a supplement can be
 * "S1", "S2"…, or carry on from the main pack's last page).
 */
export const PackNumbering = z.object({
  prefix: z.string().max(8).regex(/^[\p{L}\p{N}.\-–]*$/u, 'letters, digits, "." or "-"').default(''),
  start: z.number().int().min(1).max(100_000).default(1),
});
export type PackNumbering = z.infer<typeof PackNumbering>;

export const AgendaPackSpec = z.object({
  council: z.string().trim().min(1).max(200),
  committee: z.string().trim().min(1).max(200),
  meeting: z.object({
    title: z.string().trim().min(1).max(300),
    startsAt: z.string().datetime({ offset: true }),
    venue: z.string().trim().max(500).nullable(),
  }),
  membership: z.array(z.object({ name: z.string().trim().min(1).max(200), role: CommitteeRole })).max(1000),
  /** Every item of the agenda in order; which of them go in depends on `audience`. */
  items: z.array(PackItem).max(1000),
  /**
   * `public`: the items that are not confidential, for everyone who may read
   * the meeting. `confidential`: only the confidential items, for the
   * committee's members. A confidential item is never named in a public pack.
   */
  audience: z.enum(['public', 'confidential']),
  numbering: PackNumbering.default({ prefix: '', start: 1 }),
  /**
   * Set for a supplement pack: its number (1, 2…). Its front sheet says so and lists only the items
   * given (those with late or replaced papers); the main pack's numbers are left as they were.
   */
  supplement: z.number().int().min(1).max(999).nullable().default(null),
  /** The front sheet's language (its words, dates, and the PDF's language tag). */
  language: z.enum(['en', 'nb']).default('en'),
  /** The council's IANA time zone: the meeting's date and time are printed in it. */
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/London').default('UTC'),
  /** Where the pack is written (atomically: a reader sees the old file or the whole new one). */
  outPath: z.string().min(1),
});
export type AgendaPackSpec = z.infer<typeof AgendaPackSpec>;
/** What callers pass: fields with defaults may be left out. */
export type AgendaPackRequest = z.input<typeof AgendaPackSpec>;

/** Page numbers here are 1-based places in the file; `label` is the number printed on that page (the viewer shows the same). */
export interface PackPaperPlacement {
  name: string;
  startPage: number;
  label: string;
  pageCount: number;
}

export interface PackItemPlacement {
  number: string;
  title: string;
  /** Where its first paper starts, or null for an item without papers (listed on the front sheet only). */
  startPage: number | null;
  label: string | null;
  papers: PackPaperPlacement[];
}

export interface AgendaPackResult {
  pageCount: number;
  frontSheetPages: number;
  /** Size of the file written. */
  bytes: number;
  items: PackItemPlacement[];
}

export const agendaPackErrorCodes = ['missing-file', 'not-a-pdf', 'encrypted-pdf', 'unreadable-pdf', 'invalid-request', 'pack-failed'] as const;
export type AgendaPackErrorCode = (typeof agendaPackErrorCodes)[number];

/** Why a pack could not be built; `paper` names the paper at fault, when one is. Nothing is written then. */
export class AgendaPackError extends Error {
  constructor(
    readonly code: AgendaPackErrorCode,
    message: string,
    readonly paper: string | null = null,
  ) {
    super(message);
    this.name = 'AgendaPackError';
  }
}

/** What the worker answers: the result, or the error as plain data (errors do not cross threads with their class). */
export type AgendaPackOutcome =
  | { ok: true; result: AgendaPackResult }
  | { ok: false; error: { code: AgendaPackErrorCode; message: string; paper: string | null } };

/** The number printed on the pack's `page` (1-based) under `numbering`. */
export function packPageLabel(numbering: PackNumbering, page: number): string {
  return `${numbering.prefix}${numbering.start + page - 1}`;
}
