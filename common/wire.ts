/**
 * Wire types of the authority server's HTTP API (`/api/v1`), shared by the
 * server (which validates and serialises them) and the desktop host (which
 * validates what it receives before it touches the mirror).
 *
 * One zod schema per shape; the TypeScript type is inferred from it so the two
 * can never drift. The server also generates its OpenAPI document from these.
 */
import { z } from 'zod';

/** Identifiers are opaque strings (UUIDs on the default server). */
export const Id = z.string().min(1).max(64);
export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');
/** ISO 8601 timestamp with offset, e.g. 2026-11-27T18:00:00.000Z */
export const Timestamp = z.string().datetime({ offset: true });

export const CommitteeRole = z.enum(['clerk', 'chair', 'member', 'minute-taker', 'observer']);
export type CommitteeRole = z.infer<typeof CommitteeRole>;

export const MeetingState = z.enum(['draft', 'published', 'in-session', 'adjourned', 'closed', 'cancelled']);
export type MeetingState = z.infer<typeof MeetingState>;

export const ApiError = z.object({
  status: z.number().int(),
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

// ---------------------------------------------------------------- accounts

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const Membership = z.object({
  committeeId: Id,
  role: CommitteeRole,
});
export type Membership = z.infer<typeof Membership>;

export const UserProfile = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  memberships: z.array(Membership),
});
export type UserProfile = z.infer<typeof UserProfile>;

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: Timestamp,
  user: UserProfile,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

// ---------------------------------------------------------------- council data

export const Body = z.object({
  id: Id,
  name: z.string(),
});
export type Body = z.infer<typeof Body>;

export const Committee = z.object({
  id: Id,
  bodyId: Id,
  name: z.string(),
});
export type Committee = z.infer<typeof Committee>;

/**
 * The server's audit chain head (entry number and its HMAC) when a meeting
 * version was published: a copy outside the server's database, so a cut or
 * recomputed audit log shows (`npm run server -- audit verify --checkpoint SEQ:HMAC`).
 */
export const AuditCheckpoint = z.object({ seq: z.number().int().positive(), hmac: z.string().regex(/^[0-9a-f]{64}$/) });
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>;

export const Meeting = z.object({
  id: Id,
  committeeId: Id,
  title: z.string(),
  startsAt: Timestamp,
  endsAt: Timestamp.nullable(),
  venue: z.string().nullable(),
  state: MeetingState,
  /** Bumped on every (re)publication; the change note says what changed. */
  publishedVersion: z.number().int().nonnegative(),
  changeNote: z.string().nullable(),
  /** On the published record only (the publish answer and the feed's meeting entries). */
  auditCheckpoint: AuditCheckpoint.optional(),
});
export type Meeting = z.infer<typeof Meeting>;

export const AgendaItem = z.object({
  id: Id,
  meetingId: Id,
  parentItemId: Id.nullable(),
  /** Position among its siblings, 0-based. */
  position: z.number().int().nonnegative(),
  /** Free-text number label as printed on the agenda: "5", "5a". */
  number: z.string(),
  title: z.string(),
  confidential: z.boolean(),
  /** Why the item is exempt (e.g. "Paragraph 3, Schedule 12A"), when confidential. */
  confidentialReason: z.string().nullable(),
  /** A confidential item's title may be shown on the public side (the clerk's choice; absent = no); its papers and minutes never are. */
  titlePublic: z.boolean().optional(),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

export const DocumentKind = z.enum(['report', 'supplement', 'minutes', 'agenda', 'other']);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const AgendaDocument = z.object({
  id: Id,
  itemId: Id,
  /** All versions of one document share a lineage id; the newest is current. */
  lineageId: Id,
  version: z.number().int().positive(),
  kind: DocumentKind,
  name: z.string(),
  sha256: Sha256,
  size: z.number().int().nonnegative(),
  pageCount: z.number().int().nonnegative(),
  /** False when the PDF has no text layer (e.g. a scan): search cannot find it. */
  hasText: z.boolean(),
  createdAt: Timestamp,
});
export type AgendaDocument = z.infer<typeof AgendaDocument>;

// ---------------------------------------------------------------- meeting session and voting
// The chair and clerk run a meeting from Chamber: the session, the roll and
// quorum, the current item, the speakers list, motions and votes. The server is
// the only judge: it stamps every time with its own clock, computes quorum and
// results with the committee's rules, and pushes each viewer's filtered
// `MeetingSessionState` to live sockets that follow the meeting.

/** Quorum: a fixed number of voting members, or a fraction of the voting members (chair + members), rounded up. */
export const QuorumRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('count'), value: z.number().int().min(1).max(1000) }),
  z.object({ kind: z.literal('fraction'), value: z.number().gt(0).max(1) }),
]);
export type QuorumRule = z.infer<typeof QuorumRule>;

