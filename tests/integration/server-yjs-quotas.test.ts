/**
 * Yjs storage quotas, against the real server process with small limits and
 * its real SQLite file: private layers only for documents the user may read,
 * a cap on what one document stores (refused with its reason, nothing stored
 * past it, compaction counted) and a cap on how fast one connection may send
 * (a flood is closed with its reason; everyone else keeps working).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { type Committee, MeetingDetailResponse, type Meeting, type UserProfile, apiPaths, yjsDocName } from '../../common/wire.ts';
import { ApiClient } from '../support/api-client.ts';
import { waitFor } from '../support/host-council.ts';
import { type ServerProcess, type StartServerOptions, demoPassword, startServerProcess } from '../support/server-process.ts';
import { type ClosedBy, UpgradeRefused, YjsSocket } from '../support/yjs-socket.ts';

/** Small enough to reach in a few frames; the defaults are 16 MiB, 100 messages and 1 MiB a second. */
const MAX_DOCUMENT_BYTES = 64 * 1024;
const MESSAGES_PER_SECOND = 20;
const limits: StartServerOptions = { yjsMaxDocumentBytes: MAX_DOCUMENT_BYTES, yjsMessagesPerSecond: MESSAGES_PER_SECOND };

let server: ServerProcess;
const tokens: Record<string, string> = {};
const profiles: Record<string, UserProfile> = {};
let planning: Committee;
let publicDocumentId: string;
let secondPublicDocumentId: string;
let confidentialDocumentId: string;
const sockets: YjsSocket[] = [];

before(async () => {
  server = await startServerProcess({ seed: 'demo', ...limits });
  const admin = await ApiClient.login(server.url, 'admin', demoPassword(server.dataDir, 'admin'));
  planning = (await admin.get<Committee[]>(apiPaths.committees)).find((c) => c.name === 'Planning Committee')!;
  for (const username of ['member', 'member2', 'member3', 'clerk']) {
    const client = await ApiClient.login(server.url, username, demoPassword(server.dataDir, username));
    tokens[username] = client.token!;
    profiles[username] = await client.get<UserProfile>(apiPaths.me);
  }
  const clerk = new ApiClient(server.url, tokens.clerk!);
  const [meeting] = await clerk.get<Meeting[]>(apiPaths.meetings);
  const detail = MeetingDetailResponse.parse(await clerk.get(apiPaths.meeting(meeting!.id)));
  const confidentialItems = new Set(detail.items.filter((item) => item.confidential).map((item) => item.id));
  const publicDocuments = detail.documents.filter((document) => !confidentialItems.has(document.itemId ?? ''));
  publicDocumentId = publicDocuments[0]!.id;
  secondPublicDocumentId = publicDocuments[1]!.id;
  confidentialDocumentId = detail.documents.find((document) => confidentialItems.has(document.itemId ?? ''))!.id;
});

after(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await server?.stop();
  assert.equal(server.process.exitCode, 0, server.output());
});

async function open(username: string, docName: string): Promise<YjsSocket> {
  const socket = await YjsSocket.open(server.url, tokens[username]!, docName);
  sockets.push(socket);
  return socket;
}

/** The HTTP status and message an upgrade was refused with, or 101 when it was accepted. */
async function upgrade(username: string, docName: string): Promise<{ status: number; body: string }> {
  try {
    (await open(username, docName)).close();
    return { status: 101, body: '' };
  } catch (error) {
    if (error instanceof UpgradeRefused) return { status: error.status, body: error.body };
    throw error;
  }
}

/** Bytes of a document's update log in the server's database file. */
function storedBytes(docName: string): number {
  const db = new Database(path.join(server.dataDir, 'chamber.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COALESCE(SUM(LENGTH(update_data)), 0) AS n FROM yjs_updates WHERE doc_name = ?').get(docName) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The keys of the `notes` map stored for a document, replayed from the update log. */
function storedNoteKeys(docName: string): string[] {
  const db = new Database(path.join(server.dataDir, 'chamber.sqlite'), { readonly: true, fileMustExist: true });
  const doc = new Y.Doc();
  try {
    const rows = db.prepare('SELECT update_data FROM yjs_updates WHERE doc_name = ? ORDER BY id').all(docName) as { update_data: Buffer }[];
    for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.update_data));
    return [...doc.getMap('notes').keys()].sort();
  } finally {
    doc.destroy();
    db.close();
  }
}

/** The close a round trip ended in, failing when the server answered instead (it handled everything sent). */
function closedBy(outcome: 'answered' | ClosedBy, what: string): ClosedBy {
  if (outcome === 'answered') assert.fail(what);
  return outcome;
}

/** Text Yjs stores as it is: 6,000 characters that do not repeat. */
const incompressibleNote = (): string => randomBytes(4500).toString('base64');

