/**
 * Yjs access ends for listeners too, against the real server process: a
 * member removed from the committee, a session signed out and a session that
 * expires each stop receiving a shared document's updates (and presence) on a
 * connection that only listens; the server closes it with the reason, within
 * one second, while everyone else keeps working. The session's live change
 * feed is closed by the same signal.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { type Committee, MeetingDetailResponse, type Meeting, type UserProfile, apiPaths, yjsDocName } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { type ServerProcess, demoPassword, startServerProcess } from '../support/server-process.ts';
import { type ClosedBy, YjsSocket } from '../support/yjs-socket.ts';

let server: ServerProcess;
let admin: ApiClient;
let planning: Committee;
let docName: string;
const tokens: Record<string, string> = {};
const sockets: YjsSocket[] = [];

before(async () => {
  server = await startServerProcess({ seed: 'demo' });
  admin = await ApiClient.login(server.url, 'admin', demoPassword(server.dataDir, 'admin'));
  planning = (await admin.get<Committee[]>(apiPaths.committees)).find((c) => c.name === 'Planning Committee')!;
  for (const username of ['member', 'member2']) {
    tokens[username] = (await ApiClient.login(server.url, username, demoPassword(server.dataDir, username))).token!;
  }
  const member = new ApiClient(server.url, tokens.member!);
  const [meeting] = await member.get<Meeting[]>(apiPaths.meetings);
  const detail = MeetingDetailResponse.parse(await member.get(apiPaths.meeting(meeting!.id)));
  docName = yjsDocName.sharedAnnotations(planning.id, detail.documents[0]!.id);
});

after(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server?.stop();
  assert.equal(server.process.exitCode, 0, server.output());
});

async function open(token: string): Promise<YjsSocket> {
  const socket = await YjsSocket.open(server.url, token, docName);
  sockets.push(socket);
  return socket;
}

/** A new account on the Planning Committee, signed in: its id and token. */
async function newPlanningMember(username: string): Promise<{ id: string; token: string }> {
  const password = `${username}-password-long`;
  const profile = await admin.post<UserProfile>(apiPaths.adminUsers, { username, displayName: username, password });
  await admin.put(apiPaths.adminMembership(planning.id, profile.id), { role: 'member' });
  return { id: profile.id, token: (await ApiClient.login(server.url, username, password)).token! };
}

/** The bound. Closing happens inside the request that ends access; loopback round trips take milliseconds, so no margin is needed. */
const ACCESS_ENDS_WITHIN_MS = 1000;

/** How the server closed the socket, failing if it was still open one second after `since` (performance.now()). */
async function closedWithinOneSecond(socket: YjsSocket, since: number): Promise<ClosedBy> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('the connection was still open one second after access ended')), ACCESS_ENDS_WITHIN_MS - (performance.now() - since));
  });
  try {
    const closed = await Promise.race([socket.closed, deadline]);
    assert.ok(closed.at - since <= ACCESS_ENDS_WITHIN_MS, `closed after ${Math.round(closed.at - since)} ms`);
    return closed;
  } finally {
    clearTimeout(timer);
  }
}

/** The live change feed of a session, and how the server closed it. */
async function openLiveFeed(token: string): Promise<{ closed: Promise<{ code: number; reason: string }> }> {
  const socket = new WebSocket(server.url.replace(/^http/, 'ws') + apiPaths.changesLive, [`chamber-token.${token}`]);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { closed };
}

/** Writes a note as `writer` and waits until `reader` (still allowed) has it, so it was relayed to everyone by then. */
async function writeAndSee(writer: YjsSocket, reader: YjsSocket, key: string): Promise<void> {
  writer.write((doc) => doc.getMap('notes').set(key, `note ${key}`));
  assert.equal(await writer.roundTrip(), 'answered');
  assert.equal(await reader.roundTrip(), 'answered');
  assert.equal(reader.doc.getMap('notes').get(key), `note ${key}`, `${key} reached a reader who may read`);
}

