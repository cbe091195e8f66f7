/**
 * The paper a council saved by publishing in Chamber instead of printing:
 * for every counted meeting, the pages a printed copy would have held times
 * the people who would have received one = sheets not printed; with the
 * council's factors (public-settings.ts), their cost and CO2e. Totals per
 * meeting, committee, year (in the council's time zone) and since the first
 * meeting. docs/api/README.md ("Calendar feeds and paper saved") states the same rules.
 *
 * What a printed copy holds (`printedSet`), per meeting:
 * - its pack or packs plus the papers that travel outside them. A pack is a
 *   document of kind 'pack': the agenda with the items' papers behind it (the
 *   clerk's workspace generates them as documents of the meeting, a main pack
 *   and numbered supplement packs; one uploaded to an item counts the same).
 *   When a meeting has one, its reports, minutes and other papers are inside
 *   it and are not counted again; its supplements (late papers) are, unless a
 *   later pack took them in (a supplement pack: papers of kind 'supplement'
 *   published before the newest pack are in one).
 *   A meeting without a pack is printed paper by paper: every paper counts.
 * - each paper once, at its current version (a replaced report is not
 *   counted twice); the same file attached to two items counts once.
 * - not the meeting's own minutes (a document of the whole meeting, published
 *   after it): they go round with the next meeting's papers ("minutes of the
 *   previous meeting") and are counted there, not twice.
 * Who receives a copy: everyone on the committee, whatever the role
 * (paperRecipients), plus the public and press copies of the settings.
 *
 * Confidential papers were printed too, for the committee only (a separate
 * confidential pack). Their page counts are NOT in the public figures: with
 * per-meeting figures public, a total that included them would tell anyone
 * how long each exempt report is — information about exempt material the
 * council chose not to publish. They are in the clerk's figures (`audience:
 * 'clerk'`), counted once per committee recipient and never for public copies.
 *
 * Meetings counted: every published meeting except cancelled ones, whose
 * papers may never have gone to print (so the figures do not overstate).
 * Recipients are the committee's memberships now: Chamber does not keep a
 * full history of past memberships.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type PaperTotals, PaperSavedResponse, apiPaths } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import { authenticate, type ServerContext, type ZodApp } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { publicCacheControl, sendCacheable, strongEtag } from './http-caching.ts';
import { publicPaths } from './public-paths.ts';
import { type PrintedPaper, listPrintedPapers, listPublicMeetings, listPublicTombstones, paperRecipients, publicRecordVersion } from './public-record.ts';
import { publicBaseUrl } from './public-base-url.ts';
import { type PublicSettings, sheetsPerCopy } from './public-settings.ts';

export type PaperSavedAudience = PaperSavedResponse['audience'];
export type { PaperTotals };

export interface MeetingPaperSaved extends PaperTotals {
  meetingId: string;
  committeeId: string;
  committeeName: string;
  title: string;
  startsAt: string;
  /** The calendar year of the meeting in the council's time zone. */
  year: number;
  /** Pages of one copy of the public papers. */
  publicPages: number;
  /** Pages of one copy of the confidential papers (clerk's figures only; 0 in public ones). */
  confidentialPages: number;
  /** Everyone on the committee, and the public and press copies. */
  recipients: { committee: number; publicCopies: number };
}

export interface CommitteePaperSaved extends PaperTotals {
  committeeId: string;
  name: string;
}

export interface YearPaperSaved extends PaperTotals {
  year: number;
}

export interface PaperSavedReport {
  audience: PaperSavedAudience;
  factors: Pick<PublicSettings, 'costPerSheet' | 'currency' | 'gramsCo2ePerSheet' | 'publicCopiesPerMeeting' | 'printedSides'>;
  /** When the first counted meeting took place (ISO), or null before any. */
  since: string | null;
  /** When anything these figures rest on last changed (ISO): for Last-Modified. */
  modifiedAt: string;
  total: PaperTotals;
  /** Oldest year first. */
  years: YearPaperSaved[];
  /** By committee name. */
  committees: CommitteePaperSaved[];
  /** By start time, oldest first. */
  meetings: MeetingPaperSaved[];
}

const roundTo = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function totalsOf(settings: PublicSettings, meetings: number, pages: number, sheets: number): PaperTotals {
  return { meetings, pages, sheets, cost: roundTo(sheets * settings.costPerSheet, 2), co2eKg: roundTo((sheets * settings.gramsCo2ePerSheet) / 1000, 3) };
}

/** The meeting's own minutes, published after it: they go round with the next meeting's papers, and count there. */
const isOwnMinutes = (paper: PrintedPaper) => paper.itemId === null && paper.kind === 'minutes';