/**
 * - `simple-of-cast`: more For than Against (abstentions do not count);
 * - `simple-of-present`: For from more than half of the voting members present;
 * - `two-thirds-of-cast`: For from at least two thirds of the For and Against votes.
 */
export const MajorityRule = z.enum(['simple-of-cast', 'simple-of-present', 'two-thirds-of-cast']);
export type MajorityRule = z.infer<typeof MajorityRule>;

/** What a tie (For equals Against, under a simple majority) does: the chair gives a casting vote, or the motion falls. */
export const TieRule = z.enum(['chair-casting-vote', 'motion-falls']);
export type TieRule = z.infer<typeof TieRule>;

export const CommitteeRules = z.object({
  quorum: QuorumRule,
  majority: MajorityRule,
  tie: TieRule,
  secretBallotAllowed: z.boolean(),
});
export type CommitteeRules = z.infer<typeof CommitteeRules>;

/** The rules a committee has until someone changes them. */
export const defaultCommitteeRules: CommitteeRules = {
  quorum: { kind: 'fraction', value: 0.5 },
  majority: 'simple-of-cast',
  tie: 'chair-casting-vote',
  secretBallotAllowed: false,
};

/** PUT by an administrator or the committee's clerk; only the fields given change. */
export const UpdateCommitteeRulesRequest = CommitteeRules.partial();
export type UpdateCommitteeRulesRequest = z.infer<typeof UpdateCommitteeRulesRequest>;

export const SessionStatus = z.enum(['not-started', 'in-session', 'adjourned', 'closed']);
export type SessionStatus = z.infer<typeof SessionStatus>;

/** The roll: `departed` is an early departure (after being present). Nobody is marked until the clerk says so. */
export const Attendance = z.enum(['unmarked', 'present', 'apologies', 'absent', 'departed']);
export type Attendance = z.infer<typeof Attendance>;

