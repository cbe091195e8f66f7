/**
 * A small council for the public side's tests (pages, search, calendar feeds,
 * open data, public file URLs), built through the real HTTP API of a running
 * real server, as an administrator and a clerk would:
 *
 * - two committees (Planning, Licensing) with a chair and members, and an
 *   officer (the clerk, who is never named publicly);
 * - Planning's past meeting: an agenda, the previous minutes, a planning report
 *   with a recorded vote (named lists), a report that was published and then
 *   withdrawn (its item deleted and the meeting republished: a tombstone), and a
 *   CONFIDENTIAL item whose title and paper hold secret words, with its own
 *   recorded vote and a passage of minutes text that are secret too; the
 *   minutes approved by the chair's signature and published (a public version,
 *   the exempt item only "Exempt item", and the committee's full version);
 * - Planning's upcoming meeting: a report revised once (version 1 superseded),
 *   and a confidential item whose title the clerk made public (its paper is not);
 * - Licensing's cancelled meeting, and a member whose membership ended.
 *
 * Tests import the ids, URLs and secret words from what `seedPublicCouncil`
 * returns and assert that no secret reaches anything public.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { MINUTES_FRAGMENT, minutesNodes, minutesPaths } from '../../common/minutes.ts';
import {
  AgendaDocument, AgendaItem, BallotReceipt, Committee, Meeting, MeetingDetailResponse, MeetingSessionState, type SessionCommand, UserProfile, VoteResult, type VoteChoice, apiPaths,
  yjsDocName,
} from '../../common/wire.ts';
import { publicPaths } from '../../collab-server/public/public-paths.ts';
import { ApiClient } from './api-client.ts';
import { type CorpusPaper, corpusPaper } from './host-council.ts';
import { type ServerProcess, type StartServerOptions, startServerWithAdmin } from './server-process.ts';
import { YjsSocket } from './yjs-socket.ts';

/** Words of the confidential item's title: never public. */
export const CONFIDENTIAL_TITLE = 'Acquisition of the Thornquist Yard freehold';
export const CONFIDENTIAL_TITLE_SECRET_WORDS = ['Thornquist'] as const;
/** The confidential paper (a real PDF): words of its text found in no other paper of this council. */
export const CONFIDENTIAL_PAPER_FILE = 'chi_ssa21-lincoln-square_minutes_2018-01-29.pdf';
export const CONFIDENTIAL_PAPER_SECRET_WORDS = ['Qaiyum', 'Maiorca', 'Andersonville', 'Paintworks', 'Ravenswood'] as const;
/** The motion voted on in private session. */
export const CONFIDENTIAL_MOTION = 'That the Thornquist Yard freehold be acquired for the sum in the exempt report';
/** What the minute-taker wrote under the confidential item. */
export const CONFIDENTIAL_MINUTES_TEXT = 'The committee agreed the Wexcombe settlement figure and the Brackenholt valuation in private.';
export const CONFIDENTIAL_MINUTES_SECRET_WORDS = ['Wexcombe', 'Brackenholt'] as const;
/** Every word that must never appear in anything public. */
export const ALL_SECRET_WORDS: readonly string[] = [
  ...CONFIDENTIAL_TITLE_SECRET_WORDS, ...CONFIDENTIAL_PAPER_SECRET_WORDS, ...CONFIDENTIAL_MINUTES_SECRET_WORDS,
];

export const EXEMPTION_REASON = 'Paragraph 3, Schedule 12A';
/** A confidential item whose title the clerk made public; its paper stays private. */
export const TITLE_PUBLIC_TITLE = 'Review of the Marlow Street depot lease';
export const TITLE_PUBLIC_PAPER_FILE = 'ca_la-habra-heights_city-council_agenda.pdf';
export const CANCELLATION_REASON = 'Insufficient business';
/** A paper name beyond ASCII (an en dash): its download names it with RFC 5987's `filename*`. */
export const PREVIOUS_MINUTES_NAME = 'Minutes of 8 October 2025 – approved';
export const PUBLIC_MINUTES_TEXT = 'The committee resolved to grant permission subject to the conditions in the report.';

export type PersonKey = 'clerk' | 'planningChair' | 'planningMember' | 'planningMember2' | 'licensingChair' | 'licensingMember' | 'formerMember';

export interface SeededPerson {
  id: string;
  username: string;
  displayName: string;
}

export interface SeededPaper {
  document: AgendaDocument;
  paper: CorpusPaper;
}

