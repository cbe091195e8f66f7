/**
 * The public record as OParl 1.1 objects, built once per version of the record
 * (publicRecordVersion) and kept in memory, so that a list page or an object is
 * a lookup and a slice, never a scan of the published JSON (open data clients
 * poll, and the paper list with `modified_since` must stay fast with thousands
 * of papers). Read only through public-record.ts: nothing here is more public
 * than the public pages.
 *
 * Mapping (docs/api/README.md, "Open data"):
 * - Body: the council; LegislativeTerm: one open-ended "current term" per body
 *   (Chamber keeps no terms);
 * - Organization: a committee ("Ausschuss"); Person and Membership: members in a
 *   public role (PUBLIC_ROLES); officers never appear;
 * - Meeting: a published meeting (cancelled: `cancelled: true`), its venue a
 *   Location of its own (`locations/<meetingId>`), its agenda pack the
 *   invitation (the pack the clerk's workspace generated, else an agenda or
 *   pack uploaded to an item) and its supplement packs auxiliary files;
 * - AgendaItem: an item; an exempt one is `public: false`, named "Exempt item"
 *   with its reason (its title only when the clerk made it public), without
 *   papers, decisions or consultation;
 * - Paper: a public item's documents (the Drucksache the item considers), id of
 *   the item; mainFile the first report, auxiliaryFile the rest; Consultation:
 *   that paper at that item of that meeting, also id of the item;
 * - File: a public document version (an item's paper, or the meeting's
 *   published minutes: its `resultsProtocol`).
 *
 * URLs are built against a placeholder for the public base URL, replaced when a
 * response is sent (the base comes from a setting or the request's Host).
 */
import { randomUUID } from 'node:crypto';
import type { VoteResult } from '../../common/wire.ts';
import { committeeRoleNames } from '../committee-role-names.ts';
import type { Db } from '../db/database.ts';
import {
  type PublicCommittee, type PublicDocument, type PublicItem, type PublicMeetingDetail, type PublicMembership, type PublicPerson, findPublicBody,
  listFormerPublicPersons, listPublicCommittees, listPublicMeetings, listPublicMemberships, listPublicPersons, listPublicTombstones,
  listRemovedPublicDocuments, publicMeetingDetail, publicMinutesOf, publicPacksOf, publicRecordStartedAt,
} from '../public/public-record.ts';
import { publicPaths } from '../public/public-paths.ts';
import { publicFileName } from '../public/public-files.ts';
import { OPARL_ROOT, OPARL_VERSION, type OparlType, VENDOR_PREFIX, epochSeconds, oparlDateIn, oparlDateTime, oparlType } from './oparl-format.ts';

/** Stands for the public base URL (`https://…`, no trailing slash) in built JSON; unguessable, so no data can contain it. */
export const BASE_PLACEHOLDER = `oparl-base-${randomUUID()}`;

export interface OparlEntry {
  /** The object's path below OPARL_ROOT (`papers/<id>`), '' for the System. */
  path: string;
  created: string;
  modified: string;
  createdSeconds: number;
  modifiedSeconds: number;
  deleted: boolean;
  /** The object as fetched on its own, serialised (with BASE_PLACEHOLDER). */
  json: string;
  /** The same without its embedded lists (`omit_internal=true`), made when first asked for. */
  jsonOmitInternal(): string;
}

export interface OparlSnapshot {
  version: string;
  byPath: Map<string, OparlEntry>;
  /** External lists by path (`bodies/<id>/papers`), each in a stable order: by creation, then id. */
  lists: Map<string, OparlEntry[]>;
  /** The latest change of anything here (Last-Modified of list pages). */
  modified: string;
}

type Json = Record<string, unknown>;
/** What a File is made from: an item's paper or a meeting's minutes. */
type FileSource = Pick<PublicDocument, 'id' | 'name' | 'size' | 'sha256' | 'pageCount' | 'publishedAt' | 'modifiedAt'>;
const seg = encodeURIComponent;
const url = (path: string) => `${BASE_PLACEHOLDER}${OPARL_ROOT}${path ? `/${path}` : ''}`;
const webUrl = (path: string) => `${BASE_PLACEHOLDER}${path}`;
const latest = (...times: (string | undefined)[]): string => times.reduce<string>((a, b) => (b !== undefined && b > a ? b : a), '');

