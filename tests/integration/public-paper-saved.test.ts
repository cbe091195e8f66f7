/**
 * The paper-saved figures over the real server with the seeded public council
 * and one more meeting that has a real agenda pack: the JSON endpoint's totals
 * per meeting, committee and year equal pages × recipients of what the
 * council published — worked out here from the seeded papers, paper by paper —
 * times the configured cost and CO2e; confidential papers are in the clerk's
 * figures only; the public page shows the same figures with an SVG chart and
 * tables; double-sided printing halves each paper's sheets, rounded up.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { z } from 'zod';
import { AgendaDocument, AgendaItem, Meeting, PaperSavedResponse, UserProfile, apiPaths } from '../../common/wire.ts';
import { publicPaths } from '../../collab-server/public/public-paths.ts';
import { ApiClient, ApiRequestError } from '../support/api-client.ts';
import { corpusPaper } from '../support/host-council.ts';
import { ALL_SECRET_WORDS, type PublicCouncil, startPublicCouncil } from '../support/public-council.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';

/** Settings other than the defaults, so the test shows they are applied. */
const TIME_ZONE = 'Pacific/Auckland';
const PUBLIC_COPIES = 3;
const COST_PER_SHEET = 0.1;
const GRAMS_PER_SHEET = 5;
const settingsArgs = ['--time-zone', TIME_ZONE, '--paper-public-copies', String(PUBLIC_COPIES), '--paper-cost-per-sheet', String(COST_PER_SHEET), '--paper-co2e-grams-per-sheet', String(GRAMS_PER_SHEET)];


let council: PublicCouncil;
let server: ServerProcess;
let packMeeting: Meeting;
let pack: AgendaDocument;
let packedReport: AgendaDocument;
let supplement: AgendaDocument;
let supplementAgain: AgendaDocument;
let packConfidential: AgendaDocument;
/** Everyone on the Planning Committee, counted from the administrator's list of people. */
let planningRecipients: number;

/** What one meeting's printed copy held, paper by paper, as this test reads the seeded council. */
interface Expected {
  meeting: Meeting;
  /** Papers in the public copy (everyone on the committee, and the public and press copies). */
  publicPapers: AgendaDocument[];
  /** Papers in the confidential copy (the committee only). */
  confidentialPapers: AgendaDocument[];
}
let expected: Expected[];

before(async () => {
  council = await startPublicCouncil({ extraArgs: settingsArgs });
  server = council.server;
  const { clerk, committees, papers, meetings } = council;

  // A meeting with a real agenda pack: its report is inside the pack, its late supplement is not (attached twice, printed once).
  packMeeting = Meeting.parse(
    await clerk.post(apiPaths.meetings, { committeeId: committees.planning.id, title: 'Planning Committee (budget)', startsAt: '2024-12-31T23:30:00.000Z', venue: 'Council Chamber' }),
  );
  const item = async (body: Record<string, unknown>) => AgendaItem.parse(await clerk.post(apiPaths.meetingItems(packMeeting.id), body));
  const upload = async (on: AgendaItem, file: string, name: string, kind: AgendaDocument['kind']) =>
    AgendaDocument.parse(await clerk.uploadPdf(`${apiPaths.itemDocuments(on.id)}?${new URLSearchParams({ name, kind })}`, corpusPaper(file, name).bytes));
  const agendaItem = await item({ title: 'Agenda' });
  const budgetItem = await item({ title: 'Budget amendments' });
  const lateItem = await item({ title: 'Late representations' });
  const lateItem2 = await item({ title: 'Late representations (continued)' });
  const exemptItem = await item({ title: 'Exempt valuation', confidential: true, confidentialReason: 'Paragraph 3, Schedule 12A' });
  pack = await upload(agendaItem, 'kent_county-council_budget-amendments-pack_2025-02-13.pdf', 'Agenda and reports pack', 'pack');
  packedReport = await upload(budgetItem, 'lametro_board-rules-procedures.pdf', 'Budget report', 'report');
  supplement = await upload(lateItem, 'chi_police-district-council-001_notice-agenda_2023-06-06.pdf', 'Late representations', 'supplement');
  supplementAgain = await upload(lateItem2, 'chi_police-district-council-001_notice-agenda_2023-06-06.pdf', 'Late representations (copy)', 'supplement');
  packConfidential = await upload(exemptItem, 'epa_planning-commission_minutes_2020-01-27.pdf', 'Exempt valuation report', 'report');
  packMeeting = Meeting.parse(await clerk.post(apiPaths.publish(packMeeting.id), { changeNote: 'Agenda published' }));

  const people = z.array(UserProfile).parse(await council.admin.get(apiPaths.adminUsers));
  planningRecipients = people.filter((person) => person.memberships.some((membership) => membership.committeeId === committees.planning.id)).length;

  expected = [
    // The 48-page pack and the supplement; the report is inside the pack; the supplement's second attachment is the same file.
    { meeting: packMeeting, publicPapers: [pack, supplement], confidentialPapers: [packConfidential] },
    // No pack (its agenda frontsheet is an agenda, not a pack): each paper; the withdrawn report is no longer published;
    // its own minutes, published after it (public and full versions), go round with the next meeting's papers.
    {
      meeting: meetings.planningPast,
      publicPapers: [papers.agenda.document, papers.previousMinutes.document, papers.planningReport.document],
      confidentialPapers: [papers.confidential.document],
    },
    // No pack: each paper, at its current version only (v1 was replaced).
    { meeting: meetings.planningUpcoming, publicPapers: [papers.localPlanV2.document], confidentialPapers: [papers.titlePublic.document] },
    // Licensing's meeting was cancelled: not counted.
  ];
});

