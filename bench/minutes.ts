/**
 * Minutes written live (issue #17): a 40-item meeting, three hours of two
 * minute-takers typing about five characters a second each — 3 h × 5/s × 2 =
 * 108,000 keystrokes — sent as Yjs updates through OUR server (a real server
 * process: both authors signed in, authorisation per message, the update log
 * persisted by its writer thread and compacted) and, in the same run, through
 * a bare y-websocket server (no authentication, no persistence).
 *
 * Pacing: the three hours are replayed as fast as the relay allows, each
 * author in a closed loop — a keystroke is sent only once the other author's
 * document has applied the previous one — with both authors typing at once
 * in the same item (the meeting moves item by item; each author has a
 * paragraph of their own and starts a new one every 60 to 120 characters).
 * So every sample is one keystroke's relay time, never time spent queued
 * behind the author's own earlier keystrokes, and the server always has two
 * writers' updates in flight. A keystroke is one Yjs transaction inserting
 * one character into a Y.XmlText, as the editor's binding sends it. The
 * replay runs about a hundred times faster than people type, so our server's
 * per-connection flood limit (100 messages a second, a guard sized for
 * people) is raised for this run; every other check stays on. The two
 * servers take turns in six rounds (each round a sixth of the meeting),
 * alternating which goes first, so load drift hits both alike.
 *
 * Prints:
 *   minutes.keystroke_p50 / minutes.keystroke_p99 = N ms (ours: one author's update to the other's doc)
 *   minutes.keystroke_p99_ratio = x ours/bare
 *   minutes.log_bytes_ratio = x stored log after compaction / Y.encodeStateAsUpdate(final doc)
 *   minutes.open_p95_ms = N ms (Chromium, the app's minutes screen on a real host: from the route change to the editor
 *     accepting input, OPENS opens of the finished meeting; the first comes from the server, the others from the replica)
 *   minutes.pdf_export_ms = N ms (GET minutes.pdf of the finished meeting, median of 5), minutes.pdf_pages = N pages
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import * as Y from 'yjs';
import { MINUTES_FRAGMENT, minutesNodes, minutesPaths } from '../common/minutes.ts';
import { type Committee, type Meeting, type UserProfile, apiPaths, yjsDocName, yjsPaths } from '../common/wire.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { latestSeq, startHostProcess, waitUntilSynced } from '../tests/support/host-process.ts';
import { inspectPdf } from '../tests/support/pdf-inspect.ts';
import { demoPassword, startServerProcess } from '../tests/support/server-process.ts';
import { chromiumArgs } from './_viewer-harness.ts';
import { type YjsClient, closeYjs, connectYjs, percentile, startBareYjsServer, synced } from './_yjs-harness.ts';

const ITEMS = 40;
const KEYSTROKES_PER_AUTHOR = 3 * 60 * 60 * 5;
const ROUNDS = 6;
const KEYSTROKE_TIMEOUT_MS = 5000;
const PDF_EXPORTS = 5;
/** Opens of the minutes screen in Chromium: the first from the server, the rest from the host's replica. */
const OPENS = 20;

const began = performance.now();
const progress = (what: string): boolean => process.stderr.write(`# ${((performance.now() - began) / 1000).toFixed(1)} s: ${what}\n`);

/** A deterministic stream of council-minutes prose, one character at a time. */
function* prose(seed: number): Generator<string> {
  const words = ('the committee considered report of head planning application members noted that officers recommended approval subject to conditions ' +
    'resolved councillor asked whether drainage scheme highways traffic parking residents objections consultation response agreed deferred budget ' +
    'cabinet scrutiny motion seconded vote carried lost amendment clarified timetable contractor tender value procurement').split(' ');
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (;;) {
    const word = words[Math.floor(next() * words.length)]!;
    yield* `${word}${next() < 0.08 ? '. ' : ' '}`;
  }
}

interface Author {
  client: YjsClient;
  text: Generator<string>;
  /** The paragraph being typed into, and how long it may grow before a new one. */
  paragraph: Y.XmlText | null;
  paragraphBudget: number;
  seed: number;
}

interface Side {
  name: 'ours' | 'bare';
  authors: [Author, Author];
  samples: number[];
}