export const PersonRef = z.object({ userId: Id, displayName: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;

export const RollEntry = z.object({
  userId: Id,
  displayName: z.string(),
  role: CommitteeRole,
  /** Only the chair and members vote and count towards quorum; clerks, minute-takers and observers do not. */
  votingMember: z.boolean(),
  attendance: Attendance,
  /** Server time of the first arrival; `late` when after the session opened. */
  arrivedAt: Timestamp.nullable(),
  late: z.boolean(),
  departedAt: Timestamp.nullable(),
});
export type RollEntry = z.infer<typeof RollEntry>;

export const Quorum = z.object({
  required: z.number().int().nonnegative(),
  /** Voting members marked present now. */
  present: z.number().int().nonnegative(),
  met: z.boolean(),
});
export type Quorum = z.infer<typeof Quorum>;

export const SpeakerStatus = z.enum(['waiting', 'speaking', 'done']);
export const SpeakerEntry = z.object({
  userId: Id,
  displayName: z.string(),
  status: SpeakerStatus,
  requestedAt: Timestamp,
  /** Server time the chair gave the floor: the speaking timer runs from here. */
  startedAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
});
export type SpeakerEntry = z.infer<typeof SpeakerEntry>;

export const VoteKind = z.enum(['recorded', 'show-of-hands', 'secret']);
export type VoteKind = z.infer<typeof VoteKind>;
export const VoteChoice = z.enum(['for', 'against', 'abstain']);
export type VoteChoice = z.infer<typeof VoteChoice>;
export const VoteCounts = z.object({
  for: z.number().int().nonnegative(),
  against: z.number().int().nonnegative(),
  abstain: z.number().int().nonnegative(),
});
export type VoteCounts = z.infer<typeof VoteCounts>;

export const Motion = z.object({
  text: z.string(),
  proposer: PersonRef.nullable(),
  seconder: PersonRef.nullable(),
});
export type Motion = z.infer<typeof Motion>;

/** A vote that is proposed (motion read out, not yet open) or open. No per-choice counts while open. */
export const CurrentVote = z.object({
  id: Id,
  itemId: Id,
  motion: Motion,
  kind: VoteKind,
  status: z.enum(['pending', 'open']),
  openedAt: Timestamp.nullable(),
  /** Voting members present and not excluded from the item. */
  eligibleCount: z.number().int().nonnegative(),
  votedCount: z.number().int().nonnegative(),
  /** Recorded votes only (null otherwise): eligible members who have not voted yet. */
  notYetVoted: z.array(PersonRef).nullable(),
});
export type CurrentVote = z.infer<typeof CurrentVote>;

export const VoteOutcome = z.enum(['carried', 'lost']);
export const VoteResult = z.object({
  /** The vote's id. */
  id: Id,
  meetingId: Id,
  itemId: Id,
  committeeId: Id,
  motion: Motion,
  kind: VoteKind,
  openedAt: Timestamp,
  closedAt: Timestamp,
  counts: VoteCounts,
  /** Voting members present when the vote closed. */
  presentCount: z.number().int().nonnegative(),
  majority: MajorityRule,
  tie: TieRule,
  outcome: VoteOutcome,
  /** How the outcome was reached. */
  decidedBy: z.enum(['majority', 'casting-vote', 'tie-falls']),
  castingVote: z.enum(['for', 'against']).nullable(),
  /** Recorded votes only (null otherwise): who voted how, and who did not vote. */
  named: z
    .object({ for: z.array(PersonRef), against: z.array(PersonRef), abstain: z.array(PersonRef), didNotVote: z.array(PersonRef) })
    .nullable(),
});
export type VoteResult = z.infer<typeof VoteResult>;

/** What the server answers a ballot with; a resend with the same ballotId gets the same receipt. */
export const BallotReceipt = z.object({
  voteId: Id,
  ballotId: z.string().uuid(),
  /** Server-chosen; quote it to the clerk if in doubt. */
  receiptId: Id,
  recordedAt: Timestamp,
  /** The choice as recorded, for recorded votes; null for secret ballots (the server does not keep it with you). */
  choice: VoteChoice.nullable(),
});
export type BallotReceipt = z.infer<typeof BallotReceipt>;

/** POST to `apiPaths.ballots(voteId)` by a voting member. `ballotId` is a uuid the client picks once per ballot and reuses on every resend. */
export const CastBallotRequest = z.object({
  ballotId: z.string().uuid(),
  choice: VoteChoice,
});
export type CastBallotRequest = z.infer<typeof CastBallotRequest>;

/** The meeting as it runs, for one viewer. `GET apiPaths.session(meetingId)`, and pushed on the live socket. */
export const MeetingSessionState = z.object({
  meetingId: Id,
  committeeId: Id,
  status: SessionStatus,
  openedAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
  rules: CommitteeRules,
  roll: z.array(RollEntry),
  quorum: Quorum,
  /** Null too for viewers outside the committee while the current item is confidential. */
  currentItemId: Id.nullable(),
  /** Members who declared an interest that takes them out of the current item (shown as having left the room); empty where currentItemId is hidden. */
  excludedFromCurrentItem: z.array(PersonRef),
  /** The current item's speakers list, in order: speaking and waiting first, then done. */
  speakers: z.array(SpeakerEntry),
  vote: CurrentVote.nullable(),
  /** The viewer's own receipt for the current vote, if they voted. */
  myBallot: BallotReceipt.nullable(),
  /** The latest closed votes of this meeting the viewer may see (at most 3), newest first; all of them: `apiPaths.meetingVoteResults`. */
  results: z.array(VoteResult),
  /** Server time of this state, so clients can run the speaking timer against the server's clock. */
  serverTime: Timestamp,
});
export type MeetingSessionState = z.infer<typeof MeetingSessionState>;

/**
 * POST to `apiPaths.sessionCommands(meetingId)`; answers the new `MeetingSessionState`.
 * Clerk or chair: open/adjourn/resume/close the session, the roll, the current
 * item, motions and votes. Voting members: request-to-speak / withdraw-request for
 * themselves. Chair or clerk: reorder, give the floor, end the floor.
 * `close-vote`: `counts` is required for show of hands (the clerk's count) and
 * refused otherwise; `castingVote` is required on a tie when the rule is
 * `chair-casting-vote` (else 409 `casting-vote-required`).
 */
export const SessionCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open-session') }),
  z.object({ type: z.literal('adjourn-session') }),
  z.object({ type: z.literal('resume-session') }),
  z.object({ type: z.literal('close-session') }),
  z.object({ type: z.literal('set-attendance'), userId: Id, attendance: Attendance.exclude(['unmarked']) }),
  z.object({ type: z.literal('set-current-item'), itemId: Id.nullable() }),
  z.object({ type: z.literal('request-to-speak') }),
  z.object({ type: z.literal('withdraw-request') }),
  z.object({ type: z.literal('reorder-speakers'), userIds: z.array(Id).max(500) }),
  z.object({ type: z.literal('give-floor'), userId: Id }),
  z.object({ type: z.literal('end-floor') }),
  z.object({
    type: z.literal('propose-motion'),
    text: z.string().trim().min(1).max(4000),
    proposerUserId: Id.nullable(),
    seconderUserId: Id.nullable(),
    kind: VoteKind,
  }),
  z.object({ type: z.literal('withdraw-motion'), voteId: Id }),
  z.object({ type: z.literal('open-vote'), voteId: Id }),
  z.object({
    type: z.literal('close-vote'),
    voteId: Id,
    counts: VoteCounts.optional(),
    castingVote: z.enum(['for', 'against']).optional(),
  }),
]);
export type SessionCommand = z.infer<typeof SessionCommand>;

