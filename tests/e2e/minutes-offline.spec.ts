/**
 * The minutes survive the connection and the app, end to end with real
 * processes: one authority server (the demo council); Sam Patel's host
 * reaches it through a TCP relay that the test cuts and restores, Jo
 * Lindqvist's directly; each in a Chromium context of their own.
 *
 *   the connection drops mid-sentence: Sam goes on typing, nothing is lost,
 *   and the rest reaches Jo and the server once it is back → with the server
 *   out of reach, Sam's host is killed (SIGKILL) one second after typing;
 *   restarted, with a fresh browser, the words are there, and they reach the
 *   server once it can be reached.
 */
import net from 'node:net';
import { expect, test } from '@playwright/test';
import { MINUTES_FRAGMENT } from '../../common/minutes.ts';
import { Meeting, apiPaths, yjsDocName } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { demoPassword } from '../support/host-council.ts';
import { ITEM_TITLE, clickIntoItem, minutesText, openMinutes, startPerson, stopPerson, type Person } from '../support/minutes-people.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { startTcpRelay, type TcpRelay } from '../support/tcp-relay.ts';
import { YjsSocket } from '../support/yjs-socket.ts';

test.describe.configure({ mode: 'serial' });

let server: ServerProcess | undefined;
let relay: TcpRelay | undefined;
let sam: Person | undefined;
let jo: Person | undefined;
let docName: string;

function people(): { sam: Person; jo: Person } {
  if (!sam || !jo) throw new Error('the minute-takers did not start');
  return { sam, jo };
}

/** A loopback port nothing listens on: the relay sends connections there while the network is "down". */
async function deadPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function cutNetwork(): Promise<void> {
  relay!.retarget(await deadPort());
  relay!.dropConnections();
}

function restoreNetwork(): void {
  relay!.retarget(Number(new URL(server!.url).port));
}

/** The minutes text as the server holds it (read by the clerk with a client of its own). */
async function serverText(): Promise<string> {
  const clerk = await ApiClient.login(server!.url, 'clerk', demoPassword(server!.dataDir, 'clerk'));
  const socket = await YjsSocket.open(server!.url, clerk.token!, docName);
  try {
    await socket.roundTrip();
    return socket.doc.getXmlFragment(MINUTES_FRAGMENT).toString();
  } finally {
    socket.close();
  }
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  server = await startServerProcess({ seed: 'demo' });
  relay = await startTcpRelay(Number(new URL(server.url).port), Infinity);
  const clerk = await ApiClient.login(server.url, 'clerk', demoPassword(server.dataDir, 'clerk'));
  const [meeting] = await clerk.get<Meeting[]>(apiPaths.meetings);
  docName = yjsDocName.minutes(meeting!.id);
  sam = await startPerson(browser, server, 'minutetaker', relay.url);
  jo = await startPerson(browser, server, 'minutetaker2');
});

test.afterAll(async () => {
  await stopPerson(sam);
  await stopPerson(jo);
  await relay?.close();
  await server?.stop();
});

test('the connection drops mid-sentence: typing goes on, and nothing is lost when it returns', async () => {
  const { sam, jo } = people();
  await openMinutes(sam.page);
  await openMinutes(jo.page);
  const first = "The applicant's agent spoke in support";
  const rest = ', and answered questions on drainage.';
  await clickIntoItem(sam.page, ITEM_TITLE);
  await sam.page.keyboard.type(first);
  await expect(minutesText(jo.page)).toContainText(first);

  await cutNetwork();
  await expect(sam.page.getByText(/^Not connected/)).toBeVisible({ timeout: 30_000 });
  // Still writable: the words go to this computer's copy.
  await expect(minutesText(sam.page)).toHaveAttribute('contenteditable', 'true');
  await sam.page.keyboard.type(rest);
  await expect(minutesText(sam.page)).toContainText(first + rest);
  expect(await serverText()).not.toContain(rest);

  restoreNetwork();
  await expect(minutesText(jo.page)).toContainText(first + rest, { timeout: 60_000 });
  await expect(sam.page.getByText(/^Not connected/)).toHaveCount(0, { timeout: 30_000 });
  expect(await serverText()).toContain(first + rest);
});

test('the host is killed one second after typing; restarted, the words are there', async ({ browser }) => {
  const { sam: before, jo } = people();
  const words = 'Kept on this laptop when the app died.';
  await cutNetwork();
  await expect(before.page.getByText(/^Not connected/)).toBeVisible({ timeout: 30_000 });
  await minutesText(before.page).getByText('answered questions on drainage.').click();
  await before.page.keyboard.press('End');
  await before.page.keyboard.press('Enter');
  await before.page.keyboard.type(words);
  await expect(minutesText(before.page)).toContainText(words);
  // One second after the last key, the app dies without a chance to save anything.
  await before.page.waitForTimeout(1000);
  await before.host.stop('SIGKILL');
  await before.context.close();
  // The server never had the words: whatever shows them after the restart read them from the host's own copy.
  expect(await serverText()).not.toContain(words);

  restoreNetwork();
  sam = await startPerson(browser, server!, 'minutetaker', relay!.url, before.host.dataDir);
  await openMinutes(sam.page);
  await expect(minutesText(sam.page)).toContainText(words);
  // And once connected they reach the others.
  await expect(minutesText(jo.page)).toContainText(words, { timeout: 60_000 });
  expect(await serverText()).toContain(words);
});
