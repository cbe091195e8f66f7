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
]);
export type LiveFeedMessage = z.infer<typeof LiveFeedMessage>;

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
});
export type DeclareInterestRequest = z.infer<typeof DeclareInterestRequest>;

export const InterestDeclaration = z.object({
  itemId: Id,
  userId: Id,
  displayName: z.string(),
  kind: InterestKind,
  description: z.string(),
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
 * Names of the Yjs documents served at `/yjs/<name>` (y-websocket protocol:
 * `new WebsocketProvider(serverUrl + yjsPaths.base, name, doc, { protocols: ['chamber-token.' + token] })`).
 * Who may read and write each kind is decided by the server per message.
 */
export const yjsDocName = {
  /** Annotations a committee shares on one document: members write, observers read. */
  sharedAnnotations: (committeeId: string, documentId: string) => `annotations.shared.${committeeId}.${documentId}`,
  /** One person's private annotations on one document: only that person. */
  privateAnnotations: (userId: string, documentId: string) => `annotations.private.${userId}.${documentId}`,
  /** A meeting's minutes: the clerk and minute-taker write, other committee members read. */
  minutes: (meetingId: string) => `minutes.${meetingId}`,
  /**
   * What a meeting's chair or clerk is presenting (a `presenting` map, see common/presentation.ts):
   * the chair and clerk write, other committee members read. Its awareness is presence in the meeting.
   */
  presentation: (meetingId: string) => `presentation.${meetingId}`,
} as const;

export const yjsPaths = {
  base: '/yjs',
  doc: (docName: string) => `/yjs/${encodeURIComponent(docName)}`,
} as const;
