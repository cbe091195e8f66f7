/**
 * The bridge: everything the renderer may ask of the desktop host, typed once.
 *
 * - `BridgeArgs` holds a zod schema per method. The host validates every call
 *   against it, whichever transport it came through (Electron IPC via the
 *   preload, or the loopback HTTP transport of browser mode).
 * - `BridgeResults` names what each method resolves to.
 * - `BridgeHandlers` is the host's implementation contract; `ChamberBridge` is
 *   the global the renderer sees (`window.chamber`). The Electron preload and
 *   the browser-mode client both `satisfies ChamberBridge`.
 *
 * Adding a capability = one schema here, one handler in the host, and the
 * transports carry it without change.
 */
import { z } from 'zod';
import {
  AgendaDocument,
  AgendaItem,
  Committee,
  Id,
  InterestKind,
  Meeting,
  SessionCommand,
  UserProfile,
  VoteChoice,
  type BallotReceipt,
  type InterestDeclaration,
  type MeetingSessionState,
} from './wire.ts';

// ---------------------------------------------------------------- shapes the UI reads

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

export interface SessionInfo {
  /** The active account's server; null when no account is active (the accounts screen shows). */
  serverUrl: string | null;
  /** True when the active account is on the authority server `npm start` started in-process (demo council). */
  embeddedServer: boolean;
  user: UserProfile | null;
  account: AccountSummary | null;
}

/** One server + username the app knows; each has its own mirror and document cache. */
export interface AccountSummary {
  /** Stable per server URL and username (also names the account's data folder). */
  id: string;
  serverUrl: string;
  username: string;
  /** As the server last reported it; null before the first sign-in completed. */
  displayName: string | null;
  active: boolean;
  /** False after "sign out" (or when the server refused the stored session): signing in again is needed to sync. */
  signedIn: boolean;
  /** True for the demo council's server that `npm start` runs in-process. */
  embeddedServer: boolean;
}

export interface AccountList {
  accounts: AccountSummary[];
  activeAccountId: string | null;
}

/** What the local copy of the active account takes on disk. */
export interface StorageUsage {
  /** Verified document files in the cache. */
  documentBytes: number;
  /** The mirror database with its write-ahead log. */
  databaseBytes: number;
  meetings: MeetingStorage[];
  settings: RetentionSettings;
}

export interface MeetingStorage {
  meetingId: string;
  title: string;
  startsAt: string;
  upcoming: boolean;
  documents: number;
  cachedDocuments: number;
  /** Bytes of its current and older versions' files that are on disk (a file shared by two meetings counts in both). */
  cachedBytes: number;
  totalBytes: number;
}

/**
 * Which documents the cache keeps. Upcoming meetings are always kept; past meetings' documents are kept for
 * `keepPastMonths` months after the meeting (null: keep all); a document opened in the last `keepOpenedDays` days is kept.
 */
export const RetentionSettings = z
  .object({
    keepPastMonths: z.number().int().min(1).max(120).nullable(),
    keepOpenedDays: z.number().int().min(1).max(365),
  })
  .strict();
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export interface EvictionResult {
  removedFiles: number;
  freedBytes: number;
  usage: StorageUsage;
}

export interface MeetingSummary {
  meeting: Meeting;
  committee: Committee;
  itemCount: number;
  documentCount: number;
}

export interface MirroredDocument extends AgendaDocument {
  /** True once the file is in the local cache and its SHA-256 verified. */
  cached: boolean;
}

export interface AgendaItemWithDocuments extends AgendaItem {
  documents: MirroredDocument[];
}

export interface MeetingDetail {
  meeting: Meeting;
  committee: Committee;
  /** In agenda order: parents before their sub-items. */
  items: AgendaItemWithDocuments[];
}

/** A verified cached document served to the renderer by URL (GET with `Range`), so pdf.js can stream it. */
export interface OpenedDocumentSource {
  /** Same-origin path, `/bridge/documents/<handle>`; the handle is random and lapses when the host restarts. */
  path: string;
  size: number;
}

/** Where the host serves opened documents, in both shells (`app://chamber/…` in Electron, the loopback origin in browser mode). */
export const openedDocumentPathPrefix = '/bridge/documents/';