const fragmentOf = (client: YjsClient) => client.doc.getXmlFragment(MINUTES_FRAGMENT);

/** Index just past the section of the `item`-th item (0-based) in the author's copy. */
function endOfSection(client: YjsClient, item: number): number {
  const nodes = fragmentOf(client).toArray();
  let seen = -1;
  for (let index = 0; index < nodes.length; index += 1) {
    const node = nodes[index];
    if (node instanceof Y.XmlElement && node.nodeName === minutesNodes.itemSection) {
      seen += 1;
      if (seen === item + 1) return index;
    }
  }
  return nodes.length;
}

/** One keystroke: a character into the author's paragraph, or (Enter) a new paragraph at the end of the current item. */
function keystroke(author: Author, item: number): void {
  const doc = author.client.doc;
  doc.transact(() => {
    if (!author.paragraph || author.paragraphBudget <= 0) {
      const paragraph = new Y.XmlElement('paragraph');
      const text = new Y.XmlText();
      paragraph.insert(0, [text]);
      fragmentOf(author.client).insert(endOfSection(author.client, item), [paragraph]);
      author.paragraph = text;
      author.seed = (author.seed * 7 + 3) % 61;
      author.paragraphBudget = 60 + author.seed;
      return;
    }
    author.paragraph.insert(author.paragraph.length, author.text.next().value as string);
    author.paragraphBudget -= 1;
  });
}

/**
 * Both authors type `count` keystrokes each from keystroke `from` on, each waiting for the other to
 * have applied its previous one; the item follows the meeting's clock (40 items over the three hours).
 */