export const oparlPaths = {
  bodies: 'bodies',
  body: (bodyId: string) => `bodies/${seg(bodyId)}`,
  bodyList: (bodyId: string, list: BodyList) => `bodies/${seg(bodyId)}/${list}`,
  legislativeTerm: (bodyId: string) => `legislative-terms/${seg(bodyId)}`,
  organization: (committeeId: string) => `organizations/${seg(committeeId)}`,
  organizationMeetings: (committeeId: string) => `organizations/${seg(committeeId)}/meetings`,
  person: (personId: string) => `persons/${seg(personId)}`,
  membership: (committeeId: string, personId: string) => `memberships/${seg(committeeId)}/${seg(personId)}`,
  meeting: (meetingId: string) => `meetings/${seg(meetingId)}`,
  location: (meetingId: string) => `locations/${seg(meetingId)}`,
  agendaItem: (itemId: string) => `agenda-items/${seg(itemId)}`,
  paper: (itemId: string) => `papers/${seg(itemId)}`,
  consultation: (itemId: string) => `consultations/${seg(itemId)}`,
  file: (documentId: string) => `files/${seg(documentId)}`,
} as const;

export const bodyLists = ['organizations', 'persons', 'memberships', 'meetings', 'agenda-items', 'papers', 'consultations', 'files', 'locations', 'legislative-terms'] as const;
export type BodyList = (typeof bodyLists)[number];

/** Properties that are embedded lists, left out with `omit_internal=true` (OParl 1.1, "Filter"). */
const internalLists: Partial<Record<OparlType, string[]>> = {
  Body: ['legislativeTerm'],
  Person: ['membership'],
  Meeting: ['agendaItem', 'auxiliaryFile'],
  AgendaItem: ['auxiliaryFile'],
  Paper: ['auxiliaryFile', 'location'],
};

const paperTypes: Record<PublicDocument['kind'], string> = {
  report: 'Report', supplement: 'Supplement', minutes: 'Minutes', agenda: 'Agenda', pack: 'Agenda pack', other: 'Paper',
};

