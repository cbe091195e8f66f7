/**
 * The OpenAPI document is generated from the route schemas, served by the
 * server, covers every JSON route of apiPaths, and the checked-in copy under
 * docs/api is current.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiPaths } from '../../common/wire.ts';
import { runCli } from '../support/server-process.ts';
import { startServerProcess } from '../support/server-process.ts';

test('the served OpenAPI document lists every route', async () => {
  const server = await startServerProcess();
  try {
    const document = (await (await fetch(new URL(apiPaths.openapi, server.url))).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(document.openapi, /^3\./);
    const expected: [string, string][] = [
      [apiPaths.login, 'post'], [apiPaths.logout, 'post'], [apiPaths.me, 'get'], [apiPaths.committees, 'get'],
      [apiPaths.meetings, 'get'], [apiPaths.meetings, 'post'], ['/api/v1/meetings/{meetingId}', 'get'], ['/api/v1/meetings/{meetingId}', 'patch'],
      ['/api/v1/items/{itemId}/declarations', 'get'], ['/api/v1/items/{itemId}/declarations', 'put'], ['/api/v1/items/{itemId}/declarations', 'delete'],
      ['/api/v1/meetings/{meetingId}/items', 'post'], ['/api/v1/meetings/{meetingId}/publish', 'post'],
      ['/api/v1/items/{itemId}', 'patch'], ['/api/v1/items/{itemId}', 'delete'], ['/api/v1/items/{itemId}/documents', 'post'],
      ['/api/v1/documents/{sha256}/content', 'get'], [apiPaths.changes, 'get'], [apiPaths.health, 'get'],
      [apiPaths.search, 'get'], [apiPaths.adminUsers, 'post'], [apiPaths.adminCommittees, 'post'], ['/api/v1/admin/committees/{committeeId}/members/{userId}', 'put'],
      ['/api/v1/committees/{committeeId}/rules', 'get'], ['/api/v1/committees/{committeeId}/rules', 'put'],
      ['/api/v1/meetings/{meetingId}/session', 'get'], ['/api/v1/meetings/{meetingId}/session/commands', 'post'],
      ['/api/v1/votes/{voteId}/ballots', 'post'], ['/api/v1/meetings/{meetingId}/vote-results', 'get'],
      [apiPaths.clerkCommittees, 'get'], ['/api/v1/committees/{committeeId}/defaults', 'put'], ['/api/v1/committees/{committeeId}/meetings', 'post'],
      ['/api/v1/clerk/meetings/{meetingId}', 'get'], ['/api/v1/meetings/{meetingId}/cancel', 'post'], ['/api/v1/meetings/{meetingId}/postpone', 'post'],
      [apiPaths.exemptionReasons, 'get'], [apiPaths.exemptionReasons, 'put'],
      [apiPaths.clerkPaperSaved, 'get'],
    ];
    for (const [route, method] of expected) assert.ok(document.paths[route]?.[method], `${method.toUpperCase()} ${route} documented`);
  } finally {
    await server.stop();
  }
});

test('docs/api/openapi.json is up to date', async () => {
  const result = await runCli(['--import', 'tsx', 'collab-server/scripts/write-openapi.ts', '--check']);
  assert.equal(result.code, 0, result.stderr);
});
