/**
 * A large published council for the `public` bench: six committees of ten
 * people, 210 meetings over three years with ten papers each (2,100 papers),
 * one in seven with a confidential item, a few cancelled after publication.
 *
 * Written in-process into a data folder before the server starts, through the
 * server's own store functions — the ones its HTTP routes call (createMeeting,
 * createItem, insertDocument, publishMeeting, updateMeeting, setMembership) —
 * because 2,100 uploads over HTTP would each be parsed again by pdf.js (one at
 * a time, tens of milliseconds each on a busy machine) and the seeding, not
 * the serving, would take the bench's minutes. Each distinct corpus PDF goes
 * through the full upload path once (ingestDocument: stored by hash, page
 * count and text read by pdf.js); later papers reuse its bytes, page count and
 * text, as the same file uploaded again would.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { DocumentKind } from '../common/wire.ts';
import { AuditKeyring } from '../collab-server/audit/audit-keys.ts';
import { useAuditKeys } from '../collab-server/audit/audit-log.ts';
import { hashPassword } from '../collab-server/auth/passwords.ts';
import { openDatabase } from '../collab-server/db/database.ts';
import { publishMeeting } from '../collab-server/feed/publish.ts';
import { DocumentFiles } from '../collab-server/files/document-files.ts';
import { ingestDocument } from '../collab-server/files/ingest-document.ts';
import { stopPdfInspector } from '../collab-server/pdf/inspect.ts';
import { databaseFile } from '../collab-server/server.ts';
import { insertUser } from '../collab-server/store/accounts.ts';
import { createCommittee, createItem, createMeeting, ensureBody, insertDocument, setMembership, updateMeeting } from '../collab-server/store/council.ts';
import { randomUUID } from 'node:crypto';
import { corpusPath } from '../tests/support/corpus.ts';

export const BENCH_COUNCIL_NAME = 'Benchmark Borough Council';
export const BENCH_CLERK = { username: 'bench-clerk', password: 'bench-clerk-password' } as const;

const COMMITTEES = ['Planning Committee', 'Licensing Committee', 'Cabinet', 'Overview and Scrutiny Committee', 'Audit and Governance Committee', 'Full Council'];
const MEMBERS_PER_COMMITTEE = 8;
const ITEMS_PER_MEETING = 10;

/** The corpus papers the council's meetings are made of (real council PDFs, 1 to 14 pages). */
const AGENDA_FILE = 'kent_county-council_agenda-frontsheet_2025-02-13.pdf';
const MINUTES_FILE = 'kent_county-council_printed-minutes_2025-02-13.pdf';
const REPORT_FILES = [
  'lametro_board_agenda_test.pdf',
  'ca_ladwp_board-of-commissioners_agenda.pdf',
  'epa_planning-commission_minutes_2020-01-27.pdf',
  'chi_police-district-council-001_notice-agenda_2023-06-06.pdf',
  'ca_la-habra-heights_city-council_agenda.pdf',
  'ca_hermosa-beach_city-council_agenda_2023-01-10.pdf',
  'chi_ssa21-lincoln-square_minutes_2018-01-29.pdf',
];

const REPORT_TITLES = [
  'Planning application {n}: land east of Mill Lane',
  'Revenue budget monitoring, quarter {q}',
  'Premises licence review {n}',
  'Local Plan: consultation on preferred options',
  'Annual report of the internal auditor',
  'Tree Preservation Order {n}',
  'Housing delivery test action plan',
  'Capital programme update',
];

export interface BenchCouncil {
  meetings: number;
  papers: number;
  /** A published meeting with ten items and their papers: the page the bench measures. */
  sampleMeetingId: string;
  /** A draft meeting with one item, where the bench may add a paper of its own and publish. */
  spareMeetingId: string;
  spareItemId: string;
}

interface StoredFile {
  sha256: string;
  size: number;
  pageCount: number;
  hasText: boolean;
}

