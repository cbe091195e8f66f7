/**
 * The desktop host: the accounts this app knows (accounts.json), one of them
 * active, and that account's host (account-host.ts: mirror, cache, sync) open.
 * Account-specific bridge calls go to the active account's host; signing in,
 * switching and signing out close one account's host cleanly and open
 * another's. Every call is answered from local state: it never waits on the
 * network, except signing in, which is about the network.
 */
import { rm } from 'node:fs/promises';
import {
  BridgeError,
  clerkMethods,
  meetingSessionMethods,
  meetingsMethods,
  minutesMethods,
  searchMethods,
  storageMethods,
  syncMethods,
  yjsMethods,
  type AccountList,
  type AccountsHandlers,
  type AccountSummary,
  type BridgeEvent,
  type BridgeEvents,
  type BridgeHandlers,
  type SyncHandlers,
  type SessionInfo,
  type TokenStorage,
  type SyncStatus,
} from '../../common/bridge.ts';
import { namesOf, type HandlersOf, type MethodMap } from '../../common/bridge/define.ts';
import { AccountListFile, type StoredAccount } from './accounts/account-list.ts';
import { signInToServer } from './accounts/sign-in.ts';
import { notOpen, type OpenedDocuments } from './documents/opened-documents.ts';
import { openAccountHost, type AccountHandlers, type AccountHost } from './account-host.ts';
import { accountKey, accountPathsById, canonicalServerUrl } from './account-paths.ts';
import { HostEvents } from './host-events.ts';
import { createHostLogger, type HostLogger } from './logger.ts';
import { AuthorityClient } from './sync/authority-client.ts';
import { fileTokenStores, type TokenStore, type TokenStoreFactory } from './token-store.ts';

/** The account `npm start` names (flags, or the demo member of the in-process demo server). */
export interface InitialAccount {
  serverUrl: string;
  username: string;
  /** From CHAMBER_PASSWORD or the demo seed; kept in memory only, to sign in again when the session lapses. */
  password?: string;
  /**
   * The in-process demo server. Its address changes every run, so older demo accounts are dropped, and it
   * becomes active only when the user was not using another account last time.
   */
  embeddedServer?: boolean;
}

export interface DesktopHostOptions {
  dataDir: string;
  initialAccount?: InitialAccount;
  /** Defaults to a 0600 file per account; Electron passes safeStorage-backed ones. */
  tokenStoreFor?: TokenStoreFactory;
  /** What `tokenStoreFor` does, for the accounts screen (default `file`). */
  tokenStorage?: TokenStorage;
  logger?: HostLogger;
}

export interface DesktopHost {
  handlers: BridgeHandlers;
  /** Serves the active account's documents opened with `document.open`, for the shell's transport. */
  openedDocuments: Pick<OpenedDocuments, 'respond'>;
  on<E extends BridgeEvent>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
  /** The active account's mirror file, for diagnostics and tests. */
  activeMirrorPath(): string | null;
  close(): Promise<void>;
}

const idleStatus: SyncStatus = {
  connection: 'offline',
  lastSyncedAt: null,
  lastSeq: 0,
  pendingDocuments: 0,
  pendingBytes: 0,
  cachedBytes: 0,
  lastError: null,
  sessionExpired: false,
};