/** Builds the OParl view of the public record. */
export function buildOparlSnapshot(db: Db, version: string, timeZone: string): OparlSnapshot {
  const oparlDate = oparlDateIn(timeZone);
  const byPath = new Map<string, OparlEntry>();
  const lists = new Map<string, OparlEntry[]>();
  let newest = '';

  const common = (type: OparlType, path: string, created: string, modified: string): Json => ({
    id: url(path),
    type: oparlType(type),
    created: oparlDateTime(created),
    modified: oparlDateTime(modified),
  });
  const add = (type: OparlType, path: string, created: string, modified: string, standalone: Json | null, listPaths: string[]): OparlEntry => {
    const object = standalone ?? { ...common(type, path, created, modified), deleted: true };
    const json = JSON.stringify(object);
    let omittedJson: string | undefined;
    const entry: OparlEntry = {
      path,
      created,
      modified,
      createdSeconds: epochSeconds(created),
      modifiedSeconds: epochSeconds(modified),
      deleted: standalone === null,
      json,
      jsonOmitInternal() {
        if (omittedJson === undefined) {
          const omitted = JSON.parse(json) as Json;
          for (const key of internalLists[type] ?? []) delete omitted[key];
          omittedJson = JSON.stringify(omitted);
        }
        return omittedJson;
      },
    };
    byPath.set(path, entry);
    for (const listPath of listPaths) {
      const entries = lists.get(listPath);
      if (entries) entries.push(entry);
      else lists.set(listPath, [entry]);
    }
    newest = latest(newest, modified);
    return entry;
  };

  const body = findPublicBody(db);
  const started = publicRecordStartedAt(db);
  const system: Json = {
    ...common('System', '', started, started),
    oparlVersion: OPARL_VERSION,
    body: url(oparlPaths.bodies),
    name: 'Chamber',
    website: webUrl(publicPaths.home),
    web: webUrl(publicPaths.home),
  };
  add('System', '', started, started, system, []);
  lists.set(oparlPaths.bodies, []);
  if (!body) return finish();
  const list = (name: BodyList) => oparlPaths.bodyList(body.id, name);

  // ---- the body and its one term
  const termPath = oparlPaths.legislativeTerm(body.id);
  const term = (embedded: boolean): Json => ({
    ...common('LegislativeTerm', termPath, started, started),
    ...(embedded ? {} : { body: url(oparlPaths.body(body.id)) }),
    name: 'Current term',
  });
  add('LegislativeTerm', termPath, started, started, term(false), [list('legislative-terms')]);
  const bodyObject: Json = {
    ...common('Body', oparlPaths.body(body.id), started, started),
    system: url(''),
    name: body.name,
    website: webUrl(publicPaths.home),
    organization: url(list('organizations')),
    person: url(list('persons')),
    meeting: url(list('meetings')),
    paper: url(list('papers')),
    agendaItem: url(list('agenda-items')),
    consultation: url(list('consultations')),
    file: url(list('files')),
    membership: url(list('memberships')),
    locationList: url(list('locations')),
    legislativeTermList: url(list('legislative-terms')),
    legislativeTerm: [term(true)],
    web: webUrl(publicPaths.home),
    [`${VENDOR_PREFIX}paperSaved`]: webUrl(publicPaths.paperSavedJson),
  };
  add('Body', oparlPaths.body(body.id), started, started, bodyObject, [oparlPaths.bodies]);

  // ---- committees, people, memberships
  const committees = listPublicCommittees(db);
  const memberships = listPublicMemberships(db);
  const membershipTombstones = listPublicTombstones(db, 'membership').filter(
    (tombstone) => !memberships.some((membership) => membership.id === tombstone.id),
  );
  const personOfTombstone = (id: string, committeeId: string | null) => id.slice((committeeId ?? '').length + 1);
  const membershipPath = (m: Pick<PublicMembership, 'committeeId' | 'personId'>) => oparlPaths.membership(m.committeeId, m.personId);
  const membershipObject = (m: PublicMembership, embedded: boolean): Json => ({
    ...common('Membership', membershipPath(m), m.createdAt, m.modifiedAt),
    ...(embedded ? {} : { person: url(oparlPaths.person(m.personId)) }),
    organization: url(oparlPaths.organization(m.committeeId)),
    role: committeeRoleNames.en[m.role],
    votingRight: true,
  });

  for (const committee of committees) organization(committee);
  function organization(committee: PublicCommittee): void {
    const own = memberships.filter((m) => m.committeeId === committee.id);
    const modified = latest(
      committee.modifiedAt, ...own.map((m) => m.modifiedAt), ...membershipTombstones.filter((t) => t.committeeId === committee.id).map((t) => t.deletedAt),
    );
    const path = oparlPaths.organization(committee.id);
    add('Organization', path, committee.createdAt, modified, {
      ...common('Organization', path, committee.createdAt, modified),
      body: url(oparlPaths.body(body!.id)),
      name: committee.name,
      // Optional lists with nothing in them are left out, not sent empty (OParl 1.1, "null-Werte und leere Listen").
      ...(own.length > 0 ? { membership: own.map((m) => url(membershipPath(m))) } : {}),
      meeting: url(oparlPaths.organizationMeetings(committee.id)),
      organizationType: 'Gremium',
      classification: 'Ausschuss',
      web: webUrl(publicPaths.committee(committee.id)),
    }, [list('organizations')]);
    lists.set(oparlPaths.organizationMeetings(committee.id), []);
  }

  for (const person of listPublicPersons(db)) personEntry(person);
  function personEntry(person: PublicPerson): void {
    const own = memberships.filter((m) => m.personId === person.id);
    const ended = membershipTombstones.filter((t) => personOfTombstone(t.id, t.committeeId) === person.id);
    const modified = latest(person.modifiedAt, ...own.map((m) => m.modifiedAt), ...ended.map((t) => t.deletedAt));
    const path = oparlPaths.person(person.id);
    add('Person', path, person.createdAt, modified, {
      ...common('Person', path, person.createdAt, modified),
      body: url(oparlPaths.body(body!.id)),
      name: person.name,
      membership: own.map((m) => membershipObject(m, true)),
      web: webUrl(publicPaths.person(person.id)),
    }, [list('persons')]);
  }
  for (const former of listFormerPublicPersons(db)) add('Person', oparlPaths.person(former.id), former.createdAt, former.deletedAt, null, [list('persons')]);

  for (const m of memberships) add('Membership', membershipPath(m), m.createdAt, m.modifiedAt, membershipObject(m, false), [list('memberships')]);
  for (const t of membershipTombstones) {
    const path = oparlPaths.membership(t.committeeId ?? '', personOfTombstone(t.id, t.committeeId));
    add('Membership', path, t.createdAt, t.deletedAt, null, [list('memberships')]);
  }

  // ---- meetings, their items, papers and files
  const details = listPublicMeetings(db)
    .map((meeting) => publicMeetingDetail(db, meeting.id))
    .filter((detail): detail is PublicMeetingDetail => detail !== undefined);
  const liveMeetings = new Set(details.map((detail) => detail.meeting.id));
  const liveItems = new Set(details.flatMap((detail) => detail.items.map((item) => item.id)));
  const itemTombstones = listPublicTombstones(db, 'item').filter((t) => !liveItems.has(t.id));
  const removedDocuments = listRemovedPublicDocuments(db);
  const itemCreated = new Map<string, string>([
    ...itemTombstones.map((t) => [t.id, t.createdAt] as const),
    ...details.flatMap((detail) => detail.items.map((item) => [item.id, item.createdAt] as const)),
  ]);
  const livePapers = new Set<string>();

  for (const detail of details) meetingEntries(detail);
  function meetingEntries({ meeting, committee, items }: PublicMeetingDetail): void {
    const meetingPath = oparlPaths.meeting(meeting.id);
    const meetingUrl = url(meetingPath);
    const organizationUrl = url(oparlPaths.organization(committee.id));
    // The invitation is the agenda pack the clerk's workspace generated (its supplements are the meeting's auxiliary files),
    // else an agenda or pack uploaded to an item.
    const [mainPack, ...supplementPacks] = publicPacksOf(db, meeting.id);
    const itemPack = items.flatMap((item) => item.documents).find((document) => document.kind === 'pack' || document.kind === 'agenda');
    const invitation = mainPack ?? itemPack;
    const meetingFiles = new Set([mainPack?.id, ...supplementPacks.map((document) => document.id)]);
    // The meeting's own published minutes (the current version), once approved and published.
    const [minutes] = publicMinutesOf(db, meeting.id);
    const itemTombstoneTimes = itemTombstones.filter((t) => t.meetingId === meeting.id).map((t) => t.deletedAt);

    /** A File; fetched on its own it names the paper and meeting that hold it. */
    const fileObject = (document: FileSource, paperItemId: string | null, embedded: boolean): Json => ({
      ...common('File', oparlPaths.file(document.id), document.publishedAt, document.modifiedAt),
      name: document.name.replace(/\.pdf$/i, ''),
      fileName: publicFileName(document),
      mimeType: 'application/pdf',
      date: oparlDate(document.publishedAt),
      size: document.size,
      accessUrl: webUrl(publicPaths.fileView(document.id)),
      downloadUrl: webUrl(publicPaths.fileDownload(document.id)),
      ...(embedded
        ? {}
        : {
            ...(paperItemId ? { paper: [url(oparlPaths.paper(paperItemId))] } : {}),
            ...(document.id === invitation?.id || document.id === minutes?.id || meetingFiles.has(document.id) ? { meeting: [meetingUrl] } : {}),
          }),
      [`${VENDOR_PREFIX}sha256Checksum`]: document.sha256,
      [`${VENDOR_PREFIX}pageCount`]: document.pageCount,
    });

    // An item's `order` moves when an item is inserted or removed before it, without its own record changing.
    let structureChanged = latest(...itemTombstoneTimes);
    const itemModified = new Map<string, string>();
    for (const item of items) {
      structureChanged = latest(structureChanged, item.createdAt);
      itemModified.set(item.id, latest(item.modifiedAt, structureChanged));
    }
    const hasPaper = (item: PublicItem) => item.exempt === null && item.documents.length > 0;
    const agendaItemObject = (item: PublicItem, order: number, embedded: boolean): Json => {
      const path = oparlPaths.agendaItem(item.id);
      const exemptName = item.exempt?.reason ? `Exempt item (${item.exempt.reason})` : 'Exempt item';
      return {
        ...common('AgendaItem', path, item.createdAt, itemModified.get(item.id)!),
        ...(embedded ? {} : { meeting: meetingUrl }),
        number: item.number,
        order,
        name: item.title ?? exemptName,
        public: item.exempt === null,
        ...(hasPaper(item) ? { consultation: url(oparlPaths.consultation(item.id)) } : {}),
        ...(item.decisions.length > 0 ? { result: item.decisions.map(describeDecision).join('; '), [`${VENDOR_PREFIX}votes`]: item.decisions.map(voteRecord) } : {}),
        ...(item.exempt ? { [`${VENDOR_PREFIX}exemptionReason`]: item.exempt.reason } : {}),
        web: webUrl(publicPaths.meeting(meeting.id)),
      };
    };
    const meetingModified = latest(
      meeting.modifiedAt, ...itemModified.values(), ...itemTombstoneTimes, minutes?.modifiedAt, mainPack?.modifiedAt, ...supplementPacks.map((document) => document.modifiedAt),
    );
    const locationPath = oparlPaths.location(meeting.id);
    const locationObject = (embedded: boolean): Json => ({
      ...common('Location', locationPath, meeting.createdAt, meetingModified),
      description: meeting.venue,
      ...(embedded ? {} : { meetings: [meetingUrl] }),
    });
    add('Meeting', meetingPath, meeting.createdAt, meetingModified, {
      ...common('Meeting', meetingPath, meeting.createdAt, meetingModified),
      name: meeting.title,
      meetingState: meeting.state === 'closed' ? 'durchgeführt' : 'eingeladen',
      ...(meeting.cancelled ? { cancelled: true } : {}),
      start: oparlDateTime(meeting.startsAt),
      ...(meeting.endsAt ? { end: oparlDateTime(meeting.endsAt) } : {}),
      ...(meeting.venue ? { location: locationObject(true) } : {}),
      organization: [organizationUrl],
      ...(invitation ? { invitation: fileObject(invitation, invitation === itemPack ? itemPack.itemId : null, true) } : {}),
      ...(supplementPacks.length > 0 ? { auxiliaryFile: supplementPacks.map((document) => fileObject(document, null, true)) } : {}),
      ...(minutes ? { resultsProtocol: fileObject(minutes, null, true) } : {}),
      ...(items.length > 0 ? { agendaItem: items.map((item, order) => agendaItemObject(item, order, true)) } : {}),
      web: webUrl(publicPaths.meeting(meeting.id)),
    }, [list('meetings'), oparlPaths.organizationMeetings(committee.id)]);
    if (meeting.venue) add('Location', locationPath, meeting.createdAt, meetingModified, locationObject(false), [list('locations')]);
    for (const document of [...(minutes ? [minutes] : []), ...(mainPack ? [mainPack] : []), ...supplementPacks]) {
      add('File', oparlPaths.file(document.id), document.publishedAt, document.modifiedAt, fileObject(document, null, false), [list('files')]);
    }

    items.forEach((item, order) => {
      const modified = itemModified.get(item.id)!;
      add('AgendaItem', oparlPaths.agendaItem(item.id), item.createdAt, modified, agendaItemObject(item, order, false), [list('agenda-items')]);
      if (!hasPaper(item)) return;
      livePapers.add(item.id);
      const removedTimes = removedDocuments.filter((removed) => removed.itemId === item.id).map((removed) => removed.deletedAt);
      const paperModified = latest(modified, ...removedTimes);
      const paperPath = oparlPaths.paper(item.id);
      const consultationPath = oparlPaths.consultation(item.id);
      const consultationObject = (embedded: boolean): Json => ({
        ...common('Consultation', consultationPath, item.createdAt, modified),
        ...(embedded ? {} : { paper: url(paperPath) }),
        agendaItem: url(oparlPaths.agendaItem(item.id)),
        meeting: meetingUrl,
        organization: [organizationUrl],
      });
      const [mainFile, ...auxiliaryFiles] = [...item.documents].sort((a, b) => Number(b.kind === 'report') - Number(a.kind === 'report'));
      add('Paper', paperPath, item.createdAt, paperModified, {
        ...common('Paper', paperPath, item.createdAt, paperModified),
        body: url(oparlPaths.body(body!.id)),
        name: item.title,
        date: oparlDate(item.createdAt),
        paperType: paperTypes[mainFile!.kind],
        mainFile: fileObject(mainFile!, item.id, true),
        ...(auxiliaryFiles.length > 0 ? { auxiliaryFile: auxiliaryFiles.map((document) => fileObject(document, item.id, true)) } : {}),
        consultation: [consultationObject(true)],
        web: webUrl(publicPaths.meeting(meeting.id)),
      }, [list('papers')]);
      add('Consultation', consultationPath, item.createdAt, modified, consultationObject(false), [list('consultations')]);
      for (const document of item.documents) {
        add('File', oparlPaths.file(document.id), document.publishedAt, document.modifiedAt, fileObject(document, item.id, false), [list('files')]);
      }
    });
  }

  // ---- what the public could see and no longer can
  for (const t of listPublicTombstones(db, 'meeting').filter((t) => !liveMeetings.has(t.id))) {
    add('Meeting', oparlPaths.meeting(t.id), t.createdAt, t.deletedAt, null, [
      list('meetings'), ...(t.committeeId && lists.has(oparlPaths.organizationMeetings(t.committeeId)) ? [oparlPaths.organizationMeetings(t.committeeId)] : []),
    ]);
    add('Location', oparlPaths.location(t.id), t.createdAt, t.deletedAt, null, [list('locations')]);
  }
  for (const t of itemTombstones) add('AgendaItem', oparlPaths.agendaItem(t.id), t.createdAt, t.deletedAt, null, [list('agenda-items')]);
  const removedPapers = new Map<string, { created: string; deleted: string }>();
  for (const removed of removedDocuments.filter((r) => !livePapers.has(r.itemId))) {
    const known = removedPapers.get(removed.itemId);
    const created = itemCreated.get(removed.itemId) ?? removed.createdAt;
    const itemDeleted = itemTombstones.find((t) => t.id === removed.itemId)?.deletedAt;
    removedPapers.set(removed.itemId, { created, deleted: latest(known?.deleted, removed.deletedAt, itemDeleted) });
  }
  for (const [itemId, { created, deleted }] of removedPapers) {
    add('Paper', oparlPaths.paper(itemId), created, deleted, null, [list('papers')]);
    add('Consultation', oparlPaths.consultation(itemId), created, deleted, null, [list('consultations')]);
  }
  for (const t of listPublicTombstones(db, 'document')) {
    if (!byPath.has(oparlPaths.file(t.id))) add('File', oparlPaths.file(t.id), t.createdAt, t.deletedAt, null, [list('files')]);
  }
  return finish();

  function finish(): OparlSnapshot {
    for (const entries of lists.values()) entries.sort((a, b) => a.created.localeCompare(b.created) || a.path.localeCompare(b.path));
    return { version, byPath, lists, modified: newest };
  }
}

function describeDecision(vote: VoteResult): string {
  const { counts } = vote;
  return `${vote.motion.text}: ${vote.outcome === 'carried' ? 'carried' : 'lost'} (${counts.for} for, ${counts.against} against, ${counts.abstain} abstaining)`;
}

/** A recorded vote as the public pages show it: the motion, the counts and, for recorded votes, who voted how. */
function voteRecord(vote: VoteResult): Json {
  const names = (people: { displayName: string }[]) => people.map((person) => person.displayName);
  return {
    motion: vote.motion.text,
    kind: vote.kind,
    outcome: vote.outcome,
    closed: oparlDateTime(vote.closedAt),
    counts: vote.counts,
    ...(vote.named
      ? { named: { for: names(vote.named.for), against: names(vote.named.against), abstain: names(vote.named.abstain), didNotVote: names(vote.named.didNotVote) } }
      : {}),
  };
}
