/**
 * Our side of bench/viewer.ts: the pack published on a real server, mirrored
 * by a real host, opened in the browser-mode renderer by clicking its item.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { MeetingDetail, MeetingSummary, SearchResults } from '../common/bridge.ts';
import { waitFor } from '../tests/support/host-council.ts';
import { apiPaths } from '../common/wire.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { callBridge, latestSeq, startHostProcess, waitUntilSynced, type HostProcess } from '../tests/support/host-process.ts';
import { createUser, startServerProcess } from '../tests/support/server-process.ts';
import {
  JUMP_TO,
  TIMEOUT_MS,
  heapSampler,
  installPaintProbe,
  oursCanvas,
  scrollThroughEveryPage,
  settle,
  waitPainted,
  type Timings,
} from './_viewer-harness.ts';

export async function publishPack(packPath: string): Promise<{ serverStop: () => Promise<void>; host: HostProcess }> {
  const server = await startServerProcess();
  try {
    await createUser(server.dataDir, { username: 'admin', displayName: 'Admin', password: 'admin-password-bench-1', admin: true });
    const admin = await ApiClient.login(server.url, 'admin', 'admin-password-bench-1');
    const committee = await admin.post<{ id: string }>(apiPaths.adminCommittees, { name: 'Bench' });
    const member = await admin.post<{ id: string }>(apiPaths.adminUsers, { username: 'member', displayName: 'Member', password: 'member-password-bench-1' });
    await admin.put(apiPaths.adminMembership(committee.id, member.id), { role: 'clerk' });
    const clerk = await ApiClient.login(server.url, 'member', 'member-password-bench-1');
    const meeting = await clerk.post<{ id: string }>(apiPaths.meetings, {
      committeeId: committee.id,
      title: 'Bench meeting',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const item = await clerk.post<{ id: string }>(apiPaths.meetingItems(meeting.id), { number: '1', title: 'Big pack' });
    // The server reads every page's text on upload, within 120 s; on a machine loaded by other work
    // that can run out, so try again rather than lose the run.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await clerk.uploadPdf(`${apiPaths.itemDocuments(item.id)}?name=pack.pdf&kind=agenda`, readFileSync(packPath));
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        process.stderr.write(`# upload attempt ${attempt} failed (${error instanceof Error ? error.message : String(error)}); retrying\n`);
      }
    }
    await clerk.post(apiPaths.publish(meeting.id), { changeNote: null });
    const host = await startHostProcess({ serverUrl: server.url, username: 'member', password: 'member-password-bench-1' });
    await waitUntilSynced(host, await latestSeq(server.url), TIMEOUT_MS);
    // The host then reads the pack's text for search, in a worker; measure after, not against it.
    await waitFor(
      async () => ((await callBridge<SearchResults>(host, 'search.query', { query: 'culture' })).pendingDocuments === 0 ? true : undefined),
      () => `the pack indexed\n${host.output().slice(-2000)}`,
      TIMEOUT_MS,
    );
    return { serverStop: () => server.stop(), host };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export class Ours {
  private documentId: string | null = null;

  constructor(
    private readonly page: Page,
    private readonly host: Pick<HostProcess, 'url' | 'origin' | 'token'>,
  ) {}

  /** Loads the app afresh and goes to the meeting; the item is not opened yet. */
  private async load(): Promise<void> {
    // Leave the previous round's page first: its viewer saves the reading position when the page goes
    // away, and that save must land before the reset, or this round would reopen at page 900.
    await this.page.goto('about:blank');
    await settle();
    await this.forgetPosition();
    await this.page.goto(this.host.url);
    await this.page.getByRole('link', { name: /Bench meeting/ }).click();
    await this.page.getByRole('button', { name: /Big pack/ }).waitFor({ timeout: TIMEOUT_MS });
    await installPaintProbe(this.page);
  }

  /** Each timed open starts on page 1, like stock's (otherwise ours would reopen where the last round left it). */
  private async forgetPosition(): Promise<void> {
    if (!this.documentId) return;
    await callBridge(this.host, 'viewer.position.set', { documentId: this.documentId, page: 1, zoom: 'fit-width' });
  }

  /** Opens the pack; resolves with ms from the click to page 1 painted. */
  private async open(): Promise<number> {
    const t0 = (await this.page.evaluate(`(() => {
      const button = [...document.querySelectorAll('button')].find((element) => /Big pack/.test(element.textContent));
      const start = performance.now();
      button.click();
      return start;
    })()`)) as number;
    return waitPainted(this.page, oursCanvas(1), t0);
  }

  async warmUp(): Promise<number> {
    const [summary] = await callBridge<MeetingSummary[]>(this.host, 'meetings.list');
    const detail = summary && (await callBridge<MeetingDetail>(this.host, 'meeting.get', { meetingId: summary.meeting.id }));
    this.documentId = detail?.items[0]?.documents[0]?.id ?? null;
    await this.load();
    await this.open();
    // The CSS width ours gave page 1 (fit width), so stock can be set to the same zoom.
    return (await this.page.evaluate(`document.querySelector(${JSON.stringify(oursCanvas(1))}).getBoundingClientRect().width`)) as number;
  }

  /** Our page area, so stock's container can be given the same size. */
  scrollArea(): Promise<{ width: number; height: number }> {
    return this.page.evaluate(`(() => {
      const box = document.querySelector('[data-testid="pdf-scroll"]').getBoundingClientRect();
      return { width: box.width, height: box.height };
    })()`) as Promise<{ width: number; height: number }>;
  }

  async timed(): Promise<Timings> {
    await this.load();
    const firstPageMs = await this.open();
    // As for stock (which waits for 'pagesloaded'): jump once the viewer has measured every page.
    await this.page.waitForSelector('[data-testid="pdf-viewer"][data-all-pages-measured="true"]', { state: 'attached', timeout: TIMEOUT_MS });
    await settle();
    const field = this.page.getByRole('textbox', { name: /Go to page/ });
    await field.fill(String(JUMP_TO));
    const t0 = (await this.page.evaluate(`(() => {
      const start = performance.now();
      document.querySelector('#pdf-go-to-page').form.requestSubmit();
      return start;
    })()`)) as number;
    const page900Ms = await waitPainted(this.page, oursCanvas(JUMP_TO), t0);
    return { firstPageMs, page900Ms };
  }

  async peakHeap(): Promise<number> {
    await this.load();
    await this.open();
    const stop = await heapSampler(this.page);
    await scrollThroughEveryPage(this.page, '[data-testid="pdf-scroll"]');
    return stop();
  }
}