/** How a document is zoomed: a fixed scale, or fitted to the view's width or whole page. */
export const ViewerZoom = z.union([z.number().min(0.1).max(10), z.enum(['fit-width', 'fit-page'])]);
export type ViewerZoom = z.infer<typeof ViewerZoom>;

/** Where the user left a document (per account, kept in the mirror). */
export interface ViewerPosition {
  page: number;
  zoom: ViewerZoom;
}

/** One page of a mirrored document matching a search; `snippet` wraps each match in \u0002…\u0003. */
export interface SearchHit {
  documentId: string;
  documentName: string;
  meetingId: string;
  meetingTitle: string;
  itemNumber: string;
  itemTitle: string;
  page: number;
  snippet: string;
  /** bm25: lower is a better match. */
  rank: number;
}

export interface SearchResults {
  hits: SearchHit[];
  /** Documents with no text layer (e.g. scans): they cannot be searched. */
  noTextDocuments: Array<{ documentId: string; documentName: string; meetingId: string; meetingTitle: string }>;
  /** Cached documents whose text is not indexed yet. */
  pendingDocuments: number;
}

/** An earlier version of a document (same lineage), as the mirror saw it in the feed. */
export interface DocumentVersion {
  documentId: string;
  version: number;
  name: string;
}

/** Marks around a match in `SearchHit.snippet`. */
export const searchMatchStart = '\u0002';
export const searchMatchEnd = '\u0003';

/**
 * A Yjs document's name, in the shapes the server serves (`yjsDocName` in wire.ts):
 * `annotations.shared.<committee>.<document>`, `annotations.private.<user>.<document>`, `minutes.<meeting>`,
 * `presentation.<meeting>`.
 */
const yjsId = '[A-Za-z0-9-]{1,64}';
export const YjsDocName = z
  .string()
  .regex(
    new RegExp(`^(annotations\\.(shared|private)\\.${yjsId}\\.${yjsId}|(minutes|presentation)\\.${yjsId})$`),
    'a Yjs document name (annotations.shared.<committee>.<document>, annotations.private.<user>.<document>, minutes.<meeting> or presentation.<meeting>)',
  );

/**
 * What one person shows the others through a Yjs document's awareness: who they are and, on a
 * document, where they are reading. Presence on a document is the awareness of its shared
 * annotation layer; presence in a meeting is the awareness of `presentation.<meeting>`.
 * Strict and bounded: states from other clients are validated on arrival and dropped if invalid.
 */
export const PresenceState = z
  .object({
    userId: Id,
    name: z.string().trim().min(1).max(120),
    documentId: Id.optional(),
    page: z.number().int().min(1).max(1_000_000).optional(),
    /** A CSS colour for the person's avatar, `#rgb` or `#rrggbb`. */
    color: z.string().regex(/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, 'a #rgb or #rrggbb colour').optional(),
    /** True while the person follows the presenter. */
    following: z.boolean().optional(),
  })
  .strict();
export type PresenceState = z.infer<typeof PresenceState>;

/** Another client's awareness state on a Yjs document (one person may have several clients). */
export interface PresencePeer {
  clientId: number;
  state: PresenceState;
}

/**
 * One Yjs update (as made by `Y.encodeStateAsUpdate` or a doc's `update` event). At most 512 KiB:
 * the server takes WebSocket messages up to 1 MiB, and browser mode carries it as base64 in a 1 MiB body.
 */
export const YjsUpdateBytes = z
  .instanceof(Uint8Array)
  .refine((bytes) => bytes.byteLength > 0 && bytes.byteLength <= 512 * 1024, 'a Yjs update of 1 byte to 512 KiB');

/** How a local Yjs replica stands with the server. */
export interface YjsReplicaStatus {
  docName: string;
  /**
   * `connecting`/`offline`: edits are kept locally and merge on reconnect; `online`: in sync;
   * `refused`: the server will not serve this document to this user (no retrying); `closed`: not open.
   */
  connection: 'connecting' | 'online' | 'offline' | 'refused' | 'closed';
  message: string | null;
}