export async function createDesktopHost(options: DesktopHostOptions): Promise<DesktopHost> {
  const { dataDir } = options;
  const logger = options.logger ?? createHostLogger();
  const tokenStoreFor = options.tokenStoreFor ?? fileTokenStores;
  const tokenStore = (accountId: string): TokenStore => tokenStoreFor(accountPathsById(dataDir, accountId).tokenPath);
  const events = new HostEvents();
  const list = await AccountListFile.open(dataDir, logger);
  /** Passwords given at start (never written anywhere). */
  const passwords = new Map<string, string>();
  let active: AccountHost | null = null;

  // One account change at a time: a switch must finish closing before the next opens anything.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const summary = async (account: StoredAccount): Promise<AccountSummary> => {
    const isActive = active?.accountId === account.id;
    const hasToken = (await tokenStore(account.id).get()) !== null;
    return {
      id: account.id,
      serverUrl: account.serverUrl,
      username: account.username,
      displayName: (isActive ? active?.userProfile()?.displayName : null) ?? account.displayName,
      active: isActive,
      // An ended session the sync loop saw counts even before it has dropped the stored token.
      signedIn: !account.signedOut && (hasToken || passwords.has(account.id)) && !(isActive && active?.syncStatus().sessionExpired),
      embeddedServer: account.embeddedServer,
    };
  };
  /** The name the server gave the account, kept in the list so it shows while the account is not open. */
  const rememberDisplayName = async (host: AccountHost): Promise<void> => {
    const name = host.userProfile()?.displayName;
    if (name && list.find(host.accountId)?.displayName !== name) await list.update(host.accountId, { displayName: name });
  };
  const accountList = async (): Promise<AccountList> => ({
    accounts: await Promise.all(list.accounts().map(summary)),
    activeAccountId: active?.accountId ?? null,
    tokenStorage: options.tokenStorage ?? 'file',
  });

  /** What `session.get` answers: the open account, and who the server says it is. */
  async function sessionInfo(): Promise<SessionInfo> {
    const account = active ? list.find(active.accountId) : undefined;
    return {
      serverUrl: account?.serverUrl ?? null,
      embeddedServer: account?.embeddedServer ?? false,
      user: active?.userProfile() ?? null,
      account: account ? await summary(account) : null,
    };
  }
  /** Tells the renderer at once, so the header never shows a stale or missing name. */
  async function publishSession(): Promise<void> {
    const open = active;
    if (open) await rememberDisplayName(open);
    events.emit('session.changed', await sessionInfo());
  }

  /** Closes the active account's host (sync, replicas, mirror) and opens `id`'s, or none. */
  const activate = async (id: string | null): Promise<void> => {
    const previous = active;
    active = null;
    if (previous) {
      await rememberDisplayName(previous);
      await previous.close();
    }
    const account = id === null ? undefined : list.find(id);
    if (account && !account.signedOut) {
      active = await openAccountHost({
        dataDir,
        accountId: account.id,
        serverUrl: account.serverUrl,
        username: account.username,
        password: passwords.get(account.id),
        tokenStore: tokenStore(account.id),
        logger,
        emit: (event, payload) => events.emit(event, payload),
        onUserProfile: () => {
          // Only while it is the open account: one still opening says who it is when `activate` ends.
          if (active?.accountId === account.id) void publishSession();
        },
      });
    }
    await list.setActive(active?.accountId ?? null);
    events.emit('accounts.changed', await accountList());
    events.emit('sync.status', active?.syncStatus() ?? idleStatus);
    await publishSession();
  };

  const existing = (accountId: string): StoredAccount => {
    const account = list.find(accountId);
    if (!account) throw new BridgeError('not-found', 'No such account');
    return account;
  };

  /** Ends the server session (when reachable) and forgets the token; the local copy stays. */
  const endSession = async (account: StoredAccount): Promise<void> => {
    const store = tokenStore(account.id);
    const token = await store.get();
    if (token) {
      await new AuthorityClient(account.serverUrl).logout(token).catch((error: unknown) => {
        // Offline: the token is forgotten here anyway, and the server lets it expire.
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not end the session on the server');
      });
    }
    await store.clear();
    passwords.delete(account.id);
  };

  if (options.initialAccount) await addInitialAccount(options.initialAccount);
  const startId = list.activeAccountId;
  if (startId !== null) await activate(startId);

  async function addInitialAccount(initial: InitialAccount): Promise<void> {
    const serverUrl = canonicalServerUrl(initial.serverUrl);
    const id = accountKey(serverUrl, initial.username);
    const embedded = initial.embeddedServer ?? false;
    if (embedded) {
      // Earlier runs' demo servers (other ports) are gone; their mirrors are copies of demo data.
      for (const stale of list.accounts().filter((account) => account.embeddedServer && account.id !== id)) {
        await list.remove(stale.id);
        await rm(accountPathsById(dataDir, stale.id).accountDir, { recursive: true, force: true });
      }
    }
    if (initial.password) passwords.set(id, initial.password);
    const known = list.find(id);
    await list.upsert({
      id,
      serverUrl,
      username: initial.username,
      displayName: known?.displayName ?? null,
      signedOut: initial.password ? false : (known?.signedOut ?? false),
      embeddedServer: embedded,
      addedAt: known?.addedAt ?? new Date().toISOString(),
    });
    const current = list.activeAccountId === null ? undefined : list.find(list.activeAccountId);
    if (!embedded || current === undefined || current.embeddedServer) await list.setActive(id);
  }

  const noAccount = (): BridgeError => new BridgeError('no-account', 'No account is signed in; sign in first.');
  /** A capability of the active account, answered at call time by whichever account is active then. */
  const onActiveAccount = <Methods extends MethodMap>(methods: Methods, capability: (handlers: AccountHandlers) => HandlersOf<Methods>) =>
    forwardedHandlers(methods, () => {
      const host = active;
      if (!host) throw noAccount();
      return capability(host.handlers);
    });
  /** With no account the status is idle (the header shows it), and there is nothing to sync. */
  const noAccountSync: SyncHandlers = {
    'sync.status': async () => idleStatus,
    'sync.now': async () => {
      throw noAccount();
    },
  };

  const accounts: AccountsHandlers = {
    'session.get': sessionInfo,
    'accounts.list': async () => {
      if (active) await rememberDisplayName(active);
      return accountList();
    },
    'accounts.signIn': async ({ serverUrl, username, password, allowInsecure }) => {
      const signedIn = await signInToServer(serverUrl, username, password, allowInsecure);
      return serially(async () => {
        const id = accountKey(signedIn.serverUrl, signedIn.login.user.username);
        const store = tokenStore(id);
        const previousToken = await store.get();
        await store.set(signedIn.login.token);
        if (previousToken && previousToken !== signedIn.login.token) {
          // The session this one replaces would otherwise live on at the server until it expires.
          void new AuthorityClient(signedIn.serverUrl).logout(previousToken).catch(() => undefined);
        }
        const known = list.find(id);
        await list.upsert({
          id,
          serverUrl: signedIn.serverUrl,
          username: signedIn.login.user.username,
          displayName: signedIn.login.user.displayName,
          signedOut: false,
          embeddedServer: known?.embeddedServer ?? false,
          addedAt: known?.addedAt ?? new Date().toISOString(),
        });
        // Reopened even when already active, so its sync loop starts over with the new session.
        await activate(id);
        return accountList();
      });
    },
    'accounts.switch': ({ accountId }) =>
      serially(async () => {
        const account = existing(accountId);
        if (account.signedOut) throw new BridgeError('unauthorised', `Signed out of ${account.serverUrl}: sign in again`);
        if (active?.accountId !== accountId) await activate(accountId);
        return accountList();
      }),
    'accounts.signOut': ({ accountId }) =>
      serially(async () => {
        const account = existing(accountId);
        if (active?.accountId === accountId) await activate(null);
        await endSession(account);
        await list.update(accountId, { signedOut: true });
        const result = await accountList();
        events.emit('accounts.changed', result);
        await publishSession();
        return result;
      }),
    'accounts.remove': ({ accountId }) =>
      serially(async () => {
        const account = existing(accountId);
        if (active?.accountId === accountId) await activate(null);
        await endSession(account);
        await list.remove(accountId);
        await rm(accountPathsById(dataDir, accountId).accountDir, { recursive: true, force: true });
        const result = await accountList();
        events.emit('accounts.changed', result);
        await publishSession();
        return result;
      }),
  };

  const handlers = {
    ...accounts,
    ...onActiveAccount(meetingsMethods, (account) => account.meetings),
    ...forwardedHandlers(syncMethods, () => active?.handlers.sync ?? noAccountSync),
    ...onActiveAccount(searchMethods, (account) => account.search),
    ...onActiveAccount(yjsMethods, (account) => account.yjs),
    ...onActiveAccount(storageMethods, (account) => account.storage),
    ...onActiveAccount(meetingSessionMethods, (account) => account.meetingSession),
    ...onActiveAccount(clerkMethods, (account) => account.clerk),
    ...onActiveAccount(minutesMethods, (account) => account.minutes),
  } satisfies BridgeHandlers;

  let closed: Promise<void> | null = null;
  return {
    handlers,
    openedDocuments: {
      respond: (handle, request) => (active ? active.openedDocuments.respond(handle, request) : Promise.resolve(notOpen())),
    },
    on: (event, listener) => events.on(event, listener),
    activeMirrorPath: () => (active ? accountPathsById(dataDir, active.accountId).mirrorPath : null),
    close: () => {
      closed ??= serially(async () => {
        events.clear();
        const previous = active;
        active = null;
        await previous?.close();
      });
      return closed;
    },
  };
}

/**
 * Handlers for `methods` that pass each call on to the handlers `target()` gives at call time
 * (e.g. the active account's); a `target` that throws rejects the call.
 */
function forwardedHandlers<Methods extends MethodMap>(methods: Methods, target: () => HandlersOf<Methods>): HandlersOf<Methods> {
  const forwarded: Partial<HandlersOf<Methods>> = {};
  for (const name of namesOf(methods)) {
    forwarded[name] = async (args) => target()[name](args);
  }
  // Every method of `methods` was set just above.
  return forwarded as HandlersOf<Methods>;
}
