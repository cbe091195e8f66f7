/**
 * One account's side of the host: its mirror, document cache, search index,
 * Yjs replicas and sync loop, and the bridge methods that read them. The
 * desktop host (desktop-host.ts) keeps one of these open, for the active
 * account, and closes it cleanly before opening another.
 */
import { mkdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  BridgeError,
  openedDocumentPathPrefix,
  type BridgeEvent,
  type BridgeEvents,
  type ClerkHandlers,
  type MeetingSessionHandlers,
  type MeetingsHandlers,
  type MinutesHandlers,
  type SearchHandlers,
  type StorageHandlers,
  type StorageUsage,
  type SyncHandlers,
  type SyncStatus,
  type YjsHandlers,
} from '../../common/bridge.ts';
import type { UserProfile } from '../../common/wire.ts';
import { accountPathsById } from './account-paths.ts';
import { ClerkWorkspace } from './clerk/clerk-workspace.ts';
import { DocumentCache } from './documents/document-cache.ts';
import { OpenedDocuments } from './documents/opened-documents.ts';
import type { HostLogger } from './logger.ts';
import { MinutesWorkflow } from './minutes/minutes-workflow.ts';
import { MirrorStore } from './mirror/mirror-store.ts';
import { DocumentVersions } from './mirror/document-versions.ts';
import { ViewerPositions } from './mirror/viewer-positions.ts';
import { SearchIndex } from './search/search-index.ts';
import { TextIndexer } from './search/text-indexer.ts';
import { MeetingSessions } from './session/meeting-sessions.ts';
import { SessionStore } from './session/session-store.ts';
import { AuthorityClient } from './sync/authority-client.ts';
import { SyncEngine } from './sync/sync-engine.ts';
import type { TokenStore } from './token-store.ts';
import { ReplicaStore } from './yjs/replica-store.ts';
import { ReplicaSync } from './yjs/replica-sync.ts';

/** The bridge capabilities the active account answers (all but the accounts part), one handler object each. */
export interface AccountHandlers {
  meetings: MeetingsHandlers;
  sync: SyncHandlers;
  search: SearchHandlers;
  yjs: YjsHandlers;
  storage: StorageHandlers;
  meetingSession: MeetingSessionHandlers;
  clerk: ClerkHandlers;
  minutes: MinutesHandlers;
}

export interface AccountHostOptions {
  dataDir: string;
  accountId: string;
  serverUrl: string;
  username: string;
  /** Only from `npm start` flags (CHAMBER_PASSWORD) or the demo server: signs in again when the session lapses. */
  password?: string;
  tokenStore: TokenStore;
  logger: HostLogger;
  emit<E extends BridgeEvent>(event: E, payload: BridgeEvents[E]): void;
  /** The server confirmed who this account is (the desktop host then says so with `session.changed`). */
  onUserProfile?(profile: UserProfile): void;
}

export interface AccountHost {
  accountId: string;
  handlers: AccountHandlers;
  /** This account's documents opened with `document.open` (gone with the account when another is switched to). */
  openedDocuments: Pick<OpenedDocuments, 'respond'>;
  mirrorPath: string;
  syncStatus(): SyncStatus;
  userProfile(): UserProfile | null;
  close(): Promise<void>;
}