// ---------------------------------------------------------------- meeting sessions

/** The server understood a request and turned it down; `code` is its ApiError code (e.g. `not-present`). */
export interface ServerRefusal {
  code: string;
  message: string;
}

/**
 * This member's ballot on one vote, as the host keeps it: `sending` until the
 * server's receipt (or refusal) arrives — the host resends with the same
 * `ballotId` meanwhile, also after a restart — then `recorded` or `refused`.
 */
export interface LocalBallot {
  voteId: string;
  meetingId: string;
  ballotId: string;
  /** Null once a secret ballot is recorded: the host forgets the choice, as the server does. */
  choice: VoteChoice | null;
  status: 'sending' | 'recorded' | 'refused';
  receipt: BallotReceipt | null;
  refusal: ServerRefusal | null;
}

/** A meeting's session as the host last heard it from the server (null before it ever did), and this member's ballots. */
export interface MeetingSessionView {
  meetingId: string;
  state: MeetingSessionState | null;
  /** When the host received `state` (it may be old when offline). */
  receivedAt: string | null;
  ballots: LocalBallot[];
}

/** A command or declaration either took effect (with the server's new state) or was refused with the server's reason. */
export type SessionCommandOutcome = { ok: true; state: MeetingSessionState } | { ok: false; refusal: ServerRefusal };
export type DeclarationOutcome = { ok: true; declarations: InterestDeclaration[] } | { ok: false; refusal: ServerRefusal };

// ---------------------------------------------------------------- methods

const NoArgs = z.object({}).strict();
/** An account's id as `accounts.list` gives it. */
const AccountRef = z.object({ accountId: z.string().regex(/^[0-9a-f]{16}$/, 'an account id from accounts.list') }).strict();

export const BridgeArgs = {
  'session.get': NoArgs,
  'meetings.list': NoArgs,
  'meeting.get': z.object({ meetingId: Id }).strict(),
  /** The document's verified bytes from the local cache; fails if not cached yet. */
  'document.read': z.object({ documentId: Id }).strict(),
  /** Older versions of the document's lineage the mirror has seen, newest first (to carry annotations forward). */
  'document.previousVersions': z.object({ documentId: Id }).strict(),
  /** Verifies a cached document and answers a same-origin URL path serving it with byte ranges (for pdf.js). */
  'document.open': z.object({ documentId: Id }).strict(),
  'sync.status': NoArgs,
  /** Ask the sync engine to catch up now (e.g. the user pressed "Sync"). */
  'sync.now': NoArgs,
  /** The page and zoom this user last had in a document, or null the first time. */
  'viewer.position.get': z.object({ documentId: Id }).strict(),
  'viewer.position.set': z
    .object({ documentId: Id, page: z.number().int().min(1).max(1_000_000), zoom: ViewerZoom })
    .strict(),
  /** Full-text search over every mirrored paper; the query is plain text, never search syntax. */
  'search.query': z
    .object({ query: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(100).default(30) })
    .strict(),
  /** Opens (loads and starts syncing) a local Yjs replica; answers its whole state as one update. */
  'yjs.open': z.object({ docName: YjsDocName }).strict(),
  /** Applies a renderer edit to the replica: stored locally first, then sent to the server. */
  'yjs.update': z.object({ docName: YjsDocName, update: YjsUpdateBytes }).strict(),
  'yjs.close': z.object({ docName: YjsDocName }).strict(),
  'yjs.status': z.object({ docName: YjsDocName }).strict(),
  /** Sets (or with null, clears) this client's awareness state on an open replica; sent while connected. */
  'yjs.awareness.set': z.object({ docName: YjsDocName, state: PresenceState.nullable() }).strict(),
  /** Every account this app knows, the active one marked. */
  'accounts.list': NoArgs,
  /**
   * Checks the server (`/api/v1/health`), signs in, keeps the session token (never the password), opens that
   * account's mirror and makes it active.
   */
  'accounts.signIn': z
    .object({
      serverUrl: z
        .string()
        .trim()
        .max(2000)
        .refine((text) => {
          try {
            return ['http:', 'https:'].includes(new URL(text).protocol);
          } catch {
            return false;
          }
        }, 'an http(s) address such as https://chamber.example-council.gov'),
      username: z.string().trim().min(1).max(200),
      password: z.string().min(1).max(1000),
    })
    .strict(),
  /** Makes another signed-in account active: the old one's sync, replicas and mirror close first. */
  'accounts.switch': AccountRef,
  /** Ends the server session and forgets the token; the local copy stays on disk until the account is removed. */
  'accounts.signOut': AccountRef,
  /** Signs out and deletes the account's mirror and cached documents. */
  'accounts.remove': AccountRef,
  /** Disk use of the active account's local copy, per meeting, and the retention setting. */
  'storage.get': NoArgs,
  'storage.setRetention': RetentionSettings,
  /** Deletes cached files the retention setting no longer keeps (rows stay; they download again when opened). */
  'storage.freeNow': NoArgs,
  /** The meeting's session from the mirror at once; the host also follows it live (`meetingSession.state` events). */
  'meetingSession.get': z.object({ meetingId: Id }).strict(),
  /** A chair/clerk or member command, sent to the server (fails with `offline` when it cannot be reached; nothing is queued). */
  'meetingSession.command': z.object({ meetingId: Id, command: SessionCommand }).strict(),
  /** Casts this member's ballot: stored with its ballotId first, then sent (and resent) until the server answers. */
  'meetingSession.cast': z.object({ meetingId: Id, voteId: Id, choice: VoteChoice }).strict(),
  /** Declarations of interest on an item, from the server (clerk and chair: everyone's; others: their own). */
  'declarations.list': z.object({ itemId: Id }).strict(),
  /** Declares (or replaces) this member's interest in an item. */
  'declarations.declare': z
    .object({
      itemId: Id,
      kind: InterestKind,
      description: z.string().trim().min(1).max(2000),
      leavesRoom: z.boolean(),
    })
    .strict(),
  'declarations.withdraw': z.object({ itemId: Id }).strict(),
} as const;

