/**
 * The public record (collab-server/public/public-record.ts) on a real SQLite
 * file, written through the server's own store and publish functions: only
 * published data is public, an exempt item keeps only its number, reason and
 * (when the clerk says so) its title, and what the public saw and no longer
 * can leaves a tombstone with the time it went.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../collab-server/db/database.ts';
import { publishMeeting } from '../../collab-server/feed/publish.ts';
import {
  isPublicContent, listPublicMeetings, listPublicMemberships, listPublicPersons, listPublicTombstones, publicMeetingDetail, publicRecordVersion,
} from '../../collab-server/public/public-record.ts';
import { insertUser } from '../../collab-server/store/accounts.ts';
import { createCommittee, createItem, createMeeting, defaultBodyId, deleteItem, endMembership, insertDocument, setMembership, updateItem } from '../../collab-server/store/council.ts';

const sha = (char: string) => char.repeat(64);

function council() {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'chamber-public-record-')), 'chamber.sqlite'));
  const committee = createCommittee(db, defaultBodyId(db), 'Planning');
  const person = (name: string) => insertUser(db, { username: name.toLowerCase(), displayName: name, passwordHash: 'x', isAdmin: false });
  const chair = person('Ada');
  const member = person('Ben');
  const clerk = person('Cleo');
  setMembership(db, committee.id, chair.id, 'chair');
  setMembership(db, committee.id, member.id, 'member');
  setMembership(db, committee.id, clerk.id, 'clerk');
  const meeting = createMeeting(db, { committeeId: committee.id, title: 'Planning Committee', startsAt: '2026-12-10T18:00:00.000Z', venue: 'Town Hall' });
  const open = createItem(db, meeting.id, { number: '1', title: 'Land at Mill Lane', confidential: false });
  const exempt = createItem(db, meeting.id, { number: '2', title: 'Secret Quarry Purchase', confidential: true, confidentialReason: 'Paragraph 3' });
  const exemptNamed = createItem(db, meeting.id, { number: '3', title: 'Depot lease', confidential: true, confidentialReason: 'Paragraph 3', titlePublic: true });
  const paper = (itemId: string, id: string, char: string) =>
    insertDocument(db, { id, item_id: itemId, lineage_id: id, version: 1, kind: 'report', name: `${id}.pdf`, sha256: sha(char), size: 10, page_count: 2, has_text: 1, uploadedBy: clerk.id, pages: ['a', 'b'] });
  paper(open.id, 'open-report', 'a');
  paper(exempt.id, 'exempt-report', 'b');
  return { db, committee, chair, member, clerk, meeting, open, exempt, exemptNamed };
}

test('nothing is public before publication; afterwards exempt items keep only number, reason and a public title', () => {
  const { db, meeting, open, exempt, exemptNamed } = council();
  assert.deepEqual(listPublicMeetings(db), []);
  assert.equal(publicMeetingDetail(db, meeting.id), undefined);

  publishMeeting(db, meeting.id, null);
  const [listed] = listPublicMeetings(db);
  assert.equal(listed?.id, meeting.id);
  assert.equal(listed?.committeeName, 'Planning');
  const detail = publicMeetingDetail(db, meeting.id)!;
  const byId = new Map(detail.items.map((item) => [item.id, item]));
  assert.equal(byId.get(open.id)?.title, 'Land at Mill Lane');
  assert.deepEqual(byId.get(open.id)?.documents.map((d) => d.id), ['open-report']);
  assert.equal(byId.get(exempt.id)?.title, null);
  assert.deepEqual(byId.get(exempt.id)?.exempt, { reason: 'Paragraph 3' });
  assert.deepEqual(byId.get(exempt.id)?.documents, []);
  assert.equal(byId.get(exemptNamed.id)?.title, 'Depot lease');
  assert.ok(!JSON.stringify(detail).includes('Secret Quarry'), 'the exempt title is nowhere in the public detail');
  assert.ok(isPublicContent(db, sha('a')));
  assert.ok(!isPublicContent(db, sha('b')), 'an exempt paper is not public content');
  for (const item of detail.items) assert.ok(item.createdAt && item.modifiedAt >= item.createdAt);
});

test('only chairs and members are public people; officers are not', () => {
  const { db, committee, chair, member, clerk } = council();
  assert.deepEqual(listPublicPersons(db).map((p) => p.id).sort(), [chair.id, member.id].sort());
  assert.deepEqual(listPublicMemberships(db, committee.id).map((m) => [m.personName, m.role]), [['Ada', 'chair'], ['Ben', 'member']]);
  assert.ok(!listPublicPersons(db).some((p) => p.id === clerk.id));
});

test('removing a public paper or item, or making an item confidential, leaves a tombstone; ending a membership too', () => {
  const { db, committee, member, meeting, open } = council();
  publishMeeting(db, meeting.id, null);
  const before = publicRecordVersion(db);
  assert.deepEqual(listPublicTombstones(db, 'item'), []);

  updateItem(db, open.id, { confidential: true, confidentialReason: 'Paragraph 1' });
  publishMeeting(db, meeting.id, 'Item 1 is now exempt');
  const itemTombstones = listPublicTombstones(db, 'item');
  const documentTombstones = listPublicTombstones(db, 'document');
  assert.deepEqual(itemTombstones.map((t) => t.id), [open.id]);
  assert.deepEqual(documentTombstones.map((t) => t.id), ['open-report']);
  assert.ok(itemTombstones[0]!.deletedAt >= itemTombstones[0]!.createdAt);
  assert.notEqual(publicRecordVersion(db), before, 'the public version moves on');

  // Public again: the tombstone goes, since the object is back.
  updateItem(db, open.id, { confidential: false });
  publishMeeting(db, meeting.id, null);
  assert.deepEqual(listPublicTombstones(db, 'item'), []);

  deleteItem(db, open.id);
  publishMeeting(db, meeting.id, 'Item 1 withdrawn');
  assert.deepEqual(listPublicTombstones(db, 'item').map((t) => t.id), [open.id]);

  endMembership(db, committee.id, member.id);
  assert.deepEqual(listPublicTombstones(db, 'membership').map((t) => t.id), [`${committee.id}:${member.id}`]);
  setMembership(db, committee.id, member.id, 'member');
  assert.deepEqual(listPublicTombstones(db, 'membership'), [], 'a renewed membership is live again');
});
