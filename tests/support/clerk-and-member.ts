/**
 * The demo council's server with a desktop host each for its clerk and a
 * member (both synced), and each app opened in a browser context of its own:
 * what the clerk's end-to-end tests start from.
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { latestSeq, startHostProcess, waitUntilSynced, type HostProcess } from './host-process.ts';
import { demoPassword, startServerProcess, type ServerProcess } from './server-process.ts';

export type DemoPerson = 'clerk' | 'member';

export interface ClerkAndMember {
  server: ServerProcess;
  hosts: ReadonlyMap<DemoPerson, HostProcess>;
  /** Opens the person's app in a new browser context, on the meetings list. */
  openApp(browser: Browser, person: DemoPerson): Promise<Page>;
  stop(): Promise<void>;
}

/** `beforeHosts` runs once the server is up, before the hosts sync (to set up what they should find). */
export async function startClerkAndMember(beforeHosts?: (server: ServerProcess) => Promise<void>): Promise<ClerkAndMember> {
  const server = await startServerProcess({ seed: 'demo' });
  const hosts = new Map<DemoPerson, HostProcess>();
  const contexts: BrowserContext[] = [];
  try {
    await beforeHosts?.(server);
    for (const person of ['clerk', 'member'] as const) {
      hosts.set(person, await startHostProcess({ serverUrl: server.url, username: person, password: demoPassword(server.dataDir, person) }));
    }
    const seq = await latestSeq(server.url);
    await Promise.all([...hosts.values()].map((host) => waitUntilSynced(host, seq)));
  } catch (error) {
    for (const host of hosts.values()) await host.stop();
    await server.stop();
    throw error;
  }
  return {
    server,
    hosts,
    async openApp(browser, person) {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(hosts.get(person)!.url);
      await expect(page.getByRole('heading', { level: 1, name: 'Meetings' })).toBeVisible();
      return page;
    },
    async stop() {
      for (const context of contexts) await context.close().catch(() => undefined);
      for (const host of hosts.values()) await host.stop();
      await server.stop();
    },
  };
}
