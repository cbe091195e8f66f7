/**
 * A council for the host's integration tests, built over the real HTTP API of
 * a demo-seeded server: the Planning clerk publishes a meeting whose papers
 * are real public PDFs from the shared corpus, one item of it confidential.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AgendaDocument, AgendaItem, Committee, Meeting, UserProfile, apiPaths } from '../../common/wire.ts';
import { ApiClient } from './api-client.ts';
import { corpusPath } from './corpus.ts';

const Credentials = z.object({ accounts: z.array(z.object({ username: z.string(), password: z.string() })) });

/** The demo accounts' passwords, written by `--seed demo` into the server's data folder. */
export function demoPasswords(serverDataDir: string): Map<string, string> {
  const parsed = Credentials.parse(JSON.parse(readFileSync(path.join(serverDataDir, 'demo-credentials.json'), 'utf8')));
  return new Map(parsed.accounts.map((account) => [account.username, account.password]));
}

export function demoPassword(serverDataDir: string, username: string): string {
  const password = demoPasswords(serverDataDir).get(username);
  if (!password) throw new Error(`No demo account ${username}`);
  return password;
}

export interface CorpusPaper {
  file: string;
  name: string;
  sha256: string;
  size: number;
  bytes: Uint8Array;
}

export function corpusPaper(file: string, name: string): CorpusPaper {
  const bytes = new Uint8Array(readFileSync(corpusPath(file)));
  return { file, name, bytes, size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export interface CorpusMeeting {
  meeting: Meeting;
  committee: Committee;
  publicItem: AgendaItem;
  confidentialItem: AgendaItem;
  /** Papers of the public item, then the confidential item's. */
  publicPapers: CorpusPaper[];
  confidentialPapers: CorpusPaper[];
  documents: AgendaDocument[];
}

/** Publishes a Planning Committee meeting with real PDFs; `startsAt` defaults to a week from now. */
export async function publishCorpusMeeting(serverUrl: string, serverDataDir: string, options: { startsAt?: string } = {}): Promise<CorpusMeeting> {
  const clerk = await ApiClient.login(serverUrl, 'clerk', demoPassword(serverDataDir, 'clerk'));
  const committees = z.array(Committee).parse(await clerk.get(apiPaths.committees));
  const committee = committees.find((c) => c.name === 'Planning Committee');
  if (!committee) throw new Error('The demo council has no Planning Committee');
  const meeting = Meeting.parse(
    await clerk.post(apiPaths.meetings, {
      committeeId: committee.id,
      title: 'Planning Committee (corpus papers)',
      startsAt: options.startsAt ?? new Date(Date.now() + 7 * 86_400_000).toISOString(),
      venue: 'Council Chamber',
    }),
  );
  const publicItem = AgendaItem.parse(await clerk.post(apiPaths.meetingItems(meeting.id), { number: '1', title: 'Agenda and minutes' }));
  const confidentialItem = AgendaItem.parse(
    await clerk.post(apiPaths.meetingItems(meeting.id), {
      number: '2',
      title: 'Budget amendments (exempt)',
      confidential: true,
      confidentialReason: 'Paragraph 3, Schedule 12A',
    }),
  );
  const publicPapers = [
    corpusPaper('kent_county-council_agenda-frontsheet_2025-02-13.pdf', 'Agenda frontsheet'),
    corpusPaper('kent_county-council_printed-minutes_2025-02-13.pdf', 'Minutes of the last meeting'),
    corpusPaper('pdfjs_freeculture_352pp.pdf', 'Background reading'),
  ];
  const confidentialPapers = [corpusPaper('kent_county-council_budget-amendments-pack_2025-02-13.pdf', 'Budget amendments pack')];
  const documents: AgendaDocument[] = [];
  for (const [item, papers] of [
    [publicItem, publicPapers],
    [confidentialItem, confidentialPapers],
  ] as const) {
    for (const paper of papers) {
      const query = new URLSearchParams({ name: paper.name, kind: 'report' });
      documents.push(AgendaDocument.parse(await clerk.uploadPdf(`${apiPaths.itemDocuments(item.id)}?${query}`, paper.bytes)));
    }
  }
  const published = Meeting.parse(await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Agenda published' }));
  return { meeting: published, committee, publicItem, confidentialItem, publicPapers, confidentialPapers, documents };
}

/** Ends a user's membership of a committee, as the council administrator. */
export async function endMembership(serverUrl: string, serverDataDir: string, committeeId: string, username: string): Promise<void> {
  const admin = await ApiClient.login(serverUrl, 'admin', demoPassword(serverDataDir, 'admin'));
  const users = z.array(UserProfile).parse(await admin.get(apiPaths.adminUsers));
  const user = users.find((u) => u.username === username);
  if (!user) throw new Error(`No user ${username}`);
  await admin.delete(apiPaths.adminMembership(committeeId, user.id));
}

/** Polls until `check` returns a value (not undefined); fails with `describe()` after the deadline. Bounded, never asserts on timing. */
export async function waitFor<T>(check: () => Promise<T | undefined>, describe: () => string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
