/** Agenda numbers follow the order (1, 2, 3; sub-items 3a, 3b), and a number the clerk gave stays but still counts. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agendaNumbers, subItemLetter } from '../../collab-server/store/agenda-numbering.ts';

const row = (id: string, parent: string | null, number = '', overridden = false) => ({
  id, parent_item_id: parent, position: 0, number, number_overridden: overridden ? 1 : 0,
});

test('sub-item letters run a to z, then aa, ab…', () => {
  assert.deepEqual([0, 1, 25, 26, 27, 51, 52].map(subItemLetter), ['a', 'b', 'z', 'aa', 'ab', 'az', 'ba']);
});

test('top-level items count 1, 2, 3 and sub-items take their parent’s number and a letter', () => {
  const numbers = agendaNumbers([row('a', null), row('b', null), row('b1', 'b'), row('b2', 'b'), row('c', null)]);
  assert.deepEqual([...numbers.values()], ['1', '2', '2a', '2b', '3']);
});

test('an overridden number is kept, takes its place in the count, and its sub-items follow it', () => {
  const numbers = agendaNumbers([row('a', null), row('b', null, '2A', true), row('b1', 'b'), row('c', null), row('c1', 'c', 'X', true), row('c2', 'c')]);
  assert.deepEqual([...numbers.values()], ['1', '2A', '2Aa', '3', 'X', '3b']);
});

test('a sub-item whose parent is not in the list counts as a top-level item', () => {
  assert.deepEqual([...agendaNumbers([row('a', null), row('orphan', 'gone')]).values()], ['1', '2']);
});