export type BridgeMethod = keyof typeof BridgeArgs;

export interface BridgeResults {
  'session.get': SessionInfo;
  'meetings.list': MeetingSummary[];
  'meeting.get': MeetingDetail;
  'document.read': Uint8Array;
  'document.previousVersions': DocumentVersion[];
  'document.open': OpenedDocumentSource;
  'sync.status': SyncStatus;
  'sync.now': SyncStatus;
  'viewer.position.get': ViewerPosition | null;
  'viewer.position.set': null;
  'search.query': SearchResults;
  'yjs.open': { update: Uint8Array; status: YjsReplicaStatus };
  'yjs.update': null;
  'yjs.close': null;
  'yjs.status': YjsReplicaStatus;
  'yjs.awareness.set': null;
  'accounts.list': AccountList;
  'accounts.signIn': AccountList;
  'accounts.switch': AccountList;
  'accounts.signOut': AccountList;
  'accounts.remove': AccountList;
  'storage.get': StorageUsage;
  'storage.setRetention': StorageUsage;
  'storage.freeNow': EvictionResult;
  'meetingSession.get': MeetingSessionView;
  'meetingSession.command': SessionCommandOutcome;
  'meetingSession.cast': LocalBallot;
  'declarations.list': InterestDeclaration[];
  'declarations.declare': DeclarationOutcome;
  'declarations.withdraw': DeclarationOutcome;
}

export type BridgeArgsOf<M extends BridgeMethod> = z.infer<(typeof BridgeArgs)[M]>;

/** What the host implements, one async function per method. */
export type BridgeHandlers = {
  [M in BridgeMethod]: (args: BridgeArgsOf<M>) => Promise<BridgeResults[M]>;
};

// ---------------------------------------------------------------- events

