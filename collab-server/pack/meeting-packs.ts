/**
 * A meeting's agenda packs as documents of the meeting (no item, kind 'pack'),
 * generated on the clerk's request with the pack engine (agenda-pack.ts) and
 * then stored like any upload (hash, inspection, search text):
 *
 * - the main packs: the public one (every item that is not confidential) and,
 *   when the agenda has confidential items, the confidential one (only those,
 *   `committee_only`: the committee's members receive it, never the public).
 *   Generated again, as new versions, only when the clerk asks and only
 *   before the meeting is first published — or the first time after, when
 *   there was none;
 * - after publication, papers added or replaced since (their current versions
 *   no pack holds) go into numbered supplement packs, so the main pack's
 *   page numbers never shift. Pages are labelled so that the viewer's page
 *   equals the printed number: the main public pack 1, 2, 3…; its supplements
 *   S1, S2… counting on from one supplement to the next (supplement 2 starts
 *   after the last page of supplement 1), so every printed number of a
 *   meeting's packs names one page; the confidential packs C1… and CS1….
 *
 * `agenda_packs` and `agenda_pack_papers` (migration 012) record which pack a
 * document is and which paper versions it holds. Publishing the meeting sends
 * the packs through the change feed like its other documents.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AgendaPackInfo, MeetingPacksResponse, PackAudience } from '../../common/wire.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Db } from '../db/database.ts';
import { ingestDocument } from '../files/ingest-document.ts';
import type { ServerContext } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { listPublicMemberships } from '../public/public-record.ts';
import type { Viewer } from '../store/accounts.ts';
import { currentDocumentsOfMeeting, itemsOfMeeting, requireCommittee } from '../store/council.ts';
import type { DocumentRow, ItemRow, MeetingRow } from '../store/rows.ts';
import { AgendaPackError, buildAgendaPack, packPageLabel } from './agenda-pack.ts';
import { packHeading } from './front-sheet-words.ts';
import type { AgendaPackRequest, PackNumbering } from './pack-spec.ts';

const audiences: readonly PackAudience[] = ['public', 'confidential'];

/** Page-label prefixes: main pack, supplements. */
const labelPrefixes: Record<PackAudience, { main: string; supplement: string }> = {
  public: { main: '', supplement: 'S' },
  confidential: { main: 'C', supplement: 'CS' },
};

interface PackRow {
  document_id: string;
  audience: PackAudience;
  supplement: number | null;
  label_prefix: string;
  label_start: number;
  page_count: number;
  name: string;
  created_at: string;
  paper_count: number;
}

/** The meeting's packs whose document is the current version of its lineage: main packs first, then supplements in order. */
function currentPacks(db: Db, meetingId: string): PackRow[] {
  return db
    .prepare(
      `SELECT p.document_id, p.audience, p.supplement, p.label_prefix, p.label_start, p.page_count, d.name, p.created_at,
              (SELECT COUNT(*) FROM agenda_pack_papers pp WHERE pp.pack_document_id = p.document_id) AS paper_count
       FROM agenda_packs p JOIN documents d ON d.id = p.document_id
       WHERE p.meeting_id = ? AND d.version = (SELECT MAX(version) FROM documents WHERE lineage_id = d.lineage_id)
       ORDER BY p.audience DESC, COALESCE(p.supplement, 0), p.created_at`,
    )
    .all(meetingId) as PackRow[];
}

/** Paper versions some current pack of this audience already holds. */
function packedPapers(db: Db, packs: PackRow[], audience: PackAudience): Set<string> {
  const select = db.prepare('SELECT paper_document_id FROM agenda_pack_papers WHERE pack_document_id = ?').pluck();
  return new Set(packs.filter((pack) => pack.audience === audience).flatMap((pack) => select.all(pack.document_id) as string[]));
}

const audienceOf = (item: ItemRow): PackAudience => (item.confidential === 1 ? 'confidential' : 'public');

/** The live items in agenda order, each with its current papers in upload order. */
function agendaWithPapers(db: Db, meetingId: string): { item: ItemRow; papers: DocumentRow[] }[] {
  const papers = currentDocumentsOfMeeting(db, meetingId).filter((document) => document.item_id !== null);
  return itemsOfMeeting(db, meetingId).map((item) => ({ item, papers: papers.filter((paper) => paper.item_id === item.id) }));
}