after(async () => {
  await server?.stop();
});

const pagesOf = (papers: AgendaDocument[], sides: 'single' | 'double') => papers.reduce((sum, paper) => sum + (sides === 'double' ? Math.ceil(paper.pageCount / 2) : paper.pageCount), 0);
const yearIn = (iso: string) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric' }).format(new Date(iso)));
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The sheets this test expects for a meeting: pages × recipients, confidential pages for the committee only when the clerk asks. */
function expectedSheets(entry: Expected, sides: 'single' | 'double', withConfidential: boolean): number {
  const publicSheets = pagesOf(entry.publicPapers, sides) * (planningRecipients + PUBLIC_COPIES);
  return publicSheets + (withConfidential ? pagesOf(entry.confidentialPapers, sides) * planningRecipients : 0);
}

async function getJson(path: string, token?: string): Promise<{ response: Response; report: PaperSavedResponse; text: string }> {
  const response = await fetch(new URL(path, server.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  const text = await response.text();
  return { response, report: PaperSavedResponse.parse(JSON.parse(text)), text };
}

/** Checks every figure of a report against the sheets this test expects per meeting. */
function assertReport(report: PaperSavedResponse, sides: 'single' | 'double', withConfidential: boolean): void {
  assert.equal(report.factors.costPerSheet, COST_PER_SHEET);
  assert.equal(report.factors.gramsCo2ePerSheet, GRAMS_PER_SHEET);
  assert.equal(report.factors.publicCopiesPerMeeting, PUBLIC_COPIES);
  assert.equal(report.factors.printedSides, sides);
  const figures = (sheets: number, meetings: number, pages: number) => ({ meetings, pages, sheets, cost: round(sheets * COST_PER_SHEET, 2), co2eKg: round((sheets * GRAMS_PER_SHEET) / 1000, 3) });

  // Per meeting.
  assert.deepEqual(
    report.meetings.map((meeting) => meeting.meetingId).sort(),
    expected.map((entry) => entry.meeting.id).sort(),
    'every published meeting but the cancelled one is counted',
  );
  for (const entry of expected) {
    const meeting = report.meetings.find((candidate) => candidate.meetingId === entry.meeting.id)!;
    const pages = pagesOf(entry.publicPapers, 'single') + (withConfidential ? pagesOf(entry.confidentialPapers, 'single') : 0);
    const sheets = expectedSheets(entry, sides, withConfidential);
    assert.deepEqual(
      { meetings: meeting.meetings, pages: meeting.pages, sheets: meeting.sheets, cost: meeting.cost, co2eKg: meeting.co2eKg },
      figures(sheets, 1, pages),
      `meeting ${entry.meeting.title} ${entry.meeting.startsAt}`,
    );
    assert.deepEqual(meeting.recipients, { committee: planningRecipients, publicCopies: PUBLIC_COPIES });
    assert.equal(meeting.year, yearIn(entry.meeting.startsAt));
    assert.equal(meeting.publicPages, pagesOf(entry.publicPapers, 'single'));
    if (withConfidential) assert.equal(meeting.confidentialPages, pagesOf(entry.confidentialPapers, 'single'));
    else assert.equal(meeting.confidentialPages, undefined, 'the public figures say nothing about confidential papers');
  }

  // Per committee: all three are Planning's; Licensing's only meeting was cancelled.
  const allSheets = expected.reduce((sum, entry) => sum + expectedSheets(entry, sides, withConfidential), 0);
  const allPages = report.meetings.reduce((sum, meeting) => sum + meeting.pages, 0);
  assert.deepEqual(
    report.committees.map(({ committeeId, meetings, pages, sheets, cost, co2eKg }) => ({ committeeId, meetings, pages, sheets, cost, co2eKg })),
    [{ committeeId: council.committees.planning.id, ...figures(allSheets, 3, allPages) }],
  );

  // Per year, in the council's zone: 23:30 UTC on New Year's Eve 2024 is already 2025 in Auckland.
  assert.equal(yearIn(packMeeting.startsAt), 2025);
  const years = new Map<number, Expected[]>();
  for (const entry of expected) years.set(yearIn(entry.meeting.startsAt), [...(years.get(yearIn(entry.meeting.startsAt)) ?? []), entry]);
  assert.deepEqual(
    report.years.map(({ year, meetings, sheets, cost, co2eKg }) => ({ year, meetings, sheets, cost, co2eKg })),
    [...years]
      .sort(([a], [b]) => a - b)
      .map(([year, entries]) => {
        const sheets = entries.reduce((sum, entry) => sum + expectedSheets(entry, sides, withConfidential), 0);
        const { cost, co2eKg } = figures(sheets, entries.length, 0);
        return { year, meetings: entries.length, sheets, cost, co2eKg };
      }),
  );

  // Since the start.
  assert.deepEqual(report.total, figures(allSheets, 3, allPages));
  assert.equal(report.since, packMeeting.startsAt);
}

test('the seeded council: recipients are everyone on the committee, and the papers are what the test expects', () => {
  assert.equal(planningRecipients, 4, 'the clerk, the chair and two members');
  assert.equal(pack.pageCount, 48);
  assert.equal(packedReport.pageCount, 32);
  assert.equal(supplement.sha256, supplementAgain.sha256);
  assert.equal(supplement.pageCount, 1);
});

test('public figures per meeting, committee, year and since the start equal pages × recipients, with the configured factors', async () => {
  const { report, response, text } = await getJson(publicPaths.paperSavedJson);
  assert.equal(report.audience, 'public');
  assertReport(report, 'single', false);
  // The pack meeting alone: (48 + 1) pages × (4 on the committee + 3 public copies).
  assert.equal(report.meetings.find((meeting) => meeting.meetingId === packMeeting.id)!.sheets, 49 * 7);
  for (const word of ALL_SECRET_WORDS) assert.ok(!text.includes(word), `the figures hold "${word}"`);
  assert.ok(!text.includes('Exempt valuation'));
  const etag = response.headers.get('etag')!;
  assert.equal((await fetch(new URL(publicPaths.paperSavedJson, server.url), { headers: { 'if-none-match': etag } })).status, 304);
});

test("the clerk's figures add the confidential papers, for the committee's copies only; others may not see them", async () => {
  const { report } = await getJson(apiPaths.clerkPaperSaved, council.clerk.token!);
  assert.equal(report.audience, 'clerk');
  assertReport(report, 'single', true);
  const member = await ApiClient.login(server.url, council.people.planningMember.username, `${council.people.planningMember.username}-password-long`);
  await assert.rejects(member.get(apiPaths.clerkPaperSaved), (error: unknown) => error instanceof ApiRequestError && error.status === 403);
  assert.equal((await fetch(new URL(apiPaths.clerkPaperSaved, server.url))).status, 401);
});

test('the public page shows the same figures: an SVG chart named as an image, and tables by year, committee and meeting', async () => {
  const { report } = await getJson(publicPaths.paperSavedJson);
  const response = await fetch(new URL(publicPaths.paperSaved, server.url), { headers: { accept: 'text/html' } });
  assert.equal(response.status, 200);
  const html = await response.text();
  const svg = /<svg[^>]*role="img"[^>]*aria-labelledby="([^"]+)"[^>]*>([\s\S]*?)<\/svg>/.exec(html);
  assert.ok(svg, 'a server-rendered SVG with role="img"');
  assert.match(svg[2]!, new RegExp(`<title id="${svg[1]}">Sheets of paper not printed, by year</title>`));
  const format = new Intl.NumberFormat('en-GB');
  for (const year of report.years) {
    assert.match(svg[2]!, new RegExp(`>${year.year}</text>`), `the chart has a bar for ${year.year}`);
    assert.match(svg[2]!, new RegExp(`>${format.format(year.sheets)}</text>`), `the chart shows ${year.sheets} sheets`);
    assert.match(html, new RegExp(`<th scope="row">${year.year}</th><td[^>]*>${year.meetings}</td><td[^>]*>${format.format(year.pages)}</td><td[^>]*>${format.format(year.sheets)}</td>`));
  }
  assert.match(html, /<caption>Paper saved by committee<\/caption>/);
  assert.ok(html.includes(format.format(report.total.sheets)), 'the total is on the page');
  const home = await (await fetch(new URL(publicPaths.home, server.url), { headers: { accept: 'text/html' } })).text();
  assert.ok(home.includes(format.format(report.total.sheets)), 'the home page shows the total');
});

test('printed double-sided (a restart with --paper-printed-sides double): each paper takes half its pages in sheets, rounded up', async () => {
  await server.stop();
  server = await startServerProcess({ dataDir: council.server.dataDir, extraArgs: [...settingsArgs, '--paper-printed-sides', 'double'] });
  const { report } = await getJson(publicPaths.paperSavedJson);
  assertReport(report, 'double', false);
  // 48 pages take 24 sheets, the 1-page supplement one.
  assert.equal(report.meetings.find((meeting) => meeting.meetingId === packMeeting.id)!.sheets, (24 + 1) * 7);
});
