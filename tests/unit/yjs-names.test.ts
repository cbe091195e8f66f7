/**
 * The Yjs document-name grammar (common/yjs-names.ts): every kind's built
 * name parses back to its kind and ids, the bridge's schema takes exactly the
 * names the parser takes, and malformed names are refused by both.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { YjsDocName, parseYjsDocName, yjsDocName } from '../../common/yjs-names.ts';

const uuid = '6f1c2a9e-0b7d-4c3e-9f21-5a8d7e6b4c10';

test('each kind builds the documented name and parses back to its kind and ids', () => {
  const cases = [
    {
      name: yjsDocName.sharedAnnotations('c-planning', uuid),
      text: `annotations.shared.c-planning.${uuid}`,
      parsed: { kind: 'sharedAnnotations', committeeId: 'c-planning', documentId: uuid },
    },
    {
      name: yjsDocName.privateAnnotations('u-7', 'd-1'),
      text: 'annotations.private.u-7.d-1',
      parsed: { kind: 'privateAnnotations', userId: 'u-7', documentId: 'd-1' },
    },
    { name: yjsDocName.minutes('m-2026-11'), text: 'minutes.m-2026-11', parsed: { kind: 'minutes', meetingId: 'm-2026-11' } },
    { name: yjsDocName.presentation('M1'), text: 'presentation.M1', parsed: { kind: 'presentation', meetingId: 'M1' } },
    {
      name: yjsDocName.minutesComments('m-2026-11'),
      text: 'comments.minutes.m-2026-11',
      parsed: { kind: 'minutesComments', meetingId: 'm-2026-11' },
    },
  ];
  for (const { name, text, parsed } of cases) {
    assert.equal(name, text);
    assert.deepEqual(parseYjsDocName(name), parsed);
    assert.equal(YjsDocName.safeParse(name).success, true, name);
  }
});

test('malformed names are refused by the parser and the schema alike', () => {
  const invalid = [
    '',
    'minutes',
    'minutes.',
    'minutes.m1.extra',
    'minutes.m_1',
    `minutes.${'a'.repeat(65)}`,
    'presentation.../x',
    'annotations.shared.c-1',
    'annotations.shared.c-1.d-1.e-1',
    'annotations.public.c-1.d-1',
    'annotations.private.u 1.d-1',
    'agenda.m1',
    'Minutes.m1',
    'comments.minutes',
    'comments.m1',
    'minutes.comments.m1',
    ' minutes.m1',
    'minutes.m1\n',
  ];
  for (const name of invalid) {
    assert.equal(parseYjsDocName(name), null, JSON.stringify(name));
    assert.equal(YjsDocName.safeParse(name).success, false, JSON.stringify(name));
  }
  assert.equal(parseYjsDocName(`minutes.${'a'.repeat(64)}`)?.kind, 'minutes', 'ids up to 64 characters');
});

test('the schema names every kind when it refuses', () => {
  const result = YjsDocName.safeParse('nonsense');
  assert.equal(result.success, false);
  assert.equal(
    result.error?.issues[0]?.message,
    'a Yjs document name (annotations.shared.<committee>.<document>, annotations.private.<user>.<document>, minutes.<meeting>, comments.minutes.<meeting> or presentation.<meeting>)',
  );
});
