/**
 * `npm start`: the desktop app, or browser mode when Electron cannot start.
 *
 *   npm start -- [--browser] [--no-open] [--port N] [--server URL] [--user NAME] [--data DIR] [--allow-insecure-http]
 *
 * Environment: CHAMBER_SERVER_URL, CHAMBER_USER, CHAMBER_PASSWORD, CHAMBER_DATA_DIR, CHAMBER_ALLOW_INSECURE_HTTP=1,
 * CHAMBER_BROWSER_LINK_SECONDS (1-60, default 60: how long a printed browser-mode link works).
 * Without a server it runs the authority server in-process with the demo
 * council and signs in as the demo member.
 *
 * Browser mode prints `Chamber is running at http://127.0.0.1:PORT/#code=…` and opens that: a one-time
 * code, never the bridge token (any user of the machine can read the opener's command line). A page
 * whose link has expired offers to print a new one here.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startAuthorityServer, type AuthorityServer } from '../collab-server/server.ts';
import { isRefusedPlainHttp, plainHttpRefusalMessage } from './host/accounts/plain-http.ts';
import { startBrowserModeServer } from './host/browser-mode.ts';
import { maxCodeLifetimeMs } from './host/one-time-codes.ts';
import { createDesktopHost } from './host/desktop-host.ts';
import { ensureRendererBuilt } from './host/renderer-build.ts';
import { tryLaunchElectron } from './launch-electron.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMO_USER = 'member';

const usage = `Usage: npm start -- [--browser] [--no-open] [--port N] [--server URL] [--user NAME] [--data DIR] [--allow-insecure-http]
  --browser      run in a browser tab instead of the Electron window
  --no-open      do not open the system browser (browser mode)
  --port N       browser-mode port on 127.0.0.1 (default: a free port)
  --server URL   the council's authority server (env CHAMBER_SERVER_URL); without it a demo server runs in-process
  --user NAME    account name on that server (env CHAMBER_USER); password from env CHAMBER_PASSWORD
  --data DIR     local data folder (env CHAMBER_DATA_DIR; default $XDG_DATA_HOME/chamber or ~/.local/share/chamber)
  --allow-insecure-http  allow an http:// --server that is not this computer (env CHAMBER_ALLOW_INSECURE_HTTP=1);
                 not recommended: the password and session would be readable by anyone on the network`;

class UsageError extends Error {}

interface StartConfig {
  browser: boolean;
  open: boolean;
  port: number;
  serverUrl: string | null;
  username: string | null;
  password: string | undefined;
  dataDir: string;
  linkLifetimeSeconds: number;
}

const LinkLifetimeSeconds = z.coerce
  .number()
  .int()
  .min(1)
  .max(maxCodeLifetimeMs / 1000);

function defaultDataDir(): string {
  const xdg = process.env.XDG_DATA_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.local', 'share'), 'chamber');
}

function readConfig(argv: string[]): StartConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        browser: { type: 'boolean', default: false },
        'no-open': { type: 'boolean', default: false },
        port: { type: 'string' },
        server: { type: 'string' },
        user: { type: 'string' },
        data: { type: 'string' },
        'allow-insecure-http': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const portText = values.port ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${portText}"`);
  const serverUrl = values.server ?? (process.env.CHAMBER_SERVER_URL || null);
  if (serverUrl !== null) {
    let parsed: URL;
    try {
      parsed = new URL(serverUrl);
    } catch {
      throw new UsageError(`--server must be a URL like https://chamber.example-council.gov.uk, not "${serverUrl}"`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError('--server must be an http(s) URL');
    const allowInsecure = values['allow-insecure-http'] || process.env.CHAMBER_ALLOW_INSECURE_HTTP === '1';
    if (isRefusedPlainHttp(parsed.href, allowInsecure)) {
      throw new UsageError(`${plainHttpRefusalMessage(serverUrl)} (To use it anyway: --allow-insecure-http.)`);
    }
  }
  const username = values.user ?? (process.env.CHAMBER_USER || null);
  if (serverUrl !== null && !username) throw new UsageError('--user NAME (or CHAMBER_USER) is needed with --server');
  const lifetimeText = process.env.CHAMBER_BROWSER_LINK_SECONDS || String(maxCodeLifetimeMs / 1000);
  const linkLifetime = LinkLifetimeSeconds.safeParse(lifetimeText);
  if (!linkLifetime.success) throw new UsageError(`CHAMBER_BROWSER_LINK_SECONDS must be a whole number of seconds from 1 to 60, not "${lifetimeText}"`);
  return {
    browser: values.browser,
    open: !values['no-open'],
    port,
    serverUrl,
    username,
    password: process.env.CHAMBER_PASSWORD || undefined,
    dataDir: path.resolve(values.data ?? (process.env.CHAMBER_DATA_DIR || defaultDataDir())),
    linkLifetimeSeconds: linkLifetime.data,
  };
}

function hasDisplay(): boolean {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined); // no opener installed: the printed line is enough
    child.unref();
  } catch {
    // Same: the URL is printed.
  }
}

async function main(): Promise<void> {
  const config = readConfig(process.argv.slice(2));

  let embedded: AuthorityServer | null = null;
  let serverUrl = config.serverUrl;
  let username = config.username;
  let password = config.password;
  if (serverUrl === null) {
    embedded = await startAuthorityServer({
      dataDir: path.join(config.dataDir, 'embedded-server'),
      port: 0,
      host: '127.0.0.1',
      seed: 'demo',
      logLevel: 'warn',
    });
    const account = embedded.demo?.accounts.find((a) => a.username === (username ?? DEMO_USER));
    if (!account) throw new UsageError(`The demo council has no account "${username}"`);
    serverUrl = embedded.url;
    username = account.username;
    password = account.password;
  }
  if (username === null) throw new UsageError('--user NAME is needed');

  const { rendererDir } = await ensureRendererBuilt(repoRoot);

  if (!config.browser) {
    const launch = await tryLaunchElectron({ serverUrl, username, dataDir: config.dataDir, passwordEnv: password, embeddedServer: embedded !== null });
    if (launch.launched) {
      const code = await launch.exited;
      await embedded?.close();
      process.exit(code);
    }
    console.log(launch.reason.replace(/\s+/g, ' '));
  }

  const host = await createDesktopHost({
    dataDir: config.dataDir,
    initialAccount: { serverUrl, username, password, embeddedServer: embedded !== null },
  });
  const seconds = config.linkLifetimeSeconds;
  const printLink = (link: string): void => {
    // The first line's form is what scripts and tests read; one write, so a reader never sees half of it.
    console.log(
      `Chamber is running at ${link}\n` +
        `  (The link works once, within ${seconds} second${seconds === 1 ? '' : 's'}. For a new one, open ${browser.url} and choose "Print a new link".)`,
    );
  };
  const onCodeReused = (): void =>
    console.error(
      'Chamber: a link that was already used was opened again. If that was not you, another program on this computer may have used it first: stop Chamber (Ctrl+C) and start it again.',
    );
  const browser = await startBrowserModeServer({ host, rendererDir, port: config.port, codeLifetimeMs: seconds * 1000, printLink, onCodeReused });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    // If something still hangs on to the event loop, say so and go anyway rather than linger.
    setTimeout(() => {
      console.error(`Chamber: shutdown after ${signal} took too long; exiting anyway`);
      process.exit(1);
    }, 15_000).unref();
    void (async () => {
      try {
        await browser.close();
        await host.close();
        await embedded?.close();
        process.exit(0);
      } catch (error) {
        console.error(`Chamber: stopping after ${signal} failed:`, error);
        process.exit(1);
      }
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Listening for signals before the line is printed: whoever reads it may stop us at once.
  const firstLink = browser.newLink();
  printLink(firstLink);
  if (config.open && hasDisplay()) openInBrowser(firstLink);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`chamber: ${error.message}\n${usage}`);
    process.exit(2);
  }
  console.error('chamber: could not start:', error);
  process.exit(1);
});
