/**
 * The demo council used by `npm start` and `--seed demo`. Idempotent: a second
 * run on the same data folder adds nothing. Demo passwords are random per data
 * folder and kept in `<dataDir>/demo-credentials.json` (mode 0600).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { CommitteeRole } from '../../common/wire.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import type { Db } from '../db/database.ts';
import { publishMeeting } from '../feed/publish.ts';
import { writeFileAtomic } from '../../common/node/atomic-file.ts';
import type { DocumentFiles } from '../files/document-files.ts';
import { ingestDocument } from '../files/ingest-document.ts';
import { findUserByUsername, insertUser } from '../store/accounts.ts';
import { updateCommitteeRules } from '../store/committee-rules.ts';
import { createCommittee, createItem, createMeeting, ensureBody, setMembership } from '../store/council.ts';
import type { CommitteeRow } from '../store/rows.ts';
import { demoItems } from './demo-content.ts';
import { renderReportPdf } from './report-pdf.ts';

export const DEMO_COUNCIL_NAME = 'Demo Borough Council';
const PLANNING = 'Planning Committee';
const LICENSING = 'Licensing Committee';
const DEMO_MEETING_TITLE = 'Planning Committee';

const DemoAccountSchema = z.object({
  username: z.string(),
  password: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  memberships: z.array(z.object({ committee: z.string(), role: CommitteeRole })),
});
export type DemoAccount = z.infer<typeof DemoAccountSchema>;

const CredentialsFile = z.object({ council: z.string(), accounts: z.array(DemoAccountSchema) });

export interface DemoCouncil {
  councilName: string;
  accounts: DemoAccount[];
  /** Where the passwords are kept (mode 0600). */
  credentialsFile: string;
}

/** Finds a demo account by username; throws if the seed has no such account. */
export function demoAccount(demo: DemoCouncil, username: string): DemoAccount {
  const account = demo.accounts.find((a) => a.username === username);
  if (!account) throw new Error(`No demo account "${username}"`);
  return account;
}

const accountPlan: Omit<DemoAccount, 'password'>[] = [
  { username: 'admin', displayName: 'Council Administrator', isAdmin: true, memberships: [] },
  { username: 'clerk', displayName: 'Alex Morgan (Democratic Services)', isAdmin: false, memberships: [{ committee: PLANNING, role: 'clerk' }] },
  { username: 'chair', displayName: 'Cllr Priya Shah', isAdmin: false, memberships: [{ committee: PLANNING, role: 'chair' }] },
  { username: 'member', displayName: 'Cllr Tom Evans', isAdmin: false, memberships: [{ committee: PLANNING, role: 'member' }] },
  { username: 'member2', displayName: 'Cllr Grace Okafor', isAdmin: false, memberships: [{ committee: PLANNING, role: 'member' }] },
  // Two minute-takers, so the minutes can be written by two people at once.
  { username: 'minutetaker', displayName: 'Sam Patel', isAdmin: false, memberships: [{ committee: PLANNING, role: 'minute-taker' }] },
  { username: 'minutetaker2', displayName: 'Jo Lindqvist', isAdmin: false, memberships: [{ committee: PLANNING, role: 'minute-taker' }] },
  // Sits on Licensing only: an outsider to Planning's confidential item.
  { username: 'member3', displayName: 'Cllr Daniel Hughes', isAdmin: false, memberships: [{ committee: LICENSING, role: 'member' }] },
];