export interface BridgeEvents {
  'sync.status': SyncStatus;
  /** The mirror applied changes; `meetingIds` lists meetings whose rows changed. */
  'mirror.changed': { meetingIds: string[] };
  /** Changes from the server arriving at an open Yjs replica (already stored locally). */
  'yjs.update': { docName: string; update: Uint8Array };
  'yjs.status': YjsReplicaStatus;
  /**
   * Every OTHER client's valid awareness state on an open replica: sent whenever they change, once
   * after `yjs.open`, and empty while the replica is offline (the server's view is unknown then).
   */
  'yjs.awareness': { docName: string; peers: PresencePeer[] };
  /** Another account became active (or none): everything on screen belongs to the old one, so re-query it all. */
  'accounts.changed': AccountList;
  /** The server pushed (or answered) a newer session state of a meeting. */
  'meetingSession.state': MeetingSessionView;
  /** One of this member's ballots was sent, recorded or refused. */
  'meetingSession.ballot': LocalBallot;
}
export type BridgeEvent = keyof BridgeEvents;
export const bridgeEventNames = [
  'sync.status',
  'mirror.changed',
  'yjs.update',
  'yjs.status',
  'yjs.awareness',
  'accounts.changed',
  'meetingSession.state',
  'meetingSession.ballot',
] as const satisfies readonly BridgeEvent[];

// ---------------------------------------------------------------- errors

/** Error codes a bridge call can reject with; the message is for people. */
export const BridgeErrorCode = z.enum([
  'invalid-arguments',
  'unknown-method',
  'not-found',
  'not-cached',
  'unauthorised',
  'offline',
  /** Too many failed sign-ins: the server asks to wait. */
  'throttled',
  /** The address answers, but not as a Chamber server. */
  'not-chamber-server',
  /** No account is active: sign in first. */
  'no-account',
  'internal',
]);
export type BridgeErrorCode = z.infer<typeof BridgeErrorCode>;

export const BridgeErrorPayload = z.object({ code: BridgeErrorCode, message: z.string() });
export type BridgeErrorPayload = z.infer<typeof BridgeErrorPayload>;

export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
  toPayload(): BridgeErrorPayload {
    return { code: this.code, message: this.message };
  }
}

// ---------------------------------------------------------------- the renderer's global

export interface ChamberBridge {
  invoke<M extends BridgeMethod>(method: M, args: z.input<(typeof BridgeArgs)[M]>): Promise<BridgeResults[M]>;
  /** Returns an unsubscribe function. */
  on<E extends BridgeEvent>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
  /** Headers to send when fetching an opened document's path (browser mode's token); none in Electron. */
  readonly documentRequestHeaders?: Readonly<Record<string, string>>;
}

export function isBridgeMethod(name: string): name is BridgeMethod {
  return Object.prototype.hasOwnProperty.call(BridgeArgs, name);
}

/**
 * Validate a call's method and arguments. Every transport calls this on the
 * host side before a handler runs.
 */
export function parseBridgeCall(method: unknown, args: unknown): { method: BridgeMethod; args: unknown } {
  if (typeof method !== 'string' || !isBridgeMethod(method)) {
    throw new BridgeError('unknown-method', `Unknown bridge method: ${String(method).slice(0, 80)}`);
  }
  const parsed = BridgeArgs[method].safeParse(args ?? {});
  if (!parsed.success) {
    throw new BridgeError('invalid-arguments', `Invalid arguments for ${method}: ${z.prettifyError(parsed.error)}`);
  }
  return { method, args: parsed.data };
}

/** Dispatch a validated call to the handler map (keeps the per-method typing in one place). */
export async function dispatchBridgeCall(handlers: BridgeHandlers, method: unknown, args: unknown): Promise<unknown> {
  const call = parseBridgeCall(method, args);
  const handler = handlers[call.method] as (a: unknown) => Promise<unknown>;
  return handler(call.args);
}

/** Names of the IPC channels the Electron transport uses. */
export const ipcChannels = {
  invoke: 'chamber:invoke',
  event: 'chamber:event',
} as const;

/** Paths of the loopback transport used in browser mode. */
export const browserBridgePaths = {
  invoke: (method: BridgeMethod) => `/bridge/invoke/${method}`,
  events: '/bridge/events',
  tokenHeader: 'x-chamber-token',
  /** WebSocket subprotocol prefix carrying the token (browsers cannot set headers on WebSockets). */
  tokenProtocolPrefix: 'chamber-token.',
} as const;