/**
 * Error codes of the session and ballot routes (in `ApiError.code`), besides
 * the general `invalid-request`, `unauthenticated`, `forbidden`, `not-found`.
 */
export const VotingErrorCode = z.enum([
  'session-not-open', // the meeting is not in session (or adjourned)
  'session-state', // e.g. opening a closed session
  'no-current-item', // a motion needs a current item
  'not-on-roll', // set-attendance / give-floor for someone not on the committee
  'vote-in-progress', // another vote of this meeting is pending or open
  'secret-ballot-not-allowed',
  'vote-not-open', // ballot before opening (pending) or on a withdrawn vote
  'vote-closed', // ballot after closing, by the server's clock
  'not-a-voting-member', // not chair/member of the committee (clerk, observer, minute-taker, outsider)
  'not-present', // not marked present at the roll, or departed
  'excluded-by-declaration', // declared an interest that takes them out of the item
  'show-of-hands', // ballots are not cast on a show of hands; the clerk enters counts
  'already-voted', // a different ballotId for a member who has voted (second device): one ballot per member
  'ballot-id-taken', // the ballotId belongs to someone else's ballot
  'counts-required', // show of hands closed without counts (or counts given for another kind)
  'casting-vote-required',
]);
export type VotingErrorCode = z.infer<typeof VotingErrorCode>;

// ---------------------------------------------------------------- change feed

/**
 * One entry of the per-user change feed. `seq` is the server's monotonic
 * sequence number; a mirror stores the highest seq it applied and resumes with
 * `GET /api/v1/changes?since=<seq>`.
 *
 * - `upsert` carries the entity's full current state.
 * - `delete` is a tombstone: the entity is gone (or no longer visible).
 * - `purge` tells the mirror to drop everything confidential of `committeeId`
 *   (membership ended); `resync` tells it to catch up again from seq 0 because
 *   what it may see has grown (membership started).
 */