test('private layers only for documents the user may read', async () => {
  const own = (username: string, documentId: string) => yjsDocName.privateAnnotations(profiles[username]!.id, documentId);
  const missing = await upgrade('member', own('member', 'no-such-document'));
  assert.equal(missing.status, 403, 'a document that does not exist');
  assert.match(missing.body, /does not exist or is not shared with you/);
  const confidential = await upgrade('member3', own('member3', confidentialDocumentId));
  assert.equal(confidential.status, 403, "a confidential paper of a committee the user does not sit on (member3 is on Licensing)");
  assert.match(confidential.body, /does not exist or is not shared with you/);
  assert.equal((await upgrade('member3', own('member3', publicDocumentId))).status, 101, 'a public paper of another committee');
  assert.equal((await upgrade('member', own('member', confidentialDocumentId))).status, 101, "a confidential paper of the user's own committee");
});

test('a flood of messages on one connection is closed with its reason; other connections keep working', async () => {
  const docName = yjsDocName.sharedAnnotations(planning.id, publicDocumentId);
  const flooder = await open('member', docName);
  const reader = await open('member2', docName);
  // Far beyond the burst a connection may send (five seconds' worth), sent as fast as the socket takes them.
  const floodSize = MESSAGES_PER_SECOND * 5 * 4;
  for (let i = 0; i < floodSize; i++) flooder.write((doc) => doc.getMap('flood').set('counter', i));
  const outcome = closedBy(await flooder.roundTrip(), `the server handled all ${floodSize} messages without closing the connection`);
  assert.equal(outcome.code, 4429);
  assert.match(outcome.reason, /too many messages/);

  const writer = await open('member2', docName);
  writer.write((doc) => doc.getMap('notes').set('after-flood', 'still working'));
  assert.equal(await writer.roundTrip(), 'answered');
  assert.equal(await reader.roundTrip(), 'answered');
  assert.equal(reader.doc.getMap('notes').get('after-flood'), 'still working');
  const counted = reader.doc.getMap('flood').get('counter') as number;
  assert.ok(counted < floodSize - 1, `the flood was cut short (the reader saw up to ${counted})`);
});

test('compaction counts: a document rewritten past its cap in total, but small, keeps accepting', async () => {
  const docName = yjsDocName.privateAnnotations(profiles.member!.id, secondPublicDocumentId);
  const writer = await open('member', docName);
  // Three times the cap in all, one value overwritten: what compaction stores stays small. (Within the message rate.)
  const rewrites = (MAX_DOCUMENT_BYTES * 3) / 6000;
  for (let i = 0; i < rewrites; i++) {
    writer.write((doc) => doc.getMap('notes').set('draft', incompressibleNote()));
    assert.equal(await writer.roundTrip(), 'answered', `rewrite ${i} was refused`);
  }
  // While the document is still open, its log on disk is folded back under the cap (not only when it unloads).
  await waitFor(
    async () => (storedBytes(docName) <= MAX_DOCUMENT_BYTES ? true : undefined),
    () => `the stored log to be compacted under the cap; it holds ${storedBytes(docName)} bytes`,
  );
});

test('a document over its size cap is refused with its reason; nothing past the cap is stored or relayed', async () => {
  const docName = yjsDocName.sharedAnnotations(planning.id, secondPublicDocumentId);
  const writer = await open('member', docName);
  const reader = await open('member2', docName);
  const accepted: string[] = [];
  let refusal: ClosedBy | null = null;
  // Bounded: the cap holds about eleven of these notes.
  for (let i = 0; i < 2 * (MAX_DOCUMENT_BYTES / 6000) && refusal === null; i++) {
    writer.write((doc) => doc.getMap('notes').set(`note-${i}`, incompressibleNote()));
    const outcome = await writer.roundTrip();
    if (outcome === 'answered') accepted.push(`note-${i}`);
    else refusal = outcome;
  }
  assert.ok(refusal, `the document took ${accepted.length} notes of 6,000 characters under a cap of ${MAX_DOCUMENT_BYTES} bytes`);
  assert.equal(refusal.code, 4413);
  assert.match(refusal.reason, /document too large/);
  assert.match(refusal.reason, new RegExp(String(MAX_DOCUMENT_BYTES)));
  assert.ok(accepted.length >= 5, `the cap leaves room for notes (${accepted.length} accepted)`);
  const refusedKey = `note-${accepted.length}`;
  assert.equal(await reader.roundTrip(), 'answered');
  assert.deepEqual([...reader.doc.getMap('notes').keys()].sort(), [...accepted].sort(), 'the reader got every accepted note and not the refused one');

  // What is on disk once the server has stored everything (a stop drains the log writer).
  const dataDir = server.dataDir;
  await server.stop();
  const storedAtRefusal = storedBytes(docName);
  assert.ok(storedAtRefusal <= MAX_DOCUMENT_BYTES, `stored ${storedAtRefusal} bytes`);
  assert.deepEqual(storedNoteKeys(docName), [...accepted].sort());
  assert.ok(!storedNoteKeys(docName).includes(refusedKey));

  server = await startServerProcess({ seed: 'demo', dataDir, ...limits });
  const again = await open('member', docName);
  again.write((doc) => doc.getMap('notes').set('one-more', incompressibleNote()));
  const second = closedBy(await again.roundTrip(), 'a full document took another note after a restart');
  assert.equal(second.code, 4413);
  await server.stop();
  assert.equal(storedBytes(docName), storedAtRefusal, 'the stored log did not grow');
  assert.ok(!storedNoteKeys(docName).includes('one-more'));
  server = await startServerProcess({ seed: 'demo', dataDir, ...limits });
});