async function type(side: Side, from: number, count: number): Promise<void> {
  await Promise.all(
    side.authors.map(async (author, index) => {
      const other = side.authors[1 - index]!;
      for (let n = from; n < from + count; n += 1) {
        const item = Math.floor((n / KEYSTROKES_PER_AUTHOR) * ITEMS);
        const arrived = new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${side.name}: a keystroke did not arrive in ${KEYSTROKE_TIMEOUT_MS} ms`)), KEYSTROKE_TIMEOUT_MS);
          const onUpdate = (_update: Uint8Array, origin: unknown) => {
            // The other author's provider applies relayed updates with itself as the origin.
            if (origin !== other.client.provider) return;
            clearTimeout(timer);
            other.client.doc.off('update', onUpdate);
            resolve(performance.now());
          };
          other.client.doc.on('update', onUpdate);
        });
        // Only this author's next update reaches the other's doc from the provider now: the other waits on its own arrival.
        const sent = performance.now();
        keystroke(author, item);
        side.samples.push((await arrived) - sent);
      }
    }),
  );
}

async function setUpOurs() {
  // The replay runs ~100× faster than people type: the per-connection flood guard is raised, every other check stays on.
  const server = await startServerProcess({ seed: 'demo', logLevel: 'warn', rateLimitPerMinute: 100_000, yjsMessagesPerSecond: 100_000, yjsBytesPerSecond: 64 * 1024 * 1024 });
  const admin = await ApiClient.login(server.url, 'admin', demoPassword(server.dataDir, 'admin'));
  const clerk = await ApiClient.login(server.url, 'clerk', demoPassword(server.dataDir, 'clerk'));
  const planning = (await admin.get<Committee[]>(apiPaths.committees)).find((committee) => committee.name === 'Planning Committee')!;
  const meeting = await clerk.post<Meeting>(apiPaths.meetings, {
    committeeId: planning.id, title: 'Planning Committee (long meeting)', startsAt: new Date().toISOString(), venue: 'Council Chamber',
  });
  for (let n = 1; n <= ITEMS; n += 1) {
    await clerk.post(apiPaths.meetingItems(meeting.id), {
      title: `Item ${n}: planning application ${26000 + n}/FUL`, confidential: n === 33, ...(n === 33 ? { confidentialReason: 'Paragraph 3, Schedule 12A' } : {}),
    });
  }
  await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Agenda published' });
  const tokens: string[] = [];
  for (const username of ['taker1', 'taker2']) {
    const password = `bench-${username}-password`;
    const user = await admin.post<UserProfile>(apiPaths.adminUsers, { username, displayName: `Minute-taker ${username.slice(-1)}`, password });
    await admin.put(apiPaths.adminMembership(planning.id, user.id), { role: 'minute-taker' });
    tokens.push((await ApiClient.login(server.url, username, password)).token!);
  }
  const base = server.url.replace(/^http/, 'ws') + yjsPaths.base;
  const docName = yjsDocName.minutes(meeting.id);
  return { server, clerk, meeting, docName, base, tokens };
}

/**
 * Opens the finished minutes in Chromium OPENS times, as the second minute-taker: a real desktop host
 * (browser mode, synced with our server) and the app's minutes screen. Each open goes from the meeting
 * list to the minutes route and ends when the editor accepts input: the text is editable and holds the
 * last item's heading (the whole document is there). Timed in the page, from the route change.
 */
async function openTimes(serverUrl: string, meetingId: string, lastItemTitle: string): Promise<number[]> {
  const host = await startHostProcess({ serverUrl, username: 'taker2', password: 'bench-taker2-password' });
  const browser = await chromium.launch({ executablePath: process.env.CHAMBER_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    await waitUntilSynced(host, await latestSeq(serverUrl));
    const page = await browser.newPage({ locale: 'en-GB', viewport: { width: 1360, height: 900 } });
    await page.goto(host.url);
    await page.getByRole('link', { name: /Planning Committee \(long meeting\)/ }).first().waitFor();
    const times: number[] = [];
    for (let n = 0; n < OPENS; n += 1) {
      await page.evaluate(`location.hash = '#/'`);
      await page.getByRole('link', { name: /Planning Committee \(long meeting\)/ }).first().waitFor();
      // Run in the page (a string: this file is type-checked for Node, without the DOM's names).
      const elapsed = (await page.evaluate(`new Promise((resolve, reject) => {
        const heading = ${JSON.stringify(lastItemTitle)};
        const started = performance.now();
        const ready = () => {
          const editor = document.querySelector('[role="textbox"][aria-label="Minutes text"][contenteditable="true"]');
          return editor !== null && [...editor.querySelectorAll('h1, h2, h3, h4')].some((element) => (element.textContent || '').includes(heading));
        };
        const check = () => {
          if (ready()) resolve(performance.now() - started);
          else if (performance.now() - started > 60000) reject(new Error('the minutes did not become editable in 60 s'));
          else requestAnimationFrame(check);
        };
        location.hash = ${JSON.stringify(`#/meetings/${encodeURIComponent(meetingId)}/minutes`)};
        requestAnimationFrame(check);
      })`)) as number;
      times.push(elapsed);
    }
    // It accepts input: a keystroke at the end of the text shows up in it.
    const editor = page.getByRole('textbox', { name: 'Minutes text' });
    await editor.locator('p').last().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' [open check]');
    await editor.getByText('[open check]').waitFor({ timeout: 10_000 });
    return times;
  } finally {
    await browser.close();
    await host.stop();
  }
}

function author(client: YjsClient, seed: number): Author {
  return { client, text: prose(seed), paragraph: null, paragraphBudget: 0, seed };
}

// y-websocket adds a process 'exit' listener per provider.
process.setMaxListeners(50);
const ours = await setUpOurs();
progress('our server up: a 40-item meeting published, two minute-takers signed in');
const bare = await startBareYjsServer();
progress('bare server up');
const oursSide: Side = {
  name: 'ours',
  authors: [author(connectYjs(ours.base, ours.docName, ours.tokens[0]!), 1), author(connectYjs(ours.base, ours.docName, ours.tokens[1]!), 2)],
  samples: [],
};
await Promise.all(oursSide.authors.map((a) => synced(a.client)));
// The bare side starts from the same structure our server seeded.
const seeded = Y.encodeStateAsUpdate(oursSide.authors[0].client.doc);
const bareSide: Side = {
  name: 'bare',
  authors: [author(connectYjs(bare.base, ours.docName, null), 1), author(connectYjs(bare.base, ours.docName, null), 2)],
  samples: [],
};
await Promise.all(bareSide.authors.map((a) => synced(a.client)));
Y.applyUpdate(bareSide.authors[0].client.doc, seeded);
await new Promise((resolve) => setTimeout(resolve, 200));
if (fragmentOf(bareSide.authors[1].client).length !== fragmentOf(oursSide.authors[0].client).length) throw new Error('the bare side did not get the seeded structure');
progress(`both sides synced; the minutes start with ${fragmentOf(oursSide.authors[0].client).length} blocks`);

const sides = [oursSide, bareSide];
let exitCode = 0;
try {
  const perRound = KEYSTROKES_PER_AUTHOR / ROUNDS;
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) await type(side, round * perRound, perRound);
    progress(`round ${round + 1} of ${ROUNDS}: ${(round + 1) * perRound * 2} keystrokes a side`);
  }
  const figures = new Map<string, { p50: number; p99: number }>();
  for (const side of sides) {
    const sorted = [...side.samples].sort((a, b) => a - b);
    figures.set(side.name, { p50: percentile(sorted, 50), p99: percentile(sorted, 99) });
    process.stderr.write(`# ${side.name}: ${sorted.length} keystrokes, p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms\n`);
  }
  if (fragmentOf(oursSide.authors[0].client).toString() !== fragmentOf(oursSide.authors[1].client).toString()) {
    throw new Error('the two authors ended with different minutes');
  }

  // The finished minutes as the clerk exports them.
  const exportTimes: number[] = [];
  let pdf = new Uint8Array();
  for (let n = 0; n < PDF_EXPORTS; n += 1) {
    const started = performance.now();
    const response = await fetch(new URL(minutesPaths.pdf(ours.meeting.id), ours.server.url), { headers: { authorization: `Bearer ${ours.clerk.token}` } });
    pdf = new Uint8Array(await response.arrayBuffer());
    if (!response.ok) throw new Error(`minutes.pdf answered ${response.status}`);
    exportTimes.push(performance.now() - started);
  }
  const pages = (await inspectPdf(pdf)).pageCount;
  progress(`PDF exported: ${pages} pages`);

  const opens = (await openTimes(ours.server.url, ours.meeting.id, `Item ${ITEMS}: planning application ${26000 + ITEMS}/FUL`)).sort((x, y) => x - y);
  process.stderr.write(`# opens: first ${opens.at(-1)!.toFixed(0)} ms at most, median ${percentile(opens, 50).toFixed(0)} ms\n`);

  // The final document, the open check's keystrokes included (an author still connected has them by now).
  await new Promise((resolve) => setTimeout(resolve, 500));
  const finalState = Y.encodeStateAsUpdate(oursSide.authors[0].client.doc);
  const finalText = fragmentOf(oursSide.authors[0].client).toString();

  // Last connection gone: the hub unloads the document and has its log compacted; the server's shutdown drains the writer.
  for (const side of sides) for (const a of side.authors) closeYjs(a.client);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await ours.server.stop();
  const db = new Database(path.join(ours.server.dataDir, 'chamber.sqlite'), { readonly: true });
  const stored = db.prepare('SELECT COALESCE(SUM(LENGTH(update_data)), 0) AS bytes, COUNT(*) AS rows FROM yjs_updates WHERE doc_name = ?').get(ours.docName) as { bytes: number; rows: number };
  db.close();
  process.stderr.write(`# stored log: ${stored.rows} row(s), ${stored.bytes} bytes; final state ${finalState.byteLength} bytes; ${finalText.length} characters of XML\n`);

  const o = figures.get('ours')!;
  const b = figures.get('bare')!;
  console.log(`minutes.keystroke_p50 = ${o.p50.toFixed(2)} ms`);
  console.log(`minutes.keystroke_p99 = ${o.p99.toFixed(2)} ms`);
  console.log(`minutes.keystroke_p99_ratio = ${(o.p99 / b.p99).toFixed(2)} ours/bare`);
  console.log(`minutes.log_bytes_ratio = ${(stored.bytes / finalState.byteLength).toFixed(3)} stored/state`);
  console.log(`minutes.open_p95_ms = ${percentile(opens, 95).toFixed(0)} ms`);
  exportTimes.sort((x, y) => x - y);
  console.log(`minutes.pdf_export_ms = ${percentile(exportTimes, 50).toFixed(0)} ms`);
  console.log(`minutes.pdf_pages = ${pages} pages`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  for (const side of sides) for (const a of side.authors) a.client.provider.destroy();
  await ours.server.stop();
  await bare.stop();
}
process.exit(exitCode);
