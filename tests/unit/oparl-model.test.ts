/**
 * The OParl view of the public record (collab-server/oparl/oparl-model.ts) on a
 * real SQLite file written through the server's store functions: officers never
 * appear, not even as deleted; a member who becomes an officer, or leaves, is
 * deleted (membership and person); one who comes back is live again; a paper
 * whose item is made exempt is deleted with its consultation and files.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../collab-server/db/database.ts';
import { publishMeeting } from '../../collab-server/feed/publish.ts';
import { type OparlSnapshot, buildOparlSnapshot, oparlPaths } from '../../collab-server/oparl/oparl-model.ts';
import { publicRecordVersion } from '../../collab-server/public/public-record.ts';
import { insertUser } from '../../collab-server/store/accounts.ts';
import { createCommittee, createItem, createMeeting, defaultBodyId, endMembership, insertDocument, setMembership, updateItem } from '../../collab-server/store/council.ts';

function council() {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'chamber-oparl-model-')), 'chamber.sqlite'));
  const committee = createCommittee(db, defaultBodyId(db), 'Planning');
  const person = (name: string) => insertUser(db, { username: name.toLowerCase(), displayName: name, passwordHash: 'x', isAdmin: false });
  const snapshot = () => buildOparlSnapshot(db, publicRecordVersion(db), 'Europe/London');
  return { db, committee, person, snapshot };
}

const state = (snapshot: OparlSnapshot, path: string) => {
  const entry = snapshot.byPath.get(path);
  return entry === undefined ? 'absent' : entry.deleted ? 'deleted' : 'live';
};

test('officers never appear; a member who becomes an officer or leaves is deleted, and live again on return', () => {
  const { db, committee, person, snapshot } = council();
  const clerk = person('Cleo');
  const member = person('Ben');
  setMembership(db, committee.id, clerk.id, 'clerk');
  setMembership(db, committee.id, member.id, 'member');
  const membershipOf = (userId: string) => oparlPaths.membership(committee.id, userId);

  let now = snapshot();
  assert.equal(state(now, oparlPaths.person(clerk.id)), 'absent');
  assert.equal(state(now, membershipOf(clerk.id)), 'absent');
  assert.equal(state(now, membershipOf(member.id)), 'live');

  endMembership(db, committee.id, clerk.id);
  now = snapshot();
  assert.equal(state(now, membershipOf(clerk.id)), 'absent', "an officer's membership leaves no public trace");
  assert.equal(state(now, oparlPaths.person(clerk.id)), 'absent');

  setMembership(db, committee.id, member.id, 'minute-taker');
  now = snapshot();
  assert.equal(state(now, membershipOf(member.id)), 'deleted', 'a member who became an officer is no longer public');
  assert.equal(state(now, oparlPaths.person(member.id)), 'deleted');
  assert.deepEqual(JSON.parse(now.byPath.get(oparlPaths.person(member.id))!.json).deleted, true);

  setMembership(db, committee.id, member.id, 'chair');
  now = snapshot();
  assert.equal(state(now, membershipOf(member.id)), 'live');
  assert.equal(JSON.parse(now.byPath.get(oparlPaths.person(member.id))!.json).membership[0].role, 'Chair');

  endMembership(db, committee.id, member.id);
  now = snapshot();
  assert.equal(state(now, membershipOf(member.id)), 'deleted');
  assert.equal(state(now, oparlPaths.person(member.id)), 'deleted');
  // Deleted objects are listed (the routes show them only with modified_since) and keep their creation time.
  const listed = now.lists.get(oparlPaths.bodyList(defaultBodyId(db), 'memberships'))!;
  assert.deepEqual(listed.map((entry) => [entry.path, entry.deleted]), [[membershipOf(member.id), true]]);
});

test('a paper whose item is made exempt is deleted with its consultation and files; its agenda item stays, as an exempt item', () => {
  const { db, committee, person, snapshot } = council();
  const clerk = person('Cleo');
  setMembership(db, committee.id, clerk.id, 'clerk');
  const meeting = createMeeting(db, { committeeId: committee.id, title: 'Planning Committee', startsAt: '2026-12-10T18:00:00.000Z', venue: 'Town Hall' });
  const item = createItem(db, meeting.id, { title: 'Land at Mill Lane', confidential: false });
  insertDocument(db, {
    id: 'report-1', item_id: item.id, lineage_id: 'report-1', version: 1, kind: 'report', name: 'Report.pdf', sha256: 'a'.repeat(64), size: 10, page_count: 1,
    has_text: 1, uploadedBy: clerk.id, pages: ['text'],
  });
  publishMeeting(db, meeting.id, null);
  let now = snapshot();
  for (const path of [oparlPaths.paper(item.id), oparlPaths.consultation(item.id), oparlPaths.file('report-1'), oparlPaths.agendaItem(item.id)]) {
    assert.equal(state(now, path), 'live', path);
  }
  updateItem(db, item.id, { confidential: true, confidentialReason: 'Paragraph 3' });
  publishMeeting(db, meeting.id, null);
  now = snapshot();
  for (const path of [oparlPaths.paper(item.id), oparlPaths.consultation(item.id), oparlPaths.file('report-1')]) assert.equal(state(now, path), 'deleted', path);
  const agendaItem = JSON.parse(now.byPath.get(oparlPaths.agendaItem(item.id))!.json) as Record<string, unknown>;
  assert.equal(agendaItem.public, false);
  assert.equal(agendaItem.name, 'Exempt item (Paragraph 3)');
  assert.ok(!now.byPath.get(oparlPaths.meeting(meeting.id))!.json.includes('Mill Lane'), 'the title is gone from the meeting too');
});