export interface PublicCouncil {
  server: ServerProcess;
  admin: ApiClient;
  clerk: ApiClient;
  committees: { planning: Committee; licensing: Committee };
  people: Record<PersonKey, SeededPerson>;
  meetings: { planningPast: Meeting; planningUpcoming: Meeting; licensingCancelled: Meeting };
  items: {
    agenda: AgendaItem;
    previousMinutes: AgendaItem;
    planningApplication: AgendaItem;
    /** Deleted after publication, then the meeting republished: it and its paper are tombstones. */
    withdrawn: AgendaItem;
    confidential: AgendaItem;
    declarations: AgendaItem;
    localPlan: AgendaItem;
    titlePublic: AgendaItem;
    licensingItem: AgendaItem;
  };
  papers: {
    agenda: SeededPaper;
    previousMinutes: SeededPaper;
    planningReport: SeededPaper;
    /** Public once, then withdrawn: its file URLs answer 410. */
    withdrawnReport: SeededPaper;
    /** Version 1 of the Local Plan report, superseded by `localPlanV2`: its file URLs answer 410. */
    localPlanV1: SeededPaper;
    localPlanV2: SeededPaper;
    /** Never public: its file URLs answer 404. */
    confidential: SeededPaper;
    /** Never public either (only the item's title is). */
    titlePublic: SeededPaper;
  };
  /** The past meeting's published minutes: the public version (exempt item only as such) and the committee's full one (never public). */
  minutes: { public: AgendaDocument; committee: AgendaDocument };
  votes: {
    /** A recorded vote on the planning application: named lists are public. */
    planning: VoteResult;
    /** A recorded vote on the confidential item: nothing of it is public. */
    confidential: VoteResult;
  };
}

/** The public file URLs of a document (relative to the server). */
export function publicFileUrls(documentId: string): { view: string; download: string } {
  return { view: publicPaths.fileView(documentId), download: publicPaths.fileDownload(documentId) };
}

/** A fresh server with the public council seeded; stop `council.server` when done. */
export async function startPublicCouncil(options: StartServerOptions = {}): Promise<PublicCouncil> {
  const { server, adminPassword } = await startServerWithAdmin(options);
  try {
    return await seedPublicCouncil(server, adminPassword);
  } catch (error) {
    await server.stop();
    throw error;
  }
}

const PASSWORD_SUFFIX = '-password-long';