// A plain union, not discriminatedUnion('kind'): several variants share a kind
// ('committee' upsert/delete/purge), which zod 4's discriminatedUnion rejects at parse time.
export const Change = z.union([
  z.object({ seq: z.number().int().positive(), kind: z.literal('committee'), op: z.literal('upsert'), data: Committee }),
  z.object({ seq: z.number().int().positive(), kind: z.literal('meeting'), op: z.literal('upsert'), data: Meeting }),
  z.object({ seq: z.number().int().positive(), kind: z.literal('item'), op: z.literal('upsert'), data: AgendaItem }),
  z.object({ seq: z.number().int().positive(), kind: z.literal('document'), op: z.literal('upsert'), data: AgendaDocument }),
  z.object({ seq: z.number().int().positive(), kind: z.literal('membership'), op: z.literal('upsert'), data: Membership }),
  /** A closed vote's result, for the meeting record (confidential items': committee members only). */
  z.object({ seq: z.number().int().positive(), kind: z.literal('vote-result'), op: z.literal('upsert'), data: VoteResult }),
  z.object({
    seq: z.number().int().positive(),
    kind: z.enum(['committee', 'meeting', 'item', 'document', 'membership']),
    op: z.literal('delete'),
    id: Id,
  }),
  z.object({ seq: z.number().int().positive(), kind: z.literal('committee'), op: z.literal('purge'), id: Id }),
  z.object({ seq: z.number().int().positive(), kind: z.literal('mirror'), op: z.literal('resync') }),
]);
export type Change = z.infer<typeof Change>;

export const ChangePage = z.object({
  changes: z.array(Change),
  /** Pass as `since` for the next page (the seq of the last change, or the request's since). */
  nextSince: z.number().int().nonnegative(),
  /** True when more changes are waiting: fetch again before going live. */
  hasMore: z.boolean(),
});
export type ChangePage = z.infer<typeof ChangePage>;

/** Messages the server pushes on the live change-feed WebSocket. */
export const LiveFeedMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('changes'), changes: z.array(Change) }),
  /** Something changed that this user may see; fetch `since` to get it. */
  z.object({ type: z.literal('poke'), latestSeq: z.number().int().nonnegative() }),
  /** The meeting's session as this user may see it; sent to sockets that follow the meeting, on every change. */
  z.object({ type: z.literal('session'), meetingId: Id, state: MeetingSessionState }),
]);
export type LiveFeedMessage = z.infer<typeof LiveFeedMessage>;

/**
 * Messages a client may send on the live feed (anything else closes the
 * connection). `follow-session` asks for `session` messages of one meeting
 * (the current state is sent at once); following another meeting replaces it.
 */
export const LiveFeedClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }).strict(),
  z.object({ type: z.literal('follow-session'), meetingId: Id }).strict(),
  z.object({ type: z.literal('unfollow-session') }).strict(),
]);
export type LiveFeedClientMessage = z.infer<typeof LiveFeedClientMessage>;

// ---------------------------------------------------------------- clerk commands

export const CreateMeetingRequest = z.object({
  committeeId: Id,
  title: z.string().trim().min(1).max(500),
  startsAt: Timestamp,
  endsAt: Timestamp.nullable().optional(),
  venue: z.string().trim().max(500).nullable().optional(),
});
export type CreateMeetingRequest = z.infer<typeof CreateMeetingRequest>;

/** PATCH a meeting (clerk); only the fields given change. Mirrors learn of it on the next publish. */
export const UpdateMeetingRequest = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  startsAt: Timestamp.optional(),
  endsAt: Timestamp.nullable().optional(),
  venue: z.string().trim().max(500).nullable().optional(),
  state: MeetingState.optional(),
});
export type UpdateMeetingRequest = z.infer<typeof UpdateMeetingRequest>;

export const CreateItemRequest = z.object({
  number: z.string().trim().min(1).max(20),
  title: z.string().trim().min(1).max(1000),
  parentItemId: Id.nullable().optional(),
  confidential: z.boolean().default(false),
  confidentialReason: z.string().trim().max(500).nullable().optional(),
  titlePublic: z.boolean().optional(),
});
export type CreateItemRequest = z.infer<typeof CreateItemRequest>;