/** The papers one printed copy of a meeting holds, of one confidentiality (see the module comment). */
export function printedSet(papers: readonly PrintedPaper[]): PrintedPaper[] {
  const sent = papers.filter((paper) => !isOwnMinutes(paper));
  const packs = sent.filter((paper) => paper.kind === 'pack');
  const newestPack = packs.reduce((newest, paper) => (paper.createdAt > newest ? paper.createdAt : newest), '');
  const printed = packs.length > 0 ? [...packs, ...sent.filter((paper) => paper.kind === 'supplement' && paper.createdAt > newestPack)] : sent;
  const seen = new Set<string>();
  return printed.filter((paper) => !seen.has(paper.sha256) && seen.add(paper.sha256));
}

const yearFormats = new Map<string, Intl.DateTimeFormat>();
function yearIn(iso: string, timeZone: string): number {
  let format = yearFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' });
    yearFormats.set(timeZone, format);
  }
  return Number(format.format(new Date(iso)));
}

function computeReport(db: Db, settings: PublicSettings, audience: PaperSavedAudience): PaperSavedReport {
  const publicMeetings = listPublicMeetings(db);
  const meetings = publicMeetings.filter((meeting) => !meeting.cancelled);
  const recipients = paperRecipients(db);
  const papersByMeeting = new Map<string, PrintedPaper[]>();
  for (const paper of listPrintedPapers(db)) {
    if (paper.confidential && audience === 'public') continue;
    const list = papersByMeeting.get(paper.meetingId);
    if (list) list.push(paper);
    else papersByMeeting.set(paper.meetingId, [paper]);
  }
  const sheetsOf = (papers: PrintedPaper[]) => papers.reduce((sum, paper) => sum + sheetsPerCopy(paper.pageCount, settings.printedSides), 0);
  const pagesOf = (papers: PrintedPaper[]) => papers.reduce((sum, paper) => sum + paper.pageCount, 0);

  const perMeeting = meetings.map((meeting): MeetingPaperSaved => {
    const papers = papersByMeeting.get(meeting.id) ?? [];
    const publicSet = printedSet(papers.filter((paper) => !paper.confidential));
    const confidentialSet = printedSet(papers.filter((paper) => paper.confidential));
    const committee = recipients.byCommittee.get(meeting.committeeId) ?? 0;
    const publicCopies = settings.publicCopiesPerMeeting;
    const sheets = sheetsOf(publicSet) * (committee + publicCopies) + sheetsOf(confidentialSet) * committee;
    const publicPages = pagesOf(publicSet);
    const confidentialPages = pagesOf(confidentialSet);
    return {
      meetingId: meeting.id,
      committeeId: meeting.committeeId,
      committeeName: meeting.committeeName,
      title: meeting.title,
      startsAt: meeting.startsAt,
      year: yearIn(meeting.startsAt, settings.timeZone),
      publicPages,
      confidentialPages,
      recipients: { committee, publicCopies },
      ...totalsOf(settings, 1, publicPages + confidentialPages, sheets),
    };
  });

  // A cancelled or withdrawn meeting leaves the figures: its change counts too.
  const modifiedAt = [
    recipients.changedAt,
    ...publicMeetings.map((meeting) => meeting.modifiedAt),
    ...listPublicTombstones(db, 'meeting').map((tombstone) => tombstone.deletedAt),
  ].reduce((a, b) => (b > a ? b : a), '') || new Date(0).toISOString();
  return summarise(settings, audience, perMeeting, modifiedAt);
}

