/** Range parsing for document downloads and the failed-login throttle, with explicit clocks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LoginThrottle } from '../../collab-server/auth/login-throttle.ts';
import { parseByteRange as parseRange } from '../../common/node/byte-ranges.ts';

test('parseRange handles single, open-ended, suffix, clamped, unsatisfiable and ignored ranges', () => {
  assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=500-', 1000), { start: 500, end: 999 });
  assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=-5000', 1000), { start: 0, end: 999 });
  assert.deepEqual(parseRange('bytes=990-5000', 1000), { start: 990, end: 999 });
  assert.equal(parseRange('bytes=1000-', 1000), 'unsatisfiable');
  assert.equal(parseRange('bytes=50-10', 1000), 'unsatisfiable');
  assert.equal(parseRange('bytes=-0', 1000), 'unsatisfiable');
  assert.equal(parseRange('bytes=0-1,5-9', 1000), null, 'several ranges: send the whole file');
  assert.equal(parseRange('items=0-1', 1000), null);
  assert.equal(parseRange('bytes=-', 1000), null);
});

test('the throttle counts failures per account and per address within the window', () => {
  const throttle = new LoginThrottle({ perAccount: 3, perAddress: 5, windowMs: 60_000 });
  const t0 = 1_000_000;
  for (let i = 0; i < 3; i += 1) throttle.recordFailure('Clerk', '10.0.0.1', t0 + i);
  assert.ok(throttle.retryAfterSeconds('clerk', '10.0.0.9', t0 + 10) > 0, 'per account, case-insensitive, from any address');
  assert.equal(throttle.retryAfterSeconds('chair', '10.0.0.1', t0 + 10), 0, 'other accounts from the address are still fine');
  assert.equal(throttle.retryAfterSeconds('clerk', '10.0.0.1', t0 + 60_001), 0, 'the window slides');

  for (const name of ['a', 'b', 'c', 'd', 'e']) throttle.recordFailure(name, '10.0.0.2', t0);
  assert.ok(throttle.retryAfterSeconds('f', '10.0.0.2', t0 + 1) > 0, 'one address spraying many accounts');
  throttle.recordSuccess('a');
  assert.ok(throttle.retryAfterSeconds('a', '10.0.0.2', t0 + 1) > 0, 'a success does not clear the address');
  assert.equal(throttle.retryAfterSeconds('a', '10.0.0.3', t0 + 1), 0);
});
