/**
 * SIGKILL and restart of the server during an open secret vote, 10 times (the
 * other 10 of the 20 run on recorded votes in the sibling file): every
 * acknowledged ballot counts exactly once (see tests/support/voting-crash.ts).
 */
import { test } from 'node:test';
import { killDuringVotes } from '../support/voting-crash.ts';

test('SIGKILL and restart during an open secret vote, 10 times: every acknowledged ballot counts exactly once', async () => {
  await killDuringVotes('secret', 10);
});
