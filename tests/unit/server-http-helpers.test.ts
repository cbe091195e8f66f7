/** Range parsing for document downloads, the failed-login throttle (with explicit clocks) and the password hashing queue. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FairQueue, QueueFullError } from '../../collab-server/auth/fair-queue.ts';
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

test('the throttle counts an attempt when it is admitted, before it is checked, and forgets it when it was right or never checked', () => {
  const throttle = new LoginThrottle({ perAccount: 3, perAddress: 5, windowMs: 60_000 });
  const t0 = 1_000_000;
  // Three sent together: all admitted, and the fourth refused before any of them is checked.
  const burst = [0, 1, 2].map((i) => throttle.admit('clerk', '10.0.0.1', t0 + i));
  assert.ok(burst.every((admitted) => 'attempt' in admitted));
  const fourth = throttle.admit('clerk', '10.0.0.2', t0 + 3);
  assert.ok('retryAfterSeconds' in fourth && fourth.retryAfterSeconds > 0);

  for (const admitted of burst) if ('attempt' in admitted) throttle.withdraw(admitted.attempt);
  const again = throttle.admit('clerk', '10.0.0.1', t0 + 4);
  assert.ok('attempt' in again, 'withdrawn attempts (the server was too busy to check them) do not count');
  throttle.admit('clerk', '10.0.0.1', t0 + 5);
  if ('attempt' in again) throttle.succeeded(again.attempt);
  assert.equal(throttle.retryAfterSeconds('clerk', '10.0.0.1', t0 + 6), 0, 'a right password clears the account');
  for (const name of ['a', 'b', 'c', 'd']) throttle.admit(name, '10.0.0.1', t0 + 7);
  assert.ok(throttle.retryAfterSeconds('e', '10.0.0.1', t0 + 8) > 0, 'the address keeps its failures: the wrong one and four more');
});

test('the hashing queue runs a fixed number at once and one per client, takes turns between clients and refuses when a client or everyone has too many waiting', async () => {
  const queue = new FairQueue({ concurrency: 2, runningPerClient: 1, maxWaiting: 3, maxWaitingPerClient: 2 });
  const order: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const release: (() => void)[] = [];
  const task = (name: string) => () => {
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    order.push(name);
    return new Promise<string>((resolve) => release.push(() => {
      running -= 1;
      resolve(name);
    }));
  };
  const outcomes = new Map<string, Promise<unknown>>();
  const runs = (client: string | null, name: string) => outcomes.set(name, queue.run(client, task(name)).catch((error: unknown) => error));
  for (const name of ['f1', 'f2', 'f3', 'f4']) runs('flood', name); // one runs, two wait, the fourth is refused at once
  runs('colleague', 'c1'); // the other slot: no waiting behind the flood
  runs('other', 'o1');
  runs('other', 'o2'); // everyone's fourth waiting task: refused
  runs(null, 'own'); // the server's own work waits without bound
  for (const refused of ['f4', 'o2']) {
    const outcome = await outcomes.get(refused);
    assert.ok(outcome instanceof QueueFullError && outcome.retryAfterSeconds >= 1, refused);
  }
  assert.deepEqual(order, ['f1', 'c1']);
  while (release.length > 0) {
    release.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.deepEqual(order, ['f1', 'c1', 'f2', 'o1', 'own', 'f3'], 'in turns: the flood does not keep the others waiting');
  assert.equal(mostAtOnce, 2);
});
