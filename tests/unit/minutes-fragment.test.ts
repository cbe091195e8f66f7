/**
 * The server's writes into the minutes fragment and the export model read
 * from it, on real Y.Docs: sections for items added later land after the
 * item before them and nothing is deleted; a vote block lands once, at the
 * end of its section; the public model holds nothing of an exempt item but
 * its heading and reason, wherever its blocks were moved.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { type MeetingRecord, type MinutesStatus, minutesNodes } from '../../common/minutes.ts';
import type { AgendaItem, VoteResult } from '../../common/wire.ts';
import { buildMinutesContent, contentText } from '../../collab-server/minutes/minutes-content.ts';
import { type SectionItem, addVoteBlock, appendMissingSections, minutesFragmentOf, seedMinutes } from '../../collab-server/minutes/minutes-fragment.ts';

const item = (id: string, number: string, confidential = false): SectionItem => ({ id, number, title: `Item ${number}`, confidential });
const sectionIds = (fragment: Y.XmlFragment) =>
  fragment.toArray().flatMap((node) => (node instanceof Y.XmlElement && node.nodeName === minutesNodes.itemSection ? [node.getAttribute('itemId')] : []));

function typeAfterSection(fragment: Y.XmlFragment, itemId: string, text: string): void {
  const nodes = fragment.toArray();
  const at = nodes.findIndex((node) => node instanceof Y.XmlElement && node.getAttribute('itemId') === itemId && node.nodeName === minutesNodes.itemSection);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(at + 1, [paragraph]);
}

test('sections for items added later go after the item before them; a vote block lands once at the end of its section', () => {
  const doc = new Y.Doc();
  const fragment = minutesFragmentOf(doc);
  seedMinutes(fragment, [item('a', '1'), item('c', '3')]);
  typeAfterSection(fragment, 'a', 'Text about item one');
  const before = fragment.toString();
  assert.equal(appendMissingSections(fragment, [item('z', '0'), item('a', '1'), item('b', '2'), item('c', '3'), item('d', '4')]), 3);
  assert.deepEqual(sectionIds(fragment), ['z', 'a', 'b', 'c', 'd']);
  assert.ok(fragment.toString().includes('Text about item one'), 'nothing is deleted');
  assert.ok(fragment.toString().length > before.length);
  assert.equal(appendMissingSections(fragment, [item('a', '1'), item('b', '2')]), 0);

  assert.equal(addVoteBlock(fragment, item('a', '1'), 'v1'), true);
  assert.equal(addVoteBlock(fragment, item('a', '1'), 'v1'), false, 'once');
  const nodes = fragment.toArray() as Y.XmlElement[];
  const vote = nodes.findIndex((node) => node.getAttribute('voteId') === 'v1');
  assert.equal(nodes[vote + 1]?.getAttribute('itemId'), 'b', 'at the end of the section, before the next item');
  assert.equal(nodes[vote - 1]?.nodeName, 'paragraph');
});

test('the public model keeps an exempt item as its heading and reason only, wherever its blocks were moved', () => {
  const doc = new Y.Doc();
  const fragment = minutesFragmentOf(doc);
  seedMinutes(fragment, [item('open', '1'), item('secret', '2', true)]);
  typeAfterSection(fragment, 'open', 'RESOLVED that the report be noted.');
  typeAfterSection(fragment, 'secret', 'The valuation was £1.2m.');
  addVoteBlock(fragment, item('secret', '2', true), 'v-secret');
  // Someone moved the exempt item's vote block up into the open item's section.
  const moved = new Y.XmlElement(minutesNodes.recordBlock);
  moved.setAttribute('kind', 'vote');
  moved.setAttribute('voteId', 'v-secret');
  fragment.insert(2, [moved]);

  const agenda: AgendaItem[] = [
    { id: 'open', meetingId: 'm', parentItemId: null, position: 0, number: '1', title: 'Item 1', confidential: false, confidentialReason: null },
    { id: 'secret', meetingId: 'm', parentItemId: null, position: 1, number: '2', title: 'Sale of the depot', confidential: true, confidentialReason: 'Paragraph 3' },
  ];
  const vote: VoteResult = {
    id: 'v-secret', meetingId: 'm', itemId: 'secret', committeeId: 'c', motion: { text: 'That the depot be sold to the highest bidder', proposer: null, seconder: null },
    kind: 'recorded', openedAt: '2026-01-01T18:00:00.000Z', closedAt: '2026-01-01T18:05:00.000Z', counts: { for: 2, against: 0, abstain: 0 }, presentCount: 2,
    majority: 'simple-of-cast', tie: 'chair-casting-vote', outcome: 'carried', decidedBy: 'majority', castingVote: null,
    named: { for: [{ userId: 'u1', displayName: 'Cllr A' }, { userId: 'u2', displayName: 'Cllr B' }], against: [], abstain: [], didNotVote: [] },
  };
  const record: MeetingRecord = { meetingId: 'm', roll: [], declarations: [], votes: [vote], serverTime: '2026-01-01T19:00:00.000Z' };
  const status: MinutesStatus = { meetingId: 'm', state: 'approved', circulatedAt: null, approval: null, publishedAt: null, amendments: [] };
  const source = { council: 'C', committee: 'Planning Committee', meeting: { title: 'P', startsAt: '2026-01-01T18:00:00.000Z', venue: null }, agenda, record, status, doc, timeZone: 'Europe/London' };

  const full = contentText(buildMinutesContent(source, 'committee'));
  assert.ok(full.includes('The valuation was £1.2m.') && full.includes('depot be sold'));
  const publicContent = buildMinutesContent(source, 'public');
  const publicText = contentText(publicContent);
  assert.ok(!publicText.includes('valuation') && !publicText.includes('depot') && !publicText.includes('Cllr A'), publicText);
  assert.ok(publicText.includes('RESOLVED that the report be noted.'));
  assert.deepEqual(publicContent.items.map((section) => section.heading), ['1. Item 1', '2. Exempt item']);
  assert.ok(publicText.includes('Reason: Paragraph 3.'));
});