export async function seedBenchCouncil(dataDir: string, meetingCount = 210): Promise<BenchCouncil> {
  const keys = await AuditKeyring.open(dataDir);
  const db = openDatabase(databaseFile(dataDir));
  try {
    useAuditKeys(db, keys);
    const files = new DocumentFiles(dataDir);
    await files.init();
    const bodyId = ensureBody(db, BENCH_COUNCIL_NAME);
    const committees = COMMITTEES.map((name) => createCommittee(db, bodyId, name));

    // One password hash for everyone (nobody but the clerk signs in; hashing is deliberately slow).
    const passwordHash = await hashPassword(BENCH_CLERK.password);
    const clerk = insertUser(db, { username: BENCH_CLERK.username, displayName: 'Democratic Services Officer', passwordHash, isAdmin: false });
    let person = 0;
    for (const committee of committees) {
      setMembership(db, committee.id, clerk.id, 'clerk');
      for (let seat = 0; seat < MEMBERS_PER_COMMITTEE + 1; seat += 1) {
        person += 1;
        const user = insertUser(db, { username: `councillor-${person}`, displayName: `Cllr Bench Member ${person}`, passwordHash, isAdmin: false });
        setMembership(db, committee.id, user.id, seat === 0 ? 'chair' : 'member');
      }
    }

    const stored = new Map<string, StoredFile>();
    let papers = 0;
    /** Attaches a corpus file to an item: through the upload path the first time, reusing what it stored afterwards. */
    const attach = async (itemId: string, file: string, name: string, kind: DocumentKind) => {
      papers += 1;
      const known = stored.get(file);
      if (!known) {
        const row = await ingestDocument(db, files, Number.MAX_SAFE_INTEGER, {
          itemId, name, kind, uploadedBy: clerk.id, body: Readable.from([readFileSync(corpusPath(file))]),
        });
        stored.set(file, { sha256: row.sha256, size: row.size, pageCount: row.page_count, hasText: row.has_text === 1 });
        return;
      }
      // The same bytes again: the store keeps one copy and one text per hash, so the pages' text is already indexed.
      insertDocument(db, {
        id: randomUUID(), item_id: itemId, lineage_id: randomUUID(), version: 1, kind, name, sha256: known.sha256, size: known.size,
        page_count: known.pageCount, has_text: known.hasText ? 1 : 0, uploadedBy: clerk.id, pages: [],
      });
    };

    // Three years of meetings, evenly spread, each committee in turn.
    const first = Date.parse('2024-01-08T18:30:00.000Z');
    const spacingMs = (3 * 365 * 86_400_000) / meetingCount;
    let sampleMeetingId = '';
    for (let index = 0; index < meetingCount; index += 1) {
      const committee = committees[index % committees.length]!;
      const startsAt = new Date(first + index * spacingMs);
      startsAt.setUTCHours(18, 30, 0, 0);
      const meeting = createMeeting(db, {
        committeeId: committee.id,
        title: committee.name,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2.5 * 3_600_000).toISOString(),
        venue: index % 3 === 0 ? 'Committee Room 2, Town Hall' : 'Council Chamber, Town Hall',
      });
      const confidentialAt = index % 7 === 3 ? ITEMS_PER_MEETING - 1 : -1;
      for (let position = 0; position < ITEMS_PER_MEETING; position += 1) {
        const title =
          position === 0 ? 'Apologies for absence and declarations of interest'
          : position === 1 ? 'Minutes of the previous meeting'
          : REPORT_TITLES[(index + position) % REPORT_TITLES.length]!.replace('{n}', `${24 + Math.floor(index / 70)}/${String(index * 10 + position).padStart(5, '0')}`).replace('{q}', String((index % 4) + 1));
        const confidential = position === confidentialAt;
        const item = createItem(db, meeting.id, {
          title: confidential ? 'Acquisition of land at the former depot' : title,
          confidential,
          confidentialReason: confidential ? 'Paragraph 3, Schedule 12A' : null,
        });
        const [file, kind, name]: [string, DocumentKind, string] =
          position === 0 ? [AGENDA_FILE, 'agenda', 'Agenda']
          : position === 1 ? [MINUTES_FILE, 'minutes', 'Minutes of the previous meeting']
          : [REPORT_FILES[(index + position) % REPORT_FILES.length]!, 'report', `Report: ${title}`];
        await attach(item.id, file, name, kind);
      }
      publishMeeting(db, meeting.id, 'Agenda published');
      if (index % 40 === 17) {
        updateMeeting(db, meeting.id, { state: 'cancelled' });
        publishMeeting(db, meeting.id, 'Insufficient business');
      }
      if (index === Math.floor(meetingCount / 2)) sampleMeetingId = meeting.id;
    }

    const spare = createMeeting(db, { committeeId: committees[0]!.id, title: 'Planning Committee (additional meeting)', startsAt: '2027-03-01T18:30:00.000Z', venue: 'Council Chamber, Town Hall' });
    const spareItem = createItem(db, spare.id, { title: 'Background papers', confidential: false });
    return { meetings: meetingCount, papers, sampleMeetingId, spareMeetingId: spare.id, spareItemId: spareItem.id };
  } finally {
    db.close();
    await stopPdfInspector();
  }
}
