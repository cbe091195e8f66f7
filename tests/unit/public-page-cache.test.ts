/** The rendered-page cache of the public side: one record version at a time, least recently used out first, by count and bytes, and pages that expire by themselves. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CachedPage, PageCache } from '../../collab-server/public/pages/page-cache.ts';

const page = (text: string, validUntil?: number): CachedPage => ({
  body: Buffer.from(text),
  etag: `"${text}"`,
  lastModified: '2025-01-01T00:00:00.000Z',
  ...(validUntil === undefined ? {} : { validUntil }),
});

test('a page is served for its record version only; a new version empties the cache', () => {
  const cache = new PageCache({ maxEntries: 10, maxBytes: 1000 });
  cache.set('v1', 'home', page('home'));
  assert.equal(cache.get('v1', 'home', 0)?.etag, '"home"');
  assert.equal(cache.get('v2', 'home', 0), undefined);
  assert.equal(cache.get('v1', 'home', 0), undefined, 'the old version is gone, not kept beside the new one');
  assert.deepEqual(cache.size, { entries: 0, bytes: 0 });
});

test('the least recently used page goes first, by count', () => {
  const cache = new PageCache({ maxEntries: 2, maxBytes: 1000 });
  cache.set('v', 'a', page('a'));
  cache.set('v', 'b', page('b'));
  assert.ok(cache.get('v', 'a', 0), 'a is used, so b is now the oldest');
  cache.set('v', 'c', page('c'));
  assert.ok(cache.get('v', 'a', 0));
  assert.equal(cache.get('v', 'b', 0), undefined);
  assert.ok(cache.get('v', 'c', 0));
  assert.equal(cache.size.entries, 2);
});

test('the cache holds at most maxBytes, and a page larger than that is not kept', () => {
  const cache = new PageCache({ maxEntries: 100, maxBytes: 10 });
  cache.set('v', 'a', page('aaaa'));
  cache.set('v', 'b', page('bbbb'));
  cache.set('v', 'c', page('cccc'));
  assert.equal(cache.get('v', 'a', 0), undefined);
  assert.deepEqual(cache.size, { entries: 2, bytes: 8 });
  cache.set('v', 'huge', page('x'.repeat(11)));
  assert.equal(cache.get('v', 'huge', 0), undefined);
  cache.set('v', 'b', page('bb'));
  assert.deepEqual(cache.size, { entries: 2, bytes: 6 }, 'replacing a page counts its new size only');
});

test('a page with validUntil is not served from that time on', () => {
  const cache = new PageCache({ maxEntries: 10, maxBytes: 1000 });
  cache.set('v', 'home', page('home', 5_000));
  assert.ok(cache.get('v', 'home', 4_999));
  assert.equal(cache.get('v', 'home', 5_000), undefined);
  assert.equal(cache.size.entries, 0);
});