export async function openAccountHost(options: AccountHostOptions): Promise<AccountHost> {
  const { logger, tokenStore } = options;
  const paths = accountPathsById(options.dataDir, options.accountId);
  mkdirSync(paths.accountDir, { recursive: true, mode: 0o700 });
  // Nothing of a closed account may reach the screen of the next one.
  let closing = false;
  const emit: AccountHostOptions['emit'] = (event, payload) => {
    if (!closing) options.emit(event, payload);
  };
  const store = new MirrorStore(paths.mirrorPath);
  const viewerPositions = new ViewerPositions(store.db);
  const openedDocuments = new OpenedDocuments();
  const documentVersions = new DocumentVersions(store.db);
  const searchIndex = new SearchIndex(store.db);

  let engine: SyncEngine | null = null;
  let indexer: TextIndexer | null = null;
  const cache = new DocumentCache(store, paths.documentsDir, logger, {
    onProgress: () => engine?.publishStatus(),
    // A newly cached file flips `cached` on the meetings that use it, and has text to index.
    onFileCached: (sha256) => {
      emit('mirror.changed', { meetingIds: store.meetingsUsingFile(sha256) });
      indexer?.kick();
    },
    onWanted: () => engine?.downloadNow(),
    onEvicted: (meetingIds) => emit('mirror.changed', { meetingIds }),
  });
  await cache.reconcile();
  const publishSearchProgress = (): void => emit('search.progress', searchIndex.progress());
  let awaitingFirstSync = store.syncState().lastSyncedAt === null;
  const textIndexer = new TextIndexer(searchIndex, cache.files, logger, () => cache.whenIdle(), publishSearchProgress);
  indexer = textIndexer;
  const replicas = new ReplicaSync({
    store: new ReplicaStore(store.db),
    serverUrl: options.serverUrl,
    token: () => tokenStore.get(),
    logger,
    onRemoteUpdate: (docName, update) => emit('yjs.update', { docName, update }),
    onStatus: (status) => emit('yjs.status', status),
    onPresence: (docName, peers) => emit('yjs.awareness', { docName, peers }),
  });
  const client = new AuthorityClient(options.serverUrl);
  const sessions = new MeetingSessions({
    store: new SessionStore(store.db),
    client,
    token: () => tokenStore.get(),
    logger,
    onState: (view) => emit('meetingSession.state', view),
    onBallot: (ballot) => emit('meetingSession.ballot', ballot),
  });
  const clerk = new ClerkWorkspace({
    client,
    token: () => tokenStore.get(),
    logger,
    onUploadProgress: (progress) => emit('clerk.upload.progress', progress),
  });
  const minutes = new MinutesWorkflow({ client, token: () => tokenStore.get() });
  const sync = new SyncEngine({
    store,
    cache,
    client,
    tokenStore,
    username: options.username,
    password: options.password,
    logger,
    onStatus: (status) => {
      emit('sync.status', status);
      // Until the first catch-up ends, search says papers are still arriving; say when they have.
      if (awaitingFirstSync && status.lastSyncedAt !== null) {
        awaitingFirstSync = false;
        publishSearchProgress();
      }
    },
    onMirrorChanged: (meetingIds) => {
      emit('mirror.changed', { meetingIds });
      // New or replaced papers are more to read for search.
      publishSearchProgress();
    },
    onUserProfile: (profile) => {
      // Called after each sign-in: Yjs replicas whose session the server ended connect again.
      replicas.resumeAfterSignIn();
      options.onUserProfile?.(profile);
    },
    live: sessions.follower,
  });
  engine = sync;

  const storageUsage = async (): Promise<StorageUsage> => {
    const now = new Date();
    return {
      documentBytes: store.cachedBytes(),
      databaseBytes: await databaseBytes(paths.mirrorPath),
      meetings: store.retention.meetings(now),
      settings: store.retention.settings(),
    };
  };

  const meetings: MeetingsHandlers = {
    'meetings.list': async () => store.listMeetings(),
    'meeting.get': async ({ meetingId }) => {
      const detail = store.getMeeting(meetingId);
      if (!detail) throw new BridgeError('not-found', `No meeting ${meetingId} in this mirror`);
      return detail;
    },
    // Marks go quietly when nothing was marked: the views that call these re-read on `mirror.changed`.
    'meeting.markSeen': async ({ meetingId }) => {
      if (store.notices.markSeen(meetingId)) emit('mirror.changed', { meetingIds: [meetingId] });
      return null;
    },
    'meeting.markOpened': async ({ meetingId, ids }) => {
      if (store.notices.markOpened(meetingId, ids)) emit('mirror.changed', { meetingIds: [meetingId] });
      return null;
    },
    'document.read': async ({ documentId }) => cache.read(documentId),
    'document.open': async ({ documentId }) => {
      const file = await cache.verifiedFile(documentId);
      return { path: openedDocumentPathPrefix + openedDocuments.add(file), size: file.size };
    },
    'document.previousVersions': async ({ documentId }) => documentVersions.previous(documentId),
    'viewer.position.get': async ({ documentId }) => viewerPositions.get(documentId),
    'viewer.position.set': async ({ documentId, page, zoom }) => {
      viewerPositions.set(documentId, { page, zoom }, new Date().toISOString());
      return null;
    },
  };
  const syncHandlers: SyncHandlers = {
    'sync.status': async () => sync.status(),
    'sync.now': async () => sync.syncNow(),
  };
  const search: SearchHandlers = {
    'search.query': async ({ query, limit }) => searchIndex.query(query, limit),
    'search.progress': async () => searchIndex.progress(),
  };
  const yjs: YjsHandlers = {
    'yjs.open': async ({ docName }) => replicas.open(docName),
    'yjs.update': async ({ docName, update }) => {
      replicas.applyLocal(docName, update);
      return null;
    },
    'yjs.close': async ({ docName }) => {
      replicas.close(docName);
      return null;
    },
    'yjs.status': async ({ docName }) => replicas.status(docName),
    'yjs.awareness.set': async ({ docName, state }) => {
      replicas.setPresence(docName, state);
      return null;
    },
  };
  const storage: StorageHandlers = {
    'storage.get': storageUsage,
    'storage.setRetention': async (settings) => {
      store.retention.setSettings(settings);
      // A longer setting may want files back; a shorter one takes effect with "free space now" or the next sync.
      sync.downloadNow();
      sync.publishStatus();
      return storageUsage();
    },
    'storage.freeNow': async () => {
      const result = await cache.evictUnkept();
      return { ...result, usage: await storageUsage() };
    },
  };
  const handlers: AccountHandlers = { meetings, sync: syncHandlers, search, yjs, storage, meetingSession: sessions.handlers, clerk: clerk.handlers, minutes: minutes.handlers };

  sync.start();
  sessions.start();
  // Files cached in an earlier run (or by a version without search) may still need reading.
  textIndexer.kick();
  let closed: Promise<void> | null = null;
  return {
    accountId: options.accountId,
    handlers,
    openedDocuments,
    mirrorPath: paths.mirrorPath,
    syncStatus: () => sync.status(),
    userProfile: () => sync.userProfile(),
    close: () => {
      closed ??= (async () => {
        closing = true;
        replicas.closeAll();
        sessions.close();
        clerk.close();
        await textIndexer.close();
        await sync.close();
        store.close();
      })();
      return closed;
    },
  };
}

/** The mirror file with its write-ahead log and shared-memory index. */
async function databaseBytes(mirrorPath: string): Promise<number> {
  let total = 0;
  for (const file of [mirrorPath, `${mirrorPath}-wal`, `${mirrorPath}-shm`]) {
    total += await stat(file).then(
      (info) => info.size,
      () => 0,
    );
  }
  return total;
}
