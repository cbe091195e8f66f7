/**
 * The Electron main process: a thin, locked-down shell around the desktop host.
 *
 * - One window, sandboxed, context-isolated, no Node in the page; it loads the
 *   built renderer from `app://chamber/` (a privileged custom protocol serving
 *   dist/renderer with the same CSP as browser mode).
 * - Navigation, new windows and permission requests are refused by default;
 *   external links (http, https, mailto) the renderer opens after the reader
 *   confirmed them go to the system; main only enforces that allowlist.
 * - One IPC channel carries bridge calls; each is checked for its sender and
 *   validated by common/bridge.ts before the host handles it.
 *
 * Configuration arrives in the environment from electron/launch-electron.ts:
 * CHAMBER_SERVER_URL, CHAMBER_USER, CHAMBER_DATA_DIR, CHAMBER_PASSWORD, CHAMBER_EMBEDDED_SERVER=1.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import {
  BridgeError,
  bridgeEventNames,
  dispatchBridgeCall,
  ipcChannels,
  type BridgeErrorPayload,
} from '../common/bridge.ts';
import { externalUrlToOpen } from './external-links.ts';
import { createDesktopHost, type DesktopHostOptions } from './host/desktop-host.ts';
import { EncryptedFileTokenStore, electronTokenStorage, fileTokenStores, type TokenCipher } from './host/token-store.ts';
import {
  appEntryUrl,
  appOrigin,
  appScheme,
  contentTypeFor,
  openedDocumentHandleOf,
  rendererContentSecurityPolicy,
  resolveRendererFile,
} from './renderer-files.ts';

type DesktopHost = Awaited<ReturnType<typeof createDesktopHost>>;

// Must happen before `ready`: makes app:// behave like https (origin, fetch, secure context).
protocol.registerSchemesAsPrivileged([
  {
    scheme: appScheme,
    // corsEnabled: Vite's <script type="module" crossorigin> and pdf.js's module worker are fetched in CORS mode.
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true },
  },
]);

/**
 * The OS keychain's encryption for session tokens: safeStorage's asynchronous API
 * (the synchronous one is deprecated in Electron 45). Tokens stored by earlier
 * versions with `encryptString` decrypt with it too.
 */
const keychainCipher: TokenCipher = {
  encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
  decrypt: async (sealed) => {
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(sealed);
    return { plainText: result, reEncrypt: shouldReEncrypt };
  },
  isTemporaryFailure: (error) => error instanceof Error && /temporarily unavailable/i.test(error.message),
};

/**
 * Encrypted with the keychain, in a file beside the plain one's place; or, on a Linux
 * desktop without a keyring (safeStorage's `basic_text`), the plain 0600 file, which
 * the accounts screen then reports (see `electronTokenStorage`).
 */
function tokenStores(): Pick<DesktopHostOptions, 'tokenStoreFor' | 'tokenStorage'> {
  const linuxBackend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  const tokenStorage = electronTokenStorage(process.platform, linuxBackend);
  if (tokenStorage === 'keyring') {
    return { tokenStorage, tokenStoreFor: (tokenPath) => new EncryptedFileTokenStore(`${tokenPath}.safe`, keychainCipher) };
  }
  console.warn(
    `[chamber] no OS keyring found (safeStorage backend: ${linuxBackend ?? 'none'}): session tokens are kept unencrypted ` +
      'in files only this user account can read. Install and unlock GNOME Keyring or KWallet to encrypt them.',
  );
  return { tokenStorage, tokenStoreFor: fileTokenStores };
}

interface ShellConfig {
  serverUrl: string;
  username: string;
  dataDir: string;
  password: string | undefined;
  embeddedServer: boolean;
}

function readConfig(): ShellConfig {
  const serverUrl = process.env.CHAMBER_SERVER_URL;
  const username = process.env.CHAMBER_USER;
  const dataDir = process.env.CHAMBER_DATA_DIR;
  const missing = [!serverUrl && 'CHAMBER_SERVER_URL', !username && 'CHAMBER_USER', !dataDir && 'CHAMBER_DATA_DIR'].filter(Boolean);
  if (!serverUrl || !username || !dataDir) {
    throw new Error(`Missing ${missing.join(', ')}: start Chamber with "npm start".`);
  }
  const password = process.env.CHAMBER_PASSWORD;
  // Nothing else in this process needs it; keep it out of reach of later children.
  delete process.env.CHAMBER_PASSWORD;
  return {
    serverUrl,
    username,
    dataDir: path.resolve(dataDir),
    password: password || undefined,
    embeddedServer: process.env.CHAMBER_EMBEDDED_SERVER === '1',
  };
}