async function loadOrCreateCredentials(file: string): Promise<{ accounts: DemoAccount[]; created: boolean }> {
  try {
    const parsed = CredentialsFile.parse(JSON.parse(await readFile(file, 'utf8')));
    // Accounts the demo gained since this folder was seeded get passwords of their own; the others keep theirs.
    const added = accountPlan
      .filter((plan) => !parsed.accounts.some((account) => account.username === plan.username))
      .map((plan) => ({ ...plan, password: randomBytes(12).toString('base64url') }));
    if (added.length === 0) return { accounts: parsed.accounts, created: false };
    const accounts = [...parsed.accounts, ...added];
    await writeFileAtomic(file, `${JSON.stringify({ council: parsed.council, accounts }, null, 2)}\n`, 0o600);
    return { accounts, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const accounts = accountPlan.map((plan) => ({ ...plan, password: randomBytes(12).toString('base64url') }));
  await writeFileAtomic(file, `${JSON.stringify({ council: DEMO_COUNCIL_NAME, accounts }, null, 2)}\n`, 0o600);
  return { accounts, created: true };
}

export async function seedDemoCouncil(db: Db, files: DocumentFiles, dataDir: string): Promise<DemoCouncil> {
  const credentialsFile = path.join(dataDir, 'demo-credentials.json');
  const { accounts, created } = await loadOrCreateCredentials(credentialsFile);

  const bodyId = ensureBody(db, DEMO_COUNCIL_NAME);
  const committees = new Map<string, CommitteeRow>();
  for (const name of [PLANNING, LICENSING]) {
    const existing = db.prepare('SELECT * FROM committees WHERE body_id = ? AND name = ?').get(bodyId, name) as CommitteeRow | undefined;
    committees.set(name, existing ?? createCommittee(db, bodyId, name));
  }

  // Hashing is the slow part of a first start: hash all accounts in parallel on the thread pool.
  const hashes = await Promise.all(
    accounts.map(async (account) => {
      const user = findUserByUsername(db, account.username);
      if (user && !(created && !(await verifyPassword(account.password, user.password_hash)))) return null;
      return hashPassword(account.password);
    }),
  );
  const userIds = new Map<string, string>();
  for (const [index, account] of accounts.entries()) {
    let user = findUserByUsername(db, account.username);
    const newHash = hashes[index];
    if (!user) {
      user = insertUser(db, { username: account.username, displayName: account.displayName, passwordHash: newHash!, isAdmin: account.isAdmin });
    } else if (newHash) {
      // The credentials file was lost: the freshly written passwords become the real ones.
      db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(newHash, user.id);
    }
    userIds.set(account.username, user.id);
    for (const membership of account.memberships) {
      setMembership(db, committees.get(membership.committee)!.id, user.id, membership.role);
    }
  }

  // Standing orders of the demo: half the voting members make a quorum; both committees allow secret ballots
  // (Planning too, so the demo meeting can show one). Set once; a clerk's later changes are kept.
  for (const [name, rules] of [
    [PLANNING, { quorum: { kind: 'fraction', value: 0.5 }, majority: 'simple-of-cast', tie: 'chair-casting-vote', secretBallotAllowed: true }],
    [LICENSING, { quorum: { kind: 'count', value: 3 }, majority: 'simple-of-cast', tie: 'motion-falls', secretBallotAllowed: true }],
  ] as const) {
    const committeeId = committees.get(name)!.id;
    if (!db.prepare('SELECT 1 FROM committee_rules WHERE committee_id = ?').get(committeeId)) updateCommitteeRules(db, committeeId, rules);
  }

  const planning = committees.get(PLANNING)!;
  const existingMeeting = db.prepare('SELECT id, published_version FROM meetings WHERE committee_id = ? AND title = ?').get(planning.id, DEMO_MEETING_TITLE) as
    | { id: string; published_version: number }
    | undefined;
  if (!existingMeeting) await createDemoMeeting(db, files, planning.id, userIds.get('clerk')!);
  else if (existingMeeting.published_version === 0) publishMeeting(db, existingMeeting.id, 'Agenda published');

  return { councilName: DEMO_COUNCIL_NAME, accounts, credentialsFile };
}

async function createDemoMeeting(db: Db, files: DocumentFiles, committeeId: string, clerkId: string): Promise<void> {
  // Next week, 18:30 UTC: "near future" whenever the demo is first started.
  const startsAt = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
  startsAt.setUTCHours(18, 30, 0, 0);
  const endsAt = new Date(startsAt.getTime() + 3 * 60 * 60 * 1000);
  const meeting = createMeeting(db, {
    committeeId,
    title: DEMO_MEETING_TITLE,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    venue: 'Council Chamber, Town Hall',
  });
  const dateText = startsAt.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const itemIds = new Map<string, string>();
  for (const item of demoItems(dateText)) {
    const row = createItem(db, meeting.id, {
      number: item.number,
      title: item.title,
      parentItemId: item.parent ? itemIds.get(item.parent) : null,
      confidential: item.confidentialReason !== undefined,
      confidentialReason: item.confidentialReason ?? null,
    });
    itemIds.set(item.number, row.id);
    const bytes = await renderReportPdf({ council: DEMO_COUNCIL_NAME, title: item.title, subtitle: item.document.subtitle, sections: item.document.sections });
    await ingestDocument(db, files, Number.MAX_SAFE_INTEGER, {
      itemId: row.id,
      name: item.document.name,
      kind: item.document.kind,
      uploadedBy: clerkId,
      body: Readable.from([Buffer.from(bytes)]),
    });
  }
  publishMeeting(db, meeting.id, 'Agenda published');
}