export async function seedPublicCouncil(server: ServerProcess, adminPassword: string): Promise<PublicCouncil> {
  const admin = await ApiClient.login(server.url, 'admin', adminPassword);
  const planning = Committee.parse(await admin.post(apiPaths.adminCommittees, { name: 'Planning Committee' }));
  const licensing = Committee.parse(await admin.post(apiPaths.adminCommittees, { name: 'Licensing Committee' }));

  const personSpecs: [PersonKey, string, [Committee, 'clerk' | 'chair' | 'member'][]][] = [
    ['clerk', 'Democratic Services Officer Dana Whitlock', [[planning, 'clerk'], [licensing, 'clerk']]],
    ['planningChair', 'Cllr Amira Hassan', [[planning, 'chair']]],
    ['planningMember', 'Cllr Ben Okafor', [[planning, 'member'], [licensing, 'member']]],
    ['planningMember2', 'Cllr Carys Pryce', [[planning, 'member']]],
    ['licensingChair', 'Cllr Deepak Varma', [[licensing, 'chair']]],
    ['licensingMember', 'Cllr Eilidh Fraser', [[licensing, 'member']]],
    ['formerMember', 'Cllr Frank Lomax', [[licensing, 'member']]],
  ];
  const people = {} as Record<PersonKey, SeededPerson>;
  for (const [key, displayName, memberships] of personSpecs) {
    const username = key.toLowerCase();
    const user = UserProfile.parse(await admin.post(apiPaths.adminUsers, { username, displayName, password: username + PASSWORD_SUFFIX }));
    for (const [committee, role] of memberships) await admin.put(apiPaths.adminMembership(committee.id, user.id), { role });
    people[key] = { id: user.id, username, displayName };
  }
  // Only those who act sign in (each sign-in costs a deliberately slow password hash).
  const clients = {} as Record<'clerk' | 'planningChair' | 'planningMember' | 'planningMember2', ApiClient>;
  for (const key of ['clerk', 'planningChair', 'planningMember', 'planningMember2'] as const) {
    clients[key] = await ApiClient.login(server.url, people[key].username, people[key].username + PASSWORD_SUFFIX);
  }
  const clerk = clients.clerk;

  const createItem = async (meeting: Meeting, body: Record<string, unknown>) => AgendaItem.parse(await clerk.post(apiPaths.meetingItems(meeting.id), body));
  const upload = async (item: AgendaItem, file: string, name: string, kind: AgendaDocument['kind'], replaces?: AgendaDocument): Promise<SeededPaper> => {
    const paper = corpusPaper(file, name);
    const query = new URLSearchParams({ name, kind, ...(replaces ? { replaces: replaces.id } : {}) });
    return { paper, document: AgendaDocument.parse(await clerk.uploadPdf(`${apiPaths.itemDocuments(item.id)}?${query}`, paper.bytes)) };
  };
  const publish = async (meeting: Meeting, changeNote: string) => Meeting.parse(await clerk.post(apiPaths.publish(meeting.id), { changeNote }));
  const createMeeting = async (committee: Committee, startsAt: string, venue: string, endsAt?: string) =>
    Meeting.parse(await clerk.post(apiPaths.meetings, { committeeId: committee.id, title: committee.name, startsAt, venue, ...(endsAt ? { endsAt } : {}) }));
  /** A time `days` from now at hh:mm UTC. */
  const daysAhead = (days: number, hours: number, minutes: number) => {
    const time = new Date(Date.now() + days * 86_400_000);
    time.setUTCHours(hours, minutes, 0, 0);
    return time.toISOString();
  };

  // ---- Planning, a past meeting
  let planningPast = await createMeeting(planning, '2025-11-12T18:30:00.000Z', 'Council Chamber, Town Hall', '2025-11-12T21:00:00.000Z');
  const agenda = await createItem(planningPast, { title: 'Agenda and apologies for absence' });
  const previousMinutes = await createItem(planningPast, { title: 'Minutes of the previous meeting' });
  const planningApplication = await createItem(planningPast, { title: 'Planning application 25/00412/FUL: 14 Harbour Road' });
  const withdrawn = await createItem(planningPast, { title: 'Street naming and numbering policy' });
  const confidential = await createItem(planningPast, { title: CONFIDENTIAL_TITLE, confidential: true, confidentialReason: EXEMPTION_REASON });
  const agendaPaper = await upload(agenda, 'kent_county-council_agenda-frontsheet_2025-02-13.pdf', 'Agenda frontsheet', 'agenda');
  const previousMinutesPaper = await upload(previousMinutes, 'kent_county-council_printed-minutes_2025-02-13.pdf', PREVIOUS_MINUTES_NAME, 'minutes');
  const planningReport = await upload(planningApplication, 'lametro_board_agenda_test.pdf', 'Officer report: 14 Harbour Road', 'report');
  const withdrawnReport = await upload(withdrawn, 'ca_ladwp_board-of-commissioners_agenda.pdf', 'Street naming policy report', 'report');
  const confidentialPaper = await upload(confidential, CONFIDENTIAL_PAPER_FILE, 'Exempt report: Thornquist Yard valuation', 'report');
  planningPast = await publish(planningPast, 'Agenda published');

  // The meeting takes place: a recorded vote on the application, another in private session.
  const run = (client: ApiClient, body: SessionCommand) => client.post(apiPaths.sessionCommands(planningPast.id), body).then((s) => MeetingSessionState.parse(s));
  await run(clients.planningChair, { type: 'open-session' });
  for (const key of ['planningChair', 'planningMember', 'planningMember2'] as const) {
    await run(clerk, { type: 'set-attendance', userId: people[key].id, attendance: 'present' });
  }
  const recordedVote = async (item: AgendaItem, text: string, ballots: [keyof typeof clients, VoteChoice][]): Promise<VoteResult> => {
    await run(clerk, { type: 'set-current-item', itemId: item.id });
    const proposed = await run(clients.planningChair, {
      type: 'propose-motion', text, proposerUserId: people.planningMember.id, seconderUserId: people.planningMember2.id, kind: 'recorded',
    });
    const voteId = proposed.vote!.id;
    await run(clients.planningChair, { type: 'open-vote', voteId });
    for (const [key, choice] of ballots) {
      BallotReceipt.parse(await clients[key].post(apiPaths.ballots(voteId), { ballotId: randomUUID(), choice }));
    }
    const closed = await run(clients.planningChair, { type: 'close-vote', voteId });
    const result = closed.results.find((r) => r.id === voteId);
    if (!result) throw new Error(`The closed vote ${voteId} is not in the session's results`);
    return result;
  };
  const planningVote = await recordedVote(planningApplication, 'That planning permission be granted subject to conditions', [
    ['planningChair', 'for'], ['planningMember', 'for'], ['planningMember2', 'against'],
  ]);
  const confidentialVote = await recordedVote(confidential, CONFIDENTIAL_MOTION, [
    ['planningChair', 'for'], ['planningMember', 'abstain'], ['planningMember2', 'for'],
  ]);
  await run(clients.planningChair, { type: 'close-session' });
  // The withdrawn report goes with its item; republishing leaves tombstones where they were.
  await clerk.delete(apiPaths.item(withdrawn.id));
  planningPast = await publish(planningPast, 'Item 4 withdrawn; decisions recorded');

  // ---- Planning, an upcoming meeting
  let planningUpcoming = await createMeeting(planning, daysAhead(21, 18, 30), 'Committee Room 2');
  const declarations = await createItem(planningUpcoming, { title: 'Declarations of interest' });
  const localPlan = await createItem(planningUpcoming, { title: 'Local Plan consultation response' });
  const titlePublic = await createItem(planningUpcoming, {
    title: TITLE_PUBLIC_TITLE, confidential: true, confidentialReason: EXEMPTION_REASON, titlePublic: true,
  });
  const localPlanV1 = await upload(localPlan, 'epa_planning-commission_minutes_2020-01-27.pdf', 'Local Plan consultation report', 'report');
  const titlePublicPaper = await upload(titlePublic, TITLE_PUBLIC_PAPER_FILE, 'Exempt report: depot lease terms', 'report');
  planningUpcoming = await publish(planningUpcoming, 'Agenda published');
  const localPlanV2 = await upload(localPlan, 'chi_police-district-council-001_notice-agenda_2023-06-06.pdf', 'Local Plan consultation report (revised)', 'report', localPlanV1.document);
  planningUpcoming = await publish(planningUpcoming, 'Revised Local Plan report');

  // ---- Licensing: a meeting published, then cancelled; a membership that ended
  let licensingCancelled = await createMeeting(licensing, daysAhead(14, 10, 0), 'Council Chamber, Town Hall');
  const licensingItem = await createItem(licensingCancelled, { title: 'Premises licence review: The Crown, Market Street' });
  licensingCancelled = await publish(licensingCancelled, 'Agenda published');
  licensingCancelled = Meeting.parse(await clerk.post(apiPaths.meetingCancel(licensingCancelled.id), { reason: CANCELLATION_REASON }));
  await admin.delete(apiPaths.adminMembership(licensing.id, people.formerMember.id));

  // Last: the Yjs log is written by a second database connection, and a clerk's edit racing its write fails (SQLITE_BUSY).
  await writeMinutes(server, clerk, planningPast, [
    { item: planningApplication, text: PUBLIC_MINUTES_TEXT },
    { item: confidential, text: CONFIDENTIAL_MINUTES_TEXT },
  ]);
  // The minutes go round, the chair signs them, the clerk publishes them: a public version (the exempt item only
  // "Exempt item") and the committee's full version become documents of the meeting.
  await clerk.post(minutesPaths.minutes(planningPast.id), { to: 'circulated' });
  await clients.planningChair.post(minutesPaths.minutes(planningPast.id), { to: 'approved', method: 'chair-signature' });
  await clerk.post(minutesPaths.minutes(planningPast.id), { to: 'published' });
  const pastDetail = MeetingDetailResponse.parse(await clerk.get(apiPaths.meeting(planningPast.id)));
  planningPast = pastDetail.meeting;
  const minutesDocument = (committeeOnly: boolean) => {
    const found = pastDetail.documents.find((d) => d.itemId === null && d.kind === 'minutes' && (d.committeeOnly ?? false) === committeeOnly);
    if (!found) throw new Error(`The published minutes (${committeeOnly ? 'committee' : 'public'} version) are missing`);
    return found;
  };


  return {
    server,
    admin,
    clerk,
    committees: { planning, licensing },
    people,
    meetings: { planningPast, planningUpcoming, licensingCancelled },
    items: { agenda, previousMinutes, planningApplication, withdrawn, confidential, declarations, localPlan, titlePublic, licensingItem },
    papers: {
      agenda: agendaPaper,
      previousMinutes: previousMinutesPaper,
      planningReport,
      withdrawnReport,
      localPlanV1,
      localPlanV2,
      confidential: confidentialPaper,
      titlePublic: titlePublicPaper,
    },
    votes: { planning: planningVote, confidential: confidentialVote },
    minutes: { public: minutesDocument(false), committee: minutesDocument(true) },
  };
}

/** Writes the minutes' text, one section per item (as the minutes editor lays them out), into `minutes.<meetingId>`. */
async function writeMinutes(server: ServerProcess, clerk: ApiClient, meeting: Meeting, sections: { item: AgendaItem; text: string }[]): Promise<void> {
  const socket = await YjsSocket.open(server.url, clerk.token!, yjsDocName.minutes(meeting.id));
  try {
    socket.write((doc) => {
      const fragment = doc.getXmlFragment(MINUTES_FRAGMENT);
      for (const { item, text } of sections) {
        const heading = new Y.XmlElement(minutesNodes.itemSection);
        heading.setAttribute('itemId', item.id);
        heading.setAttribute('number', item.number);
        heading.setAttribute('title', item.title);
        heading.setAttribute('confidential', item.confidential as unknown as string);
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(text)]);
        fragment.insert(fragment.length, [heading, paragraph]);
      }
    });
    const answer = await socket.roundTrip();
    if (answer !== 'answered') throw new Error(`The server closed the minutes document: ${answer.code} ${answer.reason}`);
  } finally {
    socket.close();
  }
}
