/**
 * How a browser gets into browser mode. Any user of the machine can read the
 * command line of any process (`/proc/<pid>/cmdline`) and often the terminal's
 * scrollback, so `npm start` prints, and hands the opener (xdg-open), only a
 * one-time code; the page trades it for the bridge token by a POST. The code
 * works once and expires within a minute; a new one can be printed.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { browserBridgePaths } from '../../common/bridge.ts';
import { repoRoot } from '../support/corpus.ts';
import { waitFor } from '../support/host-council.ts';
import { callBridge, exchangeBrowserCode, makeHostDataDir } from '../support/host-process.ts';
import { spawnUntilReady } from '../support/spawn-until-ready.ts';

/** Any printed address, so the old form (with the token) is caught too. */
const RUNNING = /^Chamber is running at (http:\/\/127\.0\.0\.1:(\d+)\/\S*)$/m;
const CODE_URL = /^http:\/\/127\.0\.0\.1:\d+\/#code=([A-Za-z0-9_-]{43})$/;

/** A directory with an `xdg-open` (and macOS `open`) that writes its arguments to a file instead of opening anything. */
function fakeOpener(): { binDir: string; argsFile: string } {
  const binDir = mkdtempSync(path.join(os.tmpdir(), 'chamber-opener-'));
  const argsFile = path.join(binDir, 'opened-with.txt');
  for (const name of ['xdg-open', 'open']) {
    writeFileSync(path.join(binDir, name), `#!/bin/sh\nprintf '%s\\n' "$@" >> '${argsFile}'\n`);
    chmodSync(path.join(binDir, name), 0o755);
  }
  return { binDir, argsFile };
}

async function startDemo(extraArgs: string[], env: NodeJS.ProcessEnv) {
  const args = ['--import', 'tsx', path.join(repoRoot, 'electron', 'start.ts'), '--browser', '--port', '0', '--data', makeHostDataDir(), ...extraArgs];
  const started = await spawnUntilReady(args, RUNNING, 'npm start', { ...process.env, CHAMBER_LOG_LEVEL: 'warn', ...env });
  const printedUrl = started.ready[1] as string;
  return { ...started, printedUrl, origin: `http://127.0.0.1:${started.ready[2]}` };
}

function codeOf(url: string): string {
  const match = CODE_URL.exec(url);
  assert.ok(match, `a one-time code's URL, not ${url}`);
  return match[1] as string;
}

test('npm start gives the terminal and the opener a one-time code, never the bridge token', async (t) => {
  const opener = fakeOpener();
  const app = await startDemo([], { PATH: `${opener.binDir}${path.delimiter}${process.env.PATH ?? ''}`, DISPLAY: ':0', CHAMBER_BROWSER_LINK_SECONDS: '' });
  t.after(() => app.stop());
  const code = codeOf(app.printedUrl);
  const opened = await waitFor(
    async () => (existsSync(opener.argsFile) ? readFileSync(opener.argsFile, 'utf8') : undefined),
    () => `the opener to be run\n${app.output()}`,
  );
  assert.equal(opened.trim(), app.printedUrl, 'the browser is opened at the printed code URL');

  // The default lifetime, as the terminal states it, is at most a minute.
  const lifetime = /works once, within (\d+) seconds/.exec(app.output());
  assert.ok(lifetime, app.output());
  assert.ok(Number(lifetime[1]) > 0 && Number(lifetime[1]) <= 60, `lifetime ${lifetime[1]} s`);

  // Another origin cannot trade it (and does not use it up).
  const foreign = await exchangeBrowserCode(app.origin, code, { origin: 'http://evil.example' });
  assert.equal(foreign.status, 403);

  const exchanged = await exchangeBrowserCode(app.origin, code);
  assert.equal(exchanged.status, 200);
  assert.equal(exchanged.headers.get('cache-control'), 'no-store');
  const { token } = (await exchanged.json()) as { token: string };
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  await callBridge({ origin: app.origin, token }, 'session.get');

  assert.ok(!app.output().includes(token), 'the terminal never shows the token');
  assert.ok(!opened.includes(token), "the opener's arguments never hold the token");

  const again = await exchangeBrowserCode(app.origin, code);
  assert.equal(again.status, 403, 'a code works once');
  assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'unauthorised');
  // Someone may have used it first (it was on a command line): the terminal says so.
  await waitFor(
    async () => (/a link that was already used was opened again/.test(app.output()) ? true : undefined),
    () => `a warning about the reused link\n${app.output()}`,
  );
});

test('a code expires (here after a one-second setting), and a new one can be printed in the terminal', async (t) => {
  const app = await startDemo(['--no-open'], { CHAMBER_BROWSER_LINK_SECONDS: '1' });
  t.after(() => app.stop());
  assert.match(app.output(), /works once, within 1 seconds?/);
  const expiredCode = codeOf(app.printedUrl);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const expired = await exchangeBrowserCode(app.origin, expiredCode);
  assert.equal(expired.status, 403, 'an expired code is refused');

  // The page's "print a new link" button: the new code goes to the terminal only, never to the caller.
  const foreign = await fetch(app.origin + browserBridgePaths.newLink, { method: 'POST', headers: { origin: 'http://evil.example' } });
  assert.equal(foreign.status, 403);
  const asked = await fetch(app.origin + browserBridgePaths.newLink, { method: 'POST' });
  assert.equal(asked.status, 202);
  const answer = await asked.text();
  const newUrl = await waitFor(
    async () => [...app.output().matchAll(new RegExp(RUNNING, 'gm'))].map((match) => match[1] as string).find((url) => url !== app.printedUrl),
    () => `a new link in the terminal\n${app.output()}`,
  );
  const newCode = codeOf(newUrl);
  assert.ok(!answer.includes(newCode), 'the caller does not get the new code');
  const exchanged = await exchangeBrowserCode(app.origin, newCode);
  assert.equal(exchanged.status, 200);
});