/** Papers of this audience no pack holds yet. */
function unpackedPapers(agenda: ReturnType<typeof agendaWithPapers>, packed: Set<string>, audience: PackAudience) {
  return agenda
    .filter(({ item }) => audienceOf(item) === audience)
    .map(({ item, papers }) => ({ item, papers: papers.filter((paper) => !packed.has(paper.id)) }))
    .filter(({ papers }) => papers.length > 0);
}

/** One pack to build: which audience, main or which supplement, numbered how, holding which items and papers. */
interface PackPlan {
  audience: PackAudience;
  supplement: number | null;
  numbering: PackNumbering;
  /** The main pack this one replaces (a new version of it), if any. */
  replaces: string | undefined;
  items: { item: ItemRow; papers: DocumentRow[] }[];
}

/**
 * What generating would build now, per audience: the main pack when the meeting is unpublished or has
 * none, otherwise a supplement with the papers no pack of that audience holds (nothing when there are none).
 */
function planPacks(db: Db, meeting: MeetingRow): PackPlan[] {
  const packs = currentPacks(db, meeting.id);
  const agenda = agendaWithPapers(db, meeting.id);
  const plans: PackPlan[] = [];
  for (const audience of audiences) {
    const items = agenda.filter(({ item }) => audienceOf(item) === audience);
    const ofAudience = packs.filter((pack) => pack.audience === audience);
    const main = ofAudience.find((pack) => pack.supplement === null);
    if (meeting.published_version === 0 || !main) {
      // A confidential pack only for an agenda with confidential items; the public pack always (its front sheet is the agenda).
      if (audience === 'confidential' && items.length === 0) continue;
      plans.push({ audience, supplement: null, numbering: { prefix: labelPrefixes[audience].main, start: 1 }, replaces: main?.document_id, items });
      continue;
    }
    const late = unpackedPapers(agenda, packedPapers(db, packs, audience), audience);
    if (late.length === 0) continue;
    const supplements = ofAudience.filter((pack) => pack.supplement !== null);
    plans.push({
      audience,
      supplement: supplements.reduce((highest, pack) => Math.max(highest, pack.supplement!), 0) + 1,
      numbering: { prefix: labelPrefixes[audience].supplement, start: 1 + supplements.reduce((pages, pack) => pages + pack.page_count, 0) },
      replaces: undefined,
      items: late,
    });
  }
  return plans;
}

function toPackInfo(pack: PackRow): AgendaPackInfo {
  const numbering = { prefix: pack.label_prefix, start: pack.label_start };
  return {
    documentId: pack.document_id,
    audience: pack.audience,
    supplement: pack.supplement,
    name: pack.name,
    pageCount: pack.page_count,
    firstPage: packPageLabel(numbering, 1),
    lastPage: packPageLabel(numbering, pack.page_count),
    paperCount: pack.paper_count,
    createdAt: pack.created_at,
  };
}

/** The meeting's current packs, the papers of each audience no pack holds, and what generating would make now. */
export function meetingPacks(db: Db, meeting: MeetingRow): MeetingPacksResponse {
  const packs = currentPacks(db, meeting.id);
  const agenda = agendaWithPapers(db, meeting.id);
  const count = (audience: PackAudience) =>
    unpackedPapers(agenda, packedPapers(db, packs, audience), audience).reduce((sum, { papers }) => sum + papers.length, 0);
  const plans = planPacks(db, meeting);
  return {
    packs: packs.map(toPackInfo),
    unpacked: { public: count('public'), confidential: count('confidential') },
    next: plans.some((plan) => plan.supplement === null) ? 'main' : plans.length > 0 ? 'supplement' : 'nothing',
  };
}

/** Meetings whose packs are being built: a second request waits for nothing and is refused. */
const building = new Set<string>();

/**
 * Builds and stores what `planPacks` says, one pack at a time (the engine's worker builds one at a
 * time anyway), each stored as a document of the meeting and recorded with the papers inside it.
 * The caller has checked that the viewer clerks the meeting's committee.
 */