/**
 * member2 signed in a second time (another device) and listening on the document and the live feed,
 * with member writing and member2's first session reading; the listener has received a first note.
 */
async function anotherSessionListening() {
  const token = (await ApiClient.login(server.url, 'member2', demoPassword(server.dataDir, 'member2'))).token!;
  const writer = await open(tokens.member!);
  const stayer = await open(tokens.member2!);
  const listener = await open(token);
  const feed = await openLiveFeed(token);
  await writeAndSee(writer, listener, `before-${token.slice(0, 6)}`);
  return { token, writer, stayer, listener, feed };
}

test('a member removed from the committee stops receiving updates and presence; closed with the reason within one second', async () => {
  const leaver = await newPlanningMember('leaver');
  const writer = await open(tokens.member!);
  const stayer = await open(tokens.member2!);
  const listener = await open(leaver.token);
  listener.setPresence({ userId: leaver.id, name: 'Leaver' });
  await writeAndSee(writer, stayer, 'before-removal');
  assert.equal(await listener.roundTrip(), 'answered');
  assert.equal(listener.doc.getMap('notes').get('before-removal'), 'note before-removal');
  assert.ok(stayer.awareness.getStates().has(listener.doc.clientID), 'the leaver shows as present');

  const started = performance.now();
  await admin.delete(apiPaths.adminMembership(planning.id, leaver.id));
  const closed = await closedWithinOneSecond(listener, started);
  assert.equal(closed.code, 4403);
  assert.match(closed.reason, /access ended: no longer a member of the committee/);

  const updatesBefore = listener.relayedUpdates;
  await writeAndSee(writer, stayer, 'after-removal');
  assert.equal(listener.doc.getMap('notes').get('after-removal'), undefined, 'nothing after the removal reached the leaver');
  assert.equal(listener.relayedUpdates, updatesBefore);
  assert.ok(!stayer.awareness.getStates().has(listener.doc.clientID), "the leaver's presence is gone for the others");
});

test('a signed-out session stops receiving updates; closed with the reason within one second; the same user elsewhere keeps working', async () => {
  const { token: otherDevice, writer, stayer, listener, feed } = await anotherSessionListening();

  const started = performance.now();
  await new ApiClient(server.url, otherDevice).post(apiPaths.logout);
  const closed = await closedWithinOneSecond(listener, started);
  assert.equal(closed.code, 4401);
  assert.match(closed.reason, /session ended: signed out/);
  // The live change feed ends by the same signal.
  assert.deepEqual(await feed.closed, { code: 4001, reason: 'signed out' });

  await writeAndSee(writer, stayer, 'after-sign-out');
  assert.equal(listener.doc.getMap('notes').get('after-sign-out'), undefined, 'nothing after the sign-out reached that device');
});

test('a session that expires stops receiving updates; closed with the reason within one second', async () => {
  const { token: expiring, writer, stayer, listener, feed } = await anotherSessionListening();

  // Time passing, written where the server keeps it: the session's absolute end is now.
  const db = new Database(path.join(server.dataDir, 'chamber.sqlite'));
  db.pragma('busy_timeout = 5000');
  const started = performance.now();
  try {
    const ended = db
      .prepare('UPDATE sessions SET absolute_expires_at = ? WHERE token_sha256 = ?')
      .run(new Date().toISOString(), createHash('sha256').update(expiring).digest('hex'));
    assert.equal(ended.changes, 1);
  } finally {
    db.close();
  }
  const closed = await closedWithinOneSecond(listener, started);
  assert.equal(closed.code, 4401);
  assert.match(closed.reason, /session ended: expired/);
  assert.deepEqual(await feed.closed, { code: 4001, reason: 'session expired' });

  await writeAndSee(writer, stayer, 'after-expiry');
  assert.equal(listener.doc.getMap('notes').get('after-expiry'), undefined, 'nothing after the expiry reached that device');
});
