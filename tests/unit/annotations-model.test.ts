/**
 * The annotation model as read out of a real Yjs document: valid entries come
 * through, anything a peer may send that does not fit is skipped (never
 * shown, never a crash), and concurrent offline edits to different
 * annotations both survive the merge.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { annotationsMapName, carriedAnnotationId, readAnnotations, type Annotation } from '../../common/annotations.ts';

const base = {
  page: 2,
  colour: 'yellow',
  authorId: 'u1',
  authorName: 'Cllr Tom Evans',
  createdAt: '2026-11-27T09:00:00.000Z',
  updatedAt: '2026-11-27T09:00:00.000Z',
} as const;

const highlight: Annotation = {
  ...base,
  id: 'h1',
  kind: 'highlight',
  rects: [[10, 700, 120, 712]],
  quote: 'Summons to and',
  prefix: '',
  suffix: 'Agenda',
};
const note: Annotation = { ...base, id: 'n1', kind: 'note', at: { x: 300, y: 400 }, text: 'Ask the chair', replyTo: null };
const reply: Annotation = { ...base, id: 'n2', kind: 'note', at: { x: 300, y: 400 }, text: 'Agreed', replyTo: 'n1', authorId: 'u2', authorName: 'Cllr Grace Okafor' };
const ink: Annotation = { ...base, id: 'i1', kind: 'ink', strokes: [[{ x: 1, y: 2 }, { x: 3, y: 4 }]], width: 1.5 };

function layerWith(entries: Record<string, unknown>): Y.Doc {
  const doc = new Y.Doc();
  const map = doc.getMap(annotationsMapName);
  for (const [key, value] of Object.entries(entries)) map.set(key, value);
  return doc;
}

test('valid annotations of every kind are read back as written, in page order', () => {
  const doc = layerWith({ i1: { ...ink, page: 3 }, h1: highlight, n1: note, n2: reply });
  const { annotations, skipped } = readAnnotations(doc.getMap(annotationsMapName).toJSON());
  assert.equal(skipped, 0);
  assert.deepEqual(annotations.map((a) => a.id).sort(), ['h1', 'i1', 'n1', 'n2']);
  assert.equal(annotations.at(-1)!.id, 'i1');
  assert.deepEqual(annotations.find((a) => a.id === 'h1'), highlight);
});

test('junk from a peer is skipped, the rest still shown', () => {
  const junk: Record<string, unknown> = {
    'no-kind': { ...base, id: 'no-kind' },
    'unknown-kind': { ...base, id: 'unknown-kind', kind: 'stamp' },
    'bad-colour': { ...note, id: 'bad-colour', colour: 'red; background: url(x)' },
    'bad-rect': { ...highlight, id: 'bad-rect', rects: [[100, 0, 10, 5]] },
    'nan-point': { ...note, id: 'nan-point', at: { x: Number.NaN, y: 1 } },
    'huge-text': { ...note, id: 'huge-text', text: 'x'.repeat(20_001) },
    'page-zero': { ...note, id: 'page-zero', page: 0 },
    'bad-date': { ...note, id: 'bad-date', createdAt: 'yesterday' },
    'empty-ink': { ...ink, id: 'empty-ink', strokes: [] },
    'wrong-key': { ...note, id: 'someone-else' },
    'a string': 'hello',
    'a number': 42,
    'null': null,
  };
  const doc = layerWith({ ...junk, n1: note });
  const { annotations, skipped } = readAnnotations(doc.getMap(annotationsMapName).toJSON());
  assert.deepEqual(annotations.map((a) => a.id), ['n1']);
  assert.equal(skipped, Object.keys(junk).length);
});

test('edits made offline on two replicas to different annotations both survive the merge', () => {
  const a = layerWith({ n1: note });
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  // Offline: A edits their note, B adds a reply; then the updates cross.
  a.getMap(annotationsMapName).set('n1', { ...note, text: 'Ask the chair about parking', updatedAt: '2026-11-27T10:00:00.000Z' });
  b.getMap(annotationsMapName).set('n2', reply);
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  for (const doc of [a, b]) {
    const { annotations } = readAnnotations(doc.getMap(annotationsMapName).toJSON());
    assert.deepEqual(annotations.map((x) => [x.id, x.kind === 'note' ? x.text : '']), [
      ['n1', 'Ask the chair about parking'],
      ['n2', 'Agreed'],
    ]);
  }
});

test('a carried annotation gets the same id for everyone who carries it', () => {
  assert.equal(carriedAnnotationId('h1', 'doc-1'), carriedAnnotationId('h1', 'doc-1'));
  assert.notEqual(carriedAnnotationId('h1', 'doc-1'), carriedAnnotationId('h1', 'doc-2'));
  const chained = carriedAnnotationId(carriedAnnotationId(carriedAnnotationId('a'.repeat(60), 'd'.repeat(36)), 'e'.repeat(36)), 'f'.repeat(36));
  assert.ok(chained.length <= 120);
  const doc = layerWith({ [chained]: { ...note, id: chained } });
  assert.equal(readAnnotations(doc.getMap(annotationsMapName).toJSON()).annotations.length, 1);
});