/** PATCH an agenda item (clerk); only the fields given change. Mirrors learn of it on the next publish. */
export const UpdateItemRequest = z.object({
  /** Move the item to this 0-based place among its siblings (the others shift). */
  position: z.number().int().nonnegative().optional(),
  number: z.string().trim().min(1).max(20).optional(),
  title: z.string().trim().min(1).max(1000).optional(),
  confidential: z.boolean().optional(),
  confidentialReason: z.string().trim().max(500).nullable().optional(),
  titlePublic: z.boolean().optional(),
});
export type UpdateItemRequest = z.infer<typeof UpdateItemRequest>;

export const PublishRequest = z.object({
  changeNote: z.string().trim().max(2000).nullable().optional(),
});
export type PublishRequest = z.infer<typeof PublishRequest>;

// ---------------------------------------------------------------- administration
// A council administrator (account flag `isAdmin`, first one made by
// `npm run server -- user add --admin`) manages people, committees and memberships.

export const CreateUserRequest = z.object({
  username: z.string().trim().min(1).max(200),
  displayName: z.string().trim().min(1).max(200),
  password: z.string().min(12).max(1024),
  isAdmin: z.boolean().default(false),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const CreateCommitteeRequest = z.object({
  name: z.string().trim().min(1).max(300),
});
export type CreateCommitteeRequest = z.infer<typeof CreateCommitteeRequest>;

export const SetMembershipRequest = z.object({ role: CommitteeRole });
export type SetMembershipRequest = z.infer<typeof SetMembershipRequest>;

// ---------------------------------------------------------------- declarations of interest

export const InterestKind = z.enum(['disclosable-pecuniary', 'other-registrable', 'non-registrable']);
export type InterestKind = z.infer<typeof InterestKind>;

/** PUT by a committee member for themself on one agenda item (replaces their earlier declaration). */
export const DeclareInterestRequest = z.object({
  kind: InterestKind,
  description: z.string().trim().min(1).max(2000),
  /**
   * The member leaves the room for the item and may not vote on it. A
   * disclosable pecuniary interest always excludes (the server forces true);
   * for the other kinds the member (advised by the clerk) says so; default false.
   */
  leavesRoom: z.boolean().optional(),
});
export type DeclareInterestRequest = z.infer<typeof DeclareInterestRequest>;

export const InterestDeclaration = z.object({
  itemId: Id,
  userId: Id,
  displayName: z.string(),
  kind: InterestKind,
  description: z.string(),
  /** Excluded from the item: shown as having left the room, and any ballot on it is refused. */
  leavesRoom: z.boolean(),
  declaredAt: Timestamp,
});
export type InterestDeclaration = z.infer<typeof InterestDeclaration>;

// ---------------------------------------------------------------- search

export const SearchQuery = z.object({
  q: z.string().trim().min(2).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** One page of a published document the user may see that matches the query. */
export const SearchHit = z.object({
  documentId: Id,
  itemId: Id,
  meetingId: Id,
  name: z.string(),
  sha256: Sha256,
  /** 1-based page number. */
  page: z.number().int().positive(),
  /** Text around the match; the matched words are wrapped in [[ ]]. */
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof SearchHit>;

// ---------------------------------------------------------------- read responses

/** `GET /api/v1/meetings/:id`: the meeting as this user may see it (published state, or the clerk's working copy). */
export const MeetingDetailResponse = z.object({
  meeting: Meeting,
  committee: Committee,
  /** In agenda order. */
  items: z.array(AgendaItem),
  /** Current documents of the visible items. */
  documents: z.array(AgendaDocument),
});
export type MeetingDetailResponse = z.infer<typeof MeetingDetailResponse>;

export const HealthResponse = z.object({
  status: z.literal('ok'),
  latestSeq: z.number().int().nonnegative(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** Route paths, so the host and tests never spell them twice. */
export const apiPaths = {
  login: '/api/v1/auth/login',
  logout: '/api/v1/auth/logout',
  me: '/api/v1/me',
  committees: '/api/v1/committees',
  meetings: '/api/v1/meetings',
  /** GET the meeting as the user may see it; PATCH (UpdateMeetingRequest) as its clerk. */
  meeting: (meetingId: string) => `/api/v1/meetings/${encodeURIComponent(meetingId)}`,
  meetingItems: (meetingId: string) => `/api/v1/meetings/${encodeURIComponent(meetingId)}/items`,
  publish: (meetingId: string) => `/api/v1/meetings/${encodeURIComponent(meetingId)}/publish`,
  /** PATCH (UpdateItemRequest) or DELETE an agenda item (clerk); takes effect for mirrors on the next publish. */
  item: (itemId: string) => `/api/v1/items/${encodeURIComponent(itemId)}`,
  /** GET declarations of interest on an item (clerk and chair: all; others: their own); PUT/DELETE your own. */
  itemDeclarations: (itemId: string) => `/api/v1/items/${encodeURIComponent(itemId)}/declarations`,
  /** POST raw PDF bytes (Content-Type: application/pdf) with ?name=…&kind=… */
  itemDocuments: (itemId: string) => `/api/v1/items/${encodeURIComponent(itemId)}/documents`,
  /** GET a document's bytes by content hash: Range requests, ETag = "<sha256>". */
  documentContent: (sha256: string) => `/api/v1/documents/${sha256}/content`,
  changes: '/api/v1/changes',
  /** GET ?q=…&limit=… full-text search over the pages of published documents the user may see. */
  search: '/api/v1/search',
  changesLive: '/api/v1/changes/live',
  /** GET (anyone who may see the meeting) / PUT (admin or the committee's clerk, UpdateCommitteeRulesRequest) the committee's rules. */
  committeeRules: (committeeId: string) => `/api/v1/committees/${encodeURIComponent(committeeId)}/rules`,
  /** GET the meeting's MeetingSessionState for the signed-in user. */
  session: (meetingId: string) => `/api/v1/meetings/${encodeURIComponent(meetingId)}/session`,
  /** POST a SessionCommand; answers the new MeetingSessionState. */
  sessionCommands: (meetingId: string) => `/api/v1/meetings/${encodeURIComponent(meetingId)}/session/commands`,
  /** POST a CastBallotRequest: 201 BallotReceipt, or 200 with the same receipt on a resend of the same ballotId. */
  ballots: (voteId: string) => `/api/v1/votes/${encodeURIComponent(voteId)}/ballots`,
  /** GET every closed vote of the meeting the user may see (VoteResult[], oldest first): the record the minutes read. */
  meetingVoteResults: (meetingId: string) => `/api/v1/meetings/${encodeURIComponent(meetingId)}/vote-results`,
  openapi: '/api/v1/openapi.json',
  health: '/api/v1/health',
  adminUsers: '/api/v1/admin/users',
  adminCommittees: '/api/v1/admin/committees',
  /** PUT { role } starts or changes a membership; DELETE ends it. */
  adminMembership: (committeeId: string, userId: string) =>
    `/api/v1/admin/committees/${encodeURIComponent(committeeId)}/members/${encodeURIComponent(userId)}`,
} as const;

// ---------------------------------------------------------------- Yjs documents

/**
 * Yjs documents are served at `/yjs/<name>` (y-websocket protocol:
 * `new WebsocketProvider(serverUrl + yjsPaths.base, name, doc, { protocols: ['chamber-token.' + token] })`).
 * Their names are built and parsed in common/yjs-names.ts; who may read and
 * write each kind is decided by the server per message.
 */
export { yjsDocName } from './yjs-names.ts';

export const yjsPaths = {
  base: '/yjs',
  doc: (docName: string) => `/yjs/${encodeURIComponent(docName)}`,
} as const;

/**
 * Close codes of `/yjs` connections the server ends on purpose, with a reason in words. All are in
 * 4400–4499, which y-websocket reads as "reconnecting cannot help": clients stop and say why.
 */
export const yjsCloseCodes = {
  /** The session was signed out or expired: sign in again. */
  sessionEnded: 4401,
  /** The user may no longer read the document (membership ended, paper withdrawn or made confidential). */
  accessEnded: 4403,
  /** The document reached its stored-size cap; the update was neither stored nor relayed. */
  documentTooLarge: 4413,
  /** The connection sent more messages or bytes per second than the server allows. */
  tooManyMessages: 4429,
} as const;