function errorPayload(error: unknown): BridgeErrorPayload {
  if (error instanceof BridgeError) return error.toPayload();
  console.error('[chamber] bridge call failed:', error);
  return { code: 'internal', message: 'Something went wrong in the desktop host; see its log.' };
}

/** Only our own page's main frame may use the bridge (not iframes, not other origins). */
function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  if (!frame || !window || event.sender !== window.webContents) return false;
  if (frame !== event.sender.mainFrame) return false;
  try {
    return new URL(frame.url).origin === appOrigin;
  } catch {
    return false;
  }
}

function isAppUrl(url: string): boolean {
  try {
    return new URL(url).origin === appOrigin;
  } catch {
    return false;
  }
}

/**
 * A link the renderer opened with `window.open` after the reader confirmed it in its own prompt:
 * hand it to the system if the allowlist agrees, without asking a second time.
 */
function openExternal(url: string): void {
  const allowed = externalUrlToOpen(url);
  if (allowed) void shell.openExternal(allowed);
  else console.warn('[chamber] refused to open', url.slice(0, 200));
}

/** Applied to every web contents the app ever creates. */
function lockDownContents(contents: WebContents): void {
  // Navigating the window away is never how a link opens (the renderer confirms and calls window.open).
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
}

/** app://chamber/: the built renderer, and the documents the renderer opened (with byte ranges, for pdf.js). */
function serveRenderer(rendererDir: string, documents: () => DesktopHost['openedDocuments'] | null): void {
  protocol.handle(appScheme, async (request) => {
    const handle = openedDocumentHandleOf(request.url);
    const opened = handle === null ? null : documents();
    if (handle !== null) {
      if (!opened) return new Response('not ready', { status: 503 });
      const answer = await opened.respond(handle, {
        range: request.headers.get('range') ?? undefined,
        ifRange: request.headers.get('if-range') ?? undefined,
      });
      const body = answer.body ? (Readable.toWeb(answer.body) as ReadableStream<Uint8Array>) : null;
      return new Response(body, { status: answer.status, headers: answer.headers });
    }
    const lookup = resolveRendererFile(rendererDir, request.url);
    if (!lookup.ok) return new Response(lookup.reason, { status: lookup.status });
    try {
      const body = await readFile(lookup.filePath);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': contentTypeFor(lookup.filePath),
          'content-security-policy': rendererContentSecurityPolicy(),
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 560,
    title: 'Chamber',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: path.join(app.getAppPath(), 'dist-electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

async function start(): Promise<void> {
  const config = readConfig();
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // The window's first requests can arrive before the host is up; documents are served once it is.
  let openedDocuments: DesktopHost['openedDocuments'] | null = null;
  serveRenderer(path.join(app.getAppPath(), 'dist', 'renderer'), () => openedDocuments);

  const host: DesktopHost = await createDesktopHost({
    dataDir: config.dataDir,
    initialAccount: { serverUrl: config.serverUrl, username: config.username, password: config.password, embeddedServer: config.embeddedServer },
    ...tokenStores(),
  });
  openedDocuments = host.openedDocuments;

  let window: BrowserWindow | null = createWindow();
  window.on('closed', () => {
    window = null;
  });

  ipcMain.handle(ipcChannels.invoke, async (event, method: unknown, args: unknown) => {
    if (!isTrustedSender(event, window)) {
      return { ok: false, error: { code: 'unauthorised', message: 'Bridge calls are accepted from the Chamber window only.' } };
    }
    try {
      return { ok: true, result: await dispatchBridgeCall(host.handlers, method, args) };
    } catch (error) {
      return { ok: false, error: errorPayload(error) };
    }
  });

  for (const name of bridgeEventNames) {
    host.on(name, (payload) => {
      if (window && !window.webContents.isDestroyed()) window.webContents.send(ipcChannels.event, { event: name, payload });
    });
  }

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // Close the host (SQLite, sync) before the process goes.
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    host
      .close()
      .catch((error: unknown) => console.error('[chamber] closing the host failed:', error))
      .finally(() => app.exit(0));
  });

  await window.loadURL(appEntryUrl);
}

if (!app.requestSingleInstanceLock()) {
  // Another Chamber window is open; it gets focused by its 'second-instance' handler.
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error('[chamber] could not start:', error);
      dialog.showErrorBox('Chamber could not start', message);
      app.exit(1);
    });
}
