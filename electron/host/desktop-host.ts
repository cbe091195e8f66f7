/**
 * The desktop host: opens this account's mirror, starts the sync loop in the
 * background and answers the bridge from the mirror only. It never waits on
 * the network, so the UI works the same offline.
 */
import { mkdirSync } from 'node:fs';
import { BridgeError, type BridgeEvent, type BridgeEvents, type BridgeHandlers } from '../../common/bridge.ts';
import { accountPaths } from './account-paths.ts';
import { DocumentCache } from './documents/document-cache.ts';
import { HostEvents } from './host-events.ts';
import { createHostLogger, type HostLogger } from './logger.ts';
import { MirrorStore } from './mirror/mirror-store.ts';
import { ViewerPositions } from './mirror/viewer-positions.ts';
import { SearchIndex } from './search/search-index.ts';
import { TextIndexer } from './search/text-indexer.ts';
import { AuthorityClient } from './sync/authority-client.ts';
import { SyncEngine } from './sync/sync-engine.ts';
import { FileTokenStore, type TokenStore } from './token-store.ts';
import { ReplicaStore } from './yjs/replica-store.ts';
import { ReplicaSync } from './yjs/replica-sync.ts';

export interface DesktopHostOptions {
  dataDir: string;
  serverUrl: string;
  username: string;
  password?: string;
  /** Defaults to a 0600 file in the account folder; Electron passes a safeStorage-backed one. */
  tokenStore?: TokenStore;
  logger?: HostLogger;
  /** True when `npm start` runs the authority server in-process (shown by `session.get`). */
  embeddedServer?: boolean;
}

export interface DesktopHost {
  handlers: BridgeHandlers;
  on<E extends BridgeEvent>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
  /** The mirror file, for diagnostics and tests. */
  mirrorPath: string;
  close(): Promise<void>;
}

export async function createDesktopHost(options: DesktopHostOptions): Promise<DesktopHost> {
  const serverUrl = new URL(options.serverUrl).toString();
  const paths = accountPaths(options.dataDir, options.serverUrl, options.username);
  mkdirSync(paths.accountDir, { recursive: true, mode: 0o700 });
  const logger = options.logger ?? createHostLogger();
  const events = new HostEvents();
  const store = new MirrorStore(paths.mirrorPath);
  const viewerPositions = new ViewerPositions(store.db);

  const searchIndex = new SearchIndex(store.db);

  let engine: SyncEngine | null = null;
  let indexer: TextIndexer | null = null;
  const cache = new DocumentCache(
    store,
    paths.documentsDir,
    logger,
    () => engine?.publishStatus(),
    // A newly cached file flips `cached` on the meetings that use it, and has text to index.
    (sha256) => {
      events.emit('mirror.changed', { meetingIds: store.meetingsUsingFile(sha256) });
      indexer?.kick();
    },
  );
  await cache.reconcile();
  const textIndexer = new TextIndexer(searchIndex, cache.files, logger, () => cache.whenIdle());
  indexer = textIndexer;
  const tokenStore = options.tokenStore ?? new FileTokenStore(paths.tokenPath);
  const replicas = new ReplicaSync({
    store: new ReplicaStore(store.db),
    serverUrl,
    token: () => tokenStore.get(),
    logger,
    onRemoteUpdate: (docName, update) => events.emit('yjs.update', { docName, update }),
    onStatus: (status) => events.emit('yjs.status', status),
    onPresence: (docName, peers) => events.emit('yjs.awareness', { docName, peers }),
  });
  engine = new SyncEngine({
    store,
    cache,
    client: new AuthorityClient(serverUrl),
    tokenStore,
    username: options.username,
    password: options.password,
    logger,
    onStatus: (status) => events.emit('sync.status', status),
    onMirrorChanged: (meetingIds) => events.emit('mirror.changed', { meetingIds }),
  });
  const sync = engine;

  const handlers: BridgeHandlers = {
    'session.get': async () => ({
      serverUrl,
      embeddedServer: options.embeddedServer ?? false,
      user: sync.userProfile(),
    }),
    'meetings.list': async () => store.listMeetings(),
    'meeting.get': async ({ meetingId }) => {
      const detail = store.getMeeting(meetingId);
      if (!detail) throw new BridgeError('not-found', `No meeting ${meetingId} in this mirror`);
      return detail;
    },
    'document.read': async ({ documentId }) => cache.read(documentId),
    'sync.status': async () => sync.status(),
    'sync.now': async () => sync.syncNow(),
    'viewer.position.get': async ({ documentId }) => viewerPositions.get(documentId),
    'viewer.position.set': async ({ documentId, page, zoom }) => {
      viewerPositions.set(documentId, { page, zoom }, new Date().toISOString());
      return null;
    },
    'search.query': async ({ query, limit }) => searchIndex.query(query, limit),
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

  sync.start();
  // Files cached in an earlier run (or by a version without search) may still need reading.
  textIndexer.kick();
  let closed: Promise<void> | null = null;
  return {
    handlers,
    on: (event, listener) => events.on(event, listener),
    mirrorPath: paths.mirrorPath,
    close: () => {
      closed ??= (async () => {
        events.clear();
        replicas.closeAll();
        await textIndexer.close();
        await sync.close();
        store.close();
      })();
      return closed;
    },
  };
}
