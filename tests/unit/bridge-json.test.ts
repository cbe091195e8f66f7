/**
 * The browser-mode transport's JSON codec: bytes anywhere in a value survive
 * a JSON round trip as Uint8Arrays, and look-alikes that are not valid are left
 * as they are (so argument validation reports them).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromBridgeJson, toBridgeJson } from '../../common/bridge-json.ts';

test('Uint8Arrays round-trip through JSON inside objects and arrays', () => {
  const large = new Uint8Array(100_000).map((_, index) => (index * 31) % 256);
  const value = { docName: 'minutes.m1', update: new Uint8Array([0, 1, 254, 255]), nested: [{ bytes: large }, 'text', 3, null] };
  const decoded = fromBridgeJson(JSON.parse(JSON.stringify(toBridgeJson(value)))) as typeof value;
  assert.ok(decoded.update instanceof Uint8Array);
  assert.deepEqual([...decoded.update], [0, 1, 254, 255]);
  assert.deepEqual(decoded.nested[0], { bytes: large });
  assert.deepEqual(decoded.nested.slice(1), ['text', 3, null]);
  assert.equal(decoded.docName, 'minutes.m1');
});

test('look-alikes are not turned into bytes', () => {
  assert.deepEqual(fromBridgeJson({ $bytes: 'not base64 !!' }), { $bytes: 'not base64 !!' });
  assert.deepEqual(fromBridgeJson({ $bytes: 'AAE=', other: 1 }), { $bytes: 'AAE=', other: 1 });
  assert.deepEqual(fromBridgeJson({ $bytes: 5 }), { $bytes: 5 });
});