/** The report of these meetings: totals per year, per committee and overall, each from the meetings' pages and sheets. */
function summarise(settings: PublicSettings, audience: PaperSavedAudience, meetings: MeetingPaperSaved[], modifiedAt: string): PaperSavedReport {
  const sum = (list: MeetingPaperSaved[]) =>
    totalsOf(
      settings,
      list.length,
      list.reduce((total, meeting) => total + meeting.pages, 0),
      list.reduce((total, meeting) => total + meeting.sheets, 0),
    );
  const groupBy = <K>(keyOf: (meeting: MeetingPaperSaved) => K) => {
    const groups = new Map<K, MeetingPaperSaved[]>();
    for (const meeting of meetings) {
      const key = keyOf(meeting);
      const list = groups.get(key);
      if (list) list.push(meeting);
      else groups.set(key, [meeting]);
    }
    return [...groups];
  };
  return {
    audience,
    factors: {
      costPerSheet: settings.costPerSheet,
      currency: settings.currency,
      gramsCo2ePerSheet: settings.gramsCo2ePerSheet,
      publicCopiesPerMeeting: settings.publicCopiesPerMeeting,
      printedSides: settings.printedSides,
    },
    since: meetings[0]?.startsAt ?? null,
    modifiedAt,
    total: sum(meetings),
    years: groupBy((meeting) => meeting.year)
      .map(([year, list]) => ({ year, ...sum(list) }))
      .sort((a, b) => a.year - b.year),
    committees: groupBy((meeting) => meeting.committeeId)
      .map(([committeeId, list]) => ({ committeeId, name: list[0]!.committeeName, ...sum(list) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.committeeId.localeCompare(b.committeeId)),
    meetings,
  };
}

/** One report per database, kept until the record or the settings change: every public page may show the totals. */
const cached = new WeakMap<Db, Map<PaperSavedAudience, { key: string; report: PaperSavedReport }>>();

/** The paper-saved figures, public (no confidential papers) or the clerk's (with them). */
export function paperSavedReport(db: Db, settings: PublicSettings, audience: PaperSavedAudience = 'public'): PaperSavedReport {
  const key = `${publicRecordVersion(db)}\n${JSON.stringify(settings)}`;
  let byAudience = cached.get(db);
  if (!byAudience) cached.set(db, (byAudience = new Map()));
  const hit = byAudience.get(audience);
  if (hit?.key === key) return hit.report;
  const report = computeReport(db, settings, audience);
  byAudience.set(audience, { key, report });
  return report;
}

/** One meeting's figures (public), or undefined when it is not counted (not public, or cancelled). */
export function meetingPaperSaved(db: Db, settings: PublicSettings, meetingId: string): MeetingPaperSaved | undefined {
  return paperSavedReport(db, settings).meetings.find((meeting) => meeting.meetingId === meetingId);
}

// ------------------------------------------------------------------ JSON

/** The JSON answer: the report with links (docs/api/README.md, "Calendar feeds and paper saved"). */
function toJson(report: PaperSavedReport, baseUrl: string): PaperSavedResponse {
  return {
    audience: report.audience,
    factors: report.factors,
    since: report.since,
    total: report.total,
    years: report.years,
    committees: report.committees.map((committee) => ({ ...committee, url: baseUrl + publicPaths.committee(committee.committeeId) })),
    meetings: report.meetings.map(({ confidentialPages, ...meeting }) => ({
      ...meeting,
      ...(report.audience === 'clerk' ? { confidentialPages } : {}),
      url: baseUrl + publicPaths.meeting(meeting.meetingId),
    })),
  };
}

function sendReport(request: FastifyRequest, reply: FastifyReply, report: PaperSavedReport, baseUrl: string): FastifyReply {
  const body = JSON.stringify(toJson(report, baseUrl));
  return sendCacheable(request, reply, {
    etag: strongEtag(body),
    lastModified: report.modifiedAt,
    cacheControl: publicCacheControl.openData,
    contentType: 'application/json; charset=utf-8',
    body,
  });
}

/**
 * The paper-saved JSON: public at publicPaths.paperSavedJson; the clerk's at
 * apiPaths.clerkPaperSaved, for a user who clerks at least one committee, with the
 * confidential pages of the meetings of the committees they clerk (others'
 * meetings show their public figures only).
 */
export function registerPaperSavedRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(publicPaths.paperSavedJson, { schema: { hide: true } }, async (request, reply) => {
    const baseUrl = publicBaseUrl(ctx.publicSettings, request);
    if (!baseUrl) throw new HttpError(400, 'bad-host', 'The Host header is not a host name');
    return sendReport(request, reply, paperSavedReport(ctx.db, ctx.publicSettings), baseUrl);
  });

  app.get(apiPaths.clerkPaperSaved, { schema: { response: { 200: PaperSavedResponse } } }, async (request, reply) => {
    const viewer = authenticate(ctx, request);
    const clerked = new Set([...viewer.roles].filter(([, role]) => role === 'clerk').map(([committeeId]) => committeeId));
    if (clerked.size === 0) throw new HttpError(403, 'forbidden', 'Only a committee clerk may see the clerk’s paper-saved figures');
    const baseUrl = publicBaseUrl(ctx.publicSettings, request);
    if (!baseUrl) throw new HttpError(400, 'bad-host', 'The Host header is not a host name');
    // Confidential figures: for the signed-in clerk only, never for a shared cache.
    reply.header('cache-control', 'private, no-store');
    return toJson(clerkReport(ctx.db, ctx.publicSettings, clerked), baseUrl);
  });
}

/** The clerk's figures: confidential pages count for the committees they clerk; everything else as the public sees it. */
export function clerkReport(db: Db, settings: PublicSettings, clerkedCommittees: ReadonlySet<string>): PaperSavedReport {
  const withConfidential = paperSavedReport(db, settings, 'clerk');
  const publicByMeeting = new Map(paperSavedReport(db, settings, 'public').meetings.map((meeting) => [meeting.meetingId, meeting]));
  const meetings = withConfidential.meetings.map((meeting) =>
    clerkedCommittees.has(meeting.committeeId) ? meeting : publicByMeeting.get(meeting.meetingId)!,
  );
  return summarise(settings, 'clerk', meetings, withConfidential.modifiedAt);
}