export async function generateMeetingPacks(ctx: ServerContext, viewer: Viewer, meeting: MeetingRow): Promise<MeetingPacksResponse> {
  if (building.has(meeting.id)) throw new HttpError(409, 'pack-in-progress', 'The packs of this meeting are being generated already');
  const plans = planPacks(ctx.db, meeting);
  if (plans.length === 0) throw new HttpError(409, 'nothing-to-pack', 'Every paper is in a pack already: add or replace a paper first');
  building.add(meeting.id);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chamber-pack-'));
  try {
    const committee = requireCommittee(ctx.db, meeting.committee_id);
    const council = (ctx.db.prepare('SELECT name FROM bodies WHERE id = ?').pluck().get(committee.body_id) as string | undefined) ?? 'Council';
    // The front sheet names the committee as the public knows it (chair, members, substitutes), never its officers.
    const membership = listPublicMemberships(ctx.db, committee.id).map((member) => ({ name: member.personName, role: member.role }));
    for (const plan of plans) {
      const request: AgendaPackRequest = {
        council,
        committee: committee.name,
        meeting: { title: meeting.title, startsAt: meeting.starts_at, venue: meeting.venue },
        membership,
        items: plan.items.map(({ item, papers }) => ({
          number: item.number,
          title: item.title,
          confidential: item.confidential === 1,
          confidentialReason: item.confidential_reason,
          papers: papers.map((paper) => ({ name: paper.name, path: ctx.files.pathOf(paper.sha256) })),
        })),
        audience: plan.audience,
        numbering: plan.numbering,
        supplement: plan.supplement,
        timeZone: ctx.publicSettings.timeZone,
        outPath: path.join(dir, `${plan.audience}-${plan.supplement ?? 0}.pdf`),
      };
      await storePack(ctx, viewer, meeting, plan, request);
    }
  } finally {
    building.delete(meeting.id);
    await rm(dir, { recursive: true, force: true });
  }
  return meetingPacks(ctx.db, meeting);
}

async function storePack(ctx: ServerContext, viewer: Viewer, meeting: MeetingRow, plan: PackPlan, request: AgendaPackRequest): Promise<void> {
  let result;
  try {
    result = await buildAgendaPack(request);
  } catch (error) {
    // A paper at fault is named in the message; nothing was stored.
    if (error instanceof AgendaPackError) throw new HttpError(error.code === 'pack-failed' ? 500 : 422, error.code, error.message);
    throw error;
  }
  const name = packHeading({ language: 'en', audience: plan.audience, supplement: plan.supplement });
  const document = await ingestDocument(ctx.db, ctx.files, Number.MAX_SAFE_INTEGER, {
    itemId: null,
    meeting: { meetingId: meeting.id, committeeOnly: plan.audience === 'confidential' },
    name,
    kind: 'pack',
    replaces: plan.replaces,
    uploadedBy: viewer.userId,
    body: createReadStream(request.outPath),
  });
  const papers = plan.items.flatMap(({ papers }) => papers);
  const startLabels = new Map(result.items.flatMap((item) => item.papers).map((paper, index) => [papers[index]!.id, paper.label]));
  ctx.db.transaction(() => {
    ctx.db
      .prepare(
        `INSERT INTO agenda_packs (document_id, meeting_id, audience, supplement, label_prefix, label_start, page_count, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(document.id, meeting.id, plan.audience, plan.supplement, plan.numbering.prefix, plan.numbering.start, result.pageCount, viewer.userId, document.created_at);
    const insertPaper = ctx.db.prepare('INSERT INTO agenda_pack_papers (pack_document_id, paper_document_id, start_label) VALUES (?, ?, ?)');
    for (const paper of papers) insertPaper.run(document.id, paper.id, startLabels.get(paper.id) ?? '');
    appendAudit(ctx.db, 'agenda-pack-generated', viewer.userId, {
      meetingId: meeting.id, documentId: document.id, sha256: document.sha256, audience: plan.audience, supplement: plan.supplement,
      pages: result.pageCount, papers: papers.map((paper) => ({ documentId: paper.id, sha256: paper.sha256 })),
    });
  }).immediate();
}
