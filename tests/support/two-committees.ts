/**
 * A fresh server with two committees, Planning and Licensing, and people created by its
 * administrator over HTTP, each with one role in one of them and signed in (password:
 * `<username>-password-long`, display name `Test <username>`).
 */
import { type Committee, type CommitteeRole, type UserProfile, apiPaths } from '../../common/wire.ts';
import { ApiClient } from './api-client.ts';
import { type ServerProcess, startServerWithAdmin } from './server-process.ts';

export interface TwoCommittees<Name extends string> {
  server: ServerProcess;
  admin: ApiClient;
  planning: Committee;
  licensing: Committee;
  users: Record<Name, UserProfile>;
  clients: Record<Name, ApiClient>;
}

export async function startTwoCommittees<Name extends string>(
  people: readonly (readonly [Name, CommitteeRole, 'planning' | 'licensing'])[],
): Promise<TwoCommittees<Name>> {
  const { server, adminPassword } = await startServerWithAdmin();
  const admin = await ApiClient.login(server.url, 'admin', adminPassword);
  const planning = await admin.post<Committee>(apiPaths.adminCommittees, { name: 'Planning Committee' });
  const licensing = await admin.post<Committee>(apiPaths.adminCommittees, { name: 'Licensing Committee' });
  const users = {} as Record<Name, UserProfile>;
  const clients = {} as Record<Name, ApiClient>;
  for (const [username, role, committee] of people) {
    const password = `${username}-password-long`;
    users[username] = await admin.post<UserProfile>(apiPaths.adminUsers, { username, displayName: `Test ${username}`, password });
    await admin.put(apiPaths.adminMembership((committee === 'planning' ? planning : licensing).id, users[username].id), { role });
    clients[username] = await ApiClient.login(server.url, username, password);
  }
  return { server, admin, planning, licensing, users, clients };
}
