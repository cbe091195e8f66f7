/**
 * Full-text search over extracted page text on the demo council: hits name the
 * document and page; confidential papers are found only by committee members;
 * FTS syntax in the query is treated as plain words.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SearchHit, apiPaths } from '../../common/wire.ts';
import { ApiClient, ApiRequestError } from '../support/api-client.ts';
import { type ServerProcess, demoPassword, startServerProcess } from '../support/server-process.ts';

let server: ServerProcess;
let member: ApiClient;
let outsider: ApiClient;

before(async () => {
  server = await startServerProcess({ seed: 'demo' });
  member = await ApiClient.login(server.url, 'member', demoPassword(server.dataDir, 'member'));
  outsider = await ApiClient.login(server.url, 'member3', demoPassword(server.dataDir, 'member3'));
});

after(async () => {
  await server?.stop();
});

const search = async (client: ApiClient, q: string) =>
  (await client.get<unknown[]>(`${apiPaths.search}?q=${encodeURIComponent(q)}`)).map((hit) => SearchHit.parse(hit));

test('search finds pages of published documents with a snippet', async () => {
  const hits = await search(member, 'wildflower meadow');
  assert.ok(hits.length >= 1);
  const hit = hits.find((h) => h.name === 'Report 25-00412-FUL Mill Lane.pdf');
  assert.ok(hit, JSON.stringify(hits));
  assert.ok(hit.page >= 1);
  assert.match(hit.snippet, /\[\[wildflower\]\] \[\[meadow\]\]/i);
});

test('confidential papers are found only by members of their committee', async () => {
  const memberHits = await search(member, 'vehicle repair business');
  assert.ok(memberHits.some((h) => h.name === 'Enforcement - Brook Farm (exempt).pdf'));
  const outsiderHits = await search(outsider, 'vehicle repair business');
  assert.deepEqual(outsiderHits, []);
  assert.ok((await search(outsider, 'wildflower meadow')).length >= 1, 'public papers are found by everyone');
});

test('query syntax is plain text and bad queries are a clear 400', async () => {
  assert.deepEqual(await search(member, '"unbalanced NEAR( *'), await search(member, 'unbalanced NEAR'));
  await assert.rejects(member.get(`${apiPaths.search}?q=a`), (e: ApiRequestError) => e.status === 400);
  await assert.rejects(new ApiClient(server.url, null).get(`${apiPaths.search}?q=meadow`), (e: ApiRequestError) => e.status === 401);
});
