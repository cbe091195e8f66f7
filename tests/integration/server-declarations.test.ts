/**
 * Declarations of interest over real HTTP on the demo council: members declare
 * on an item, the clerk and chair see every declaration, a member sees only
 * their own, outsiders cannot see the item at all; every declaration is audited.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { InterestDeclaration, type Meeting, MeetingDetailResponse, apiPaths } from '../../common/wire.ts';
import { ApiClient, ApiRequestError } from '../support/api-client.ts';
import { type ServerProcess, demoPassword, runCli, serverCliArgs, startServerProcess } from '../support/server-process.ts';

let server: ServerProcess;
const clients: Record<string, ApiClient> = {};
let itemId: string;

before(async () => {
  server = await startServerProcess({ seed: 'demo' });
  for (const username of ['clerk', 'chair', 'member', 'member2', 'member3']) {
    clients[username] = await ApiClient.login(server.url, username, demoPassword(server.dataDir, username));
  }
  const [meeting] = await clients.member!.get<Meeting[]>(apiPaths.meetings);
  const detail = MeetingDetailResponse.parse(await clients.member!.get(apiPaths.meeting(meeting!.id)));
  itemId = detail.items.find((i) => i.number === '3')!.id;
});

after(async () => {
  await server?.stop();
});

test('members declare; the clerk and chair see all, a member only their own, an outsider nothing', async () => {
  const declared = InterestDeclaration.parse(
    await clients.member!.put(apiPaths.itemDeclarations(itemId), { kind: 'non-registrable', description: 'I live on Mill Lane, 200 m from the site' }),
  );
  assert.equal(declared.displayName, 'Cllr Tom Evans');
  await clients.member2!.put(apiPaths.itemDeclarations(itemId), { kind: 'other-registrable', description: 'Trustee of the Ashford Green Residents Association' });
  // Re-declaring replaces the earlier declaration.
  await clients.member!.put(apiPaths.itemDeclarations(itemId), { kind: 'non-registrable', description: 'My home is on Mill Lane, 200 m from the site' });

  for (const who of ['clerk', 'chair']) {
    const all = (await clients[who]!.get<unknown[]>(apiPaths.itemDeclarations(itemId))).map((d) => InterestDeclaration.parse(d));
    assert.deepEqual(all.map((d) => d.description).sort(), ['My home is on Mill Lane, 200 m from the site', 'Trustee of the Ashford Green Residents Association']);
  }
  const own = await clients.member2!.get<InterestDeclaration[]>(apiPaths.itemDeclarations(itemId));
  assert.deepEqual(own.map((d) => d.kind), ['other-registrable']);
  await assert.rejects(clients.member3!.get(apiPaths.itemDeclarations(itemId)), (e: ApiRequestError) => e.status === 404);
  await assert.rejects(clients.member3!.put(apiPaths.itemDeclarations(itemId), { kind: 'non-registrable', description: 'x' }), (e: ApiRequestError) => e.status === 404);
  await assert.rejects(clients.member!.put(apiPaths.itemDeclarations(itemId), { kind: 'a-hunch', description: 'x' }), (e: ApiRequestError) => e.status === 400);

  await clients.member2!.delete(apiPaths.itemDeclarations(itemId));
  await assert.rejects(clients.member2!.delete(apiPaths.itemDeclarations(itemId)), (e: ApiRequestError) => e.status === 404);
  assert.equal((await clients.clerk!.get<unknown[]>(apiPaths.itemDeclarations(itemId))).length, 1);

  const verified = await runCli(serverCliArgs('audit', 'verify', '--data', server.dataDir));
  assert.equal(verified.code, 0, verified.stderr);
});
