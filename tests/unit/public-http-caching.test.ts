/** The public side's HTTP caching: ETags, Last-Modified, Cache-Control, Vary and 304s, through a real Fastify instance. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { httpDate, isNotModified, publicCacheControl, sendCacheable, strongEtag } from '../../collab-server/public/http-caching.ts';

const modifiedAt = '2025-03-04T10:20:30.456Z';

async function appServing(body: string, extra: { vary?: string[] } = {}) {
  const app = Fastify();
  const etag = strongEtag('version-1', 'meeting:abc');
  app.get('/page', async (request, reply) =>
    sendCacheable(request, reply, {
      etag,
      lastModified: modifiedAt,
      contentType: 'text/html; charset=utf-8',
      body,
      headers: { 'content-security-policy': "default-src 'none'" },
      ...extra,
    }),
  );
  app.post('/page', async (request, reply) => sendCacheable(request, reply, { etag, contentType: 'text/plain', body }));
  await app.ready();
  return { app, etag };
}

test('strongEtag is quoted, strong, stable and separates its parts', () => {
  const tag = strongEtag('a', 'bc');
  assert.match(tag, /^"[A-Za-z0-9_-]{32}"$/);
  assert.equal(tag, strongEtag('a', 'bc'));
  assert.notEqual(tag, strongEtag('ab', 'c'));
  assert.equal(strongEtag(Buffer.from('x')), strongEtag('x'));
});

test('a full answer carries ETag, Last-Modified, Cache-Control and the extra headers, and no Vary by default', async () => {
  const { app, etag } = await appServing('<p>hello</p>');
  const response = await app.inject({ method: 'GET', url: '/page' });
  assert.equal(response.statusCode, 200);
  assert.equal(response.body, '<p>hello</p>');
  assert.equal(response.headers.etag, etag);
  assert.equal(response.headers['last-modified'], 'Tue, 04 Mar 2025 10:20:30 GMT');
  assert.equal(response.headers['cache-control'], publicCacheControl.page);
  assert.equal(response.headers['content-security-policy'], "default-src 'none'");
  assert.match(String(response.headers['content-type']), /^text\/html/);
  assert.equal(response.headers.vary, undefined);
  await app.close();
});

test('If-None-Match with the current tag (also weak, or in a list, or *) answers 304 with the validators and no body', async () => {
  const { app, etag } = await appServing('<p>hello</p>');
  for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
    const response = await app.inject({ method: 'GET', url: '/page', headers: { 'if-none-match': header } });
    assert.equal(response.statusCode, 304, header);
    assert.equal(response.body, '');
    assert.equal(response.headers.etag, etag);
    assert.equal(response.headers['cache-control'], publicCacheControl.page);
    assert.equal(response.headers['last-modified'], 'Tue, 04 Mar 2025 10:20:30 GMT');
    assert.equal(response.headers['content-security-policy'], "default-src 'none'");
  }
  const head = await app.inject({ method: 'HEAD', url: '/page', headers: { 'if-none-match': etag } });
  assert.equal(head.statusCode, 304);
  await app.close();
});

test('a stale tag gets the full body even when If-Modified-Since would match (If-None-Match decides)', async () => {
  const { app } = await appServing('<p>new</p>');
  const response = await app.inject({
    method: 'GET',
    url: '/page',
    headers: { 'if-none-match': '"stale"', 'if-modified-since': 'Wed, 05 Mar 2025 00:00:00 GMT' },
  });
  assert.equal(response.statusCode, 200);
  assert.equal(response.body, '<p>new</p>');
  await app.close();
});

test('If-Modified-Since answers 304 at or after the change (to the second) and 200 before it', async () => {
  const { app } = await appServing('<p>hello</p>');
  const at = await app.inject({ method: 'GET', url: '/page', headers: { 'if-modified-since': 'Tue, 04 Mar 2025 10:20:30 GMT' } });
  assert.equal(at.statusCode, 304);
  const before = await app.inject({ method: 'GET', url: '/page', headers: { 'if-modified-since': 'Tue, 04 Mar 2025 10:20:29 GMT' } });
  assert.equal(before.statusCode, 200);
  const garbage = await app.inject({ method: 'GET', url: '/page', headers: { 'if-modified-since': 'yesterday-ish' } });
  assert.equal(garbage.statusCode, 200, 'an unreadable date is ignored');
  await app.close();
});

test('conditions are ignored for other methods, and Vary names what a negotiating response read', async () => {
  const { app, etag } = await appServing('<p>hello</p>', { vary: ['Accept'] });
  const post = await app.inject({ method: 'POST', url: '/page', headers: { 'if-none-match': etag } });
  assert.equal(post.statusCode, 200);
  const get = await app.inject({ method: 'GET', url: '/page' });
  assert.equal(get.headers.vary, 'Accept');
  await app.close();
});

test('isNotModified and httpDate on their own', () => {
  assert.equal(isNotModified({}, { etag: '"a"', lastModified: modifiedAt }), false);
  assert.equal(isNotModified({ 'if-none-match': '"a"' }, { etag: '"a"' }), true);
  assert.equal(isNotModified({ 'if-none-match': '"b"' }, { etag: '"a"' }), false);
  assert.equal(isNotModified({ 'if-modified-since': 'Tue, 04 Mar 2025 10:20:30 GMT' }, { etag: '"a"' }), false, 'no Last-Modified: nothing to compare');
  assert.equal(httpDate('not a date'), undefined);
  assert.equal(httpDate(new Date(0)), 'Thu, 01 Jan 1970 00:00:00 GMT');
});
