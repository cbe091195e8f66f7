/**
 * The public pages over real HTTP against the real server process, with the
 * seeded public council (tests/support/public-council.ts): every page type
 * shows what it should without signing in; the confidential item's title,
 * papers, vote and minutes, withdrawn and superseded papers and officers'
 * names appear on no page reachable from the home page and in no search; every
 * page carries ETag, Last-Modified, Cache-Control and a strict CSP, and
 * answers conditional requests with 304 until the record changes; the general
 * rate limit covers the public pages too.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiPaths } from '../../common/wire.ts';
import { formatFileSize } from '../../collab-server/public/pages/format.ts';
import { publicPaths } from '../../collab-server/public/public-paths.ts';
import {
  ALL_SECRET_WORDS, CANCELLATION_REASON, CONFIDENTIAL_MINUTES_TEXT, CONFIDENTIAL_MOTION, CONFIDENTIAL_TITLE, EXEMPTION_REASON, PREVIOUS_MINUTES_NAME,
  PUBLIC_MINUTES_TEXT, type PublicCouncil, TITLE_PUBLIC_TITLE, startPublicCouncil,
} from '../support/public-council.ts';
import { startServerProcess } from '../support/server-process.ts';

let council: PublicCouncil;

before(async () => {
  council = await startPublicCouncil();
});

after(async () => {
  await council?.server.stop();
});

interface Fetched {
  status: number;
  headers: Headers;
  text: string;
}

async function get(path: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await fetch(new URL(path, council.server.url), { headers: { accept: 'text/html', ...headers } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The page's text as a reader gets it: tags dropped, entities decoded, spaces collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<\/?(a|span|strong|em|mark|time)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Internal links of a page that lead to other public pages (not files, feeds or open data, which other tests cover). */
function pageLinks(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)]
    .map((match) => match[1]!.replace(/&amp;/g, '&'))
    .filter((href) => href.startsWith('/') && !href.startsWith('/files/') && !href.startsWith('/oparl') && !/\.(ics|json|css)(\?|$)/.test(href.split('#')[0]!))
    .map((href) => href.split('#')[0]!);
}

/** Every public page reachable from the home page, by following links as a visitor does. */
async function crawl(): Promise<Map<string, Fetched>> {
  const pages = new Map<string, Fetched>();
  const queue: string[] = [publicPaths.home];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (pages.has(path)) continue;
    const page = await get(path);
    assert.equal(page.status, 200, `${path} answers`);
    pages.set(path, page);
    for (const link of pageLinks(page.text)) if (!pages.has(link)) queue.push(link);
  }
  return pages;
}

const searchPath = (query: string) => `${publicPaths.search}?${new URLSearchParams({ q: query })}`;

test('the home page links to upcoming and past meetings and the committees, without signing in', async () => {
  const home = await get(publicPaths.home);
  assert.equal(home.status, 200);
  assert.match(String(home.headers.get('content-type')), /^text\/html; charset=utf-8/);
  const text = textOf(home.text);
  assert.match(home.text, /<html lang="en-GB">/);
  assert.match(text, /Upcoming meetings/);
  assert.match(text, /Recent meetings/);
  assert.ok(home.text.includes(`href="${publicPaths.meeting(council.meetings.planningUpcoming.id)}"`), 'the upcoming meeting is linked');
  assert.ok(home.text.includes(`href="${publicPaths.meeting(council.meetings.planningPast.id)}"`), 'the past meeting is linked');
  assert.ok(home.text.includes(`href="${publicPaths.committee(council.committees.planning.id)}"`));
  assert.match(text, /Cancelled/, 'the cancelled meeting says so in the list');
  assert.match(text, /Paper saved/);
  assert.doesNotMatch(home.text, /<script/i, 'no scripts on the public side');
});

test('a committee page lists members with their roles, never officers or former members, and its meetings and calendar', async () => {
  const planning = textOf((await get(publicPaths.committee(council.committees.planning.id))).text);
  assert.match(planning, /Cllr Amira Hassan Chair/);
  assert.match(planning, /Cllr Ben Okafor Member/);
  assert.match(planning, /Cllr Carys Pryce Member/);
  assert.doesNotMatch(planning, /Dana Whitlock/, 'the clerk is staff, not a public member');
  const licensingPage = await get(publicPaths.committee(council.committees.licensing.id));
  const licensing = textOf(licensingPage.text);
  assert.match(licensing, /Cllr Deepak Varma Chair/);
  assert.doesNotMatch(licensing, /Frank Lomax/, 'an ended membership is gone');
  assert.ok(licensingPage.text.includes(`href="${publicPaths.committeeCalendar(council.committees.licensing.id)}"`));
  assert.match(licensing, /Upcoming meetings .*Licensing Committee.*Cancelled/);
});

test('the past meeting shows its agenda in order, papers with type and size, the exempt item only as such, and the recorded vote with names', async () => {
  const { planningPast } = council.meetings;
  const page = await get(publicPaths.meeting(planningPast.id));
  assert.equal(page.status, 200);
  const text = textOf(page.text);
  assert.match(text, /Council Chamber, Town Hall/);
  assert.match(text, /Wednesday, 12 November 2025 at 6:30 pm until 9:00 pm/, 'times in the council zone (Europe/London)');

  // Agenda in order, numbered; the withdrawn item is gone.
  const order = ['Agenda and apologies for absence', 'Minutes of the previous meeting', 'Planning application 25/00412/FUL: 14 Harbour Road', 'Exempt item'];
  const positions = order.map((title) => text.indexOf(title, text.indexOf('Agenda Agenda')));
  assert.ok(positions.every((position, index) => position > 0 && (index === 0 || position > positions[index - 1]!)), `agenda in order: ${positions}`);
  assert.match(text, /3\. Planning application 25\/00412\/FUL/);
  assert.doesNotMatch(text, /Street naming/, 'the withdrawn item and its paper are gone');

  // Each paper link says what it is.
  const report = council.papers.planningReport.document;
  assert.ok(
    text.includes(`Officer report: 14 Harbour Road (Report, PDF, ${formatFileSize(report.size)}, ${report.pageCount} pages)`),
    'the report link names its type, format, size and pages',
  );
  assert.ok(page.text.includes(`href="${publicPaths.fileView(report.id)}"`));
  // The agenda pack's and the minutes' places show them; the previous meeting's minutes are a paper of their item.
  assert.match(text, /Agenda pack Agenda frontsheet \(Agenda, PDF/);
  const minutes = council.minutes.public;
  assert.ok(text.includes(`Minutes Minutes (public version) (Minutes, PDF, ${formatFileSize(minutes.size)}, ${minutes.pageCount} page`), 'the approved minutes');
  assert.ok(page.text.includes(`href="${publicPaths.fileView(minutes.id)}"`));
  assert.ok(!page.text.includes(council.minutes.committee.id), 'the committee’s full minutes are never linked');
  assert.ok(text.includes(`2. Minutes of the previous meeting ${PREVIOUS_MINUTES_NAME} (Minutes, PDF`), 'an item’s minutes paper shows as minutes');

  // The exempt item: its reason, not its title, papers or vote.
  assert.ok(text.includes(`Exempt item This item is not open to the public (reason: ${EXEMPTION_REASON})`));
  assert.ok(!text.includes(CONFIDENTIAL_TITLE));
  assert.ok(!text.includes(CONFIDENTIAL_MOTION));

  // The recorded vote, with named lists.
  assert.match(text, /Decision: Carried/);
  assert.match(text, /Motion: That planning permission be granted subject to conditions/);
  assert.match(text, /Proposed by Cllr Ben Okafor, seconded by Cllr Carys Pryce/);
  assert.match(text, /For 2: Cllr Amira Hassan, Cllr Ben Okafor/);
  assert.match(text, /Against 1: Cllr Carys Pryce/);
  assert.match(text, /Abstained 0: none/);
  assert.equal((text.match(/Decision:/g) ?? []).length, 1, 'only the public item’s vote');
});

test('the upcoming meeting shows the public title of an exempt item, the current version of a revised paper, and the cancelled meeting says why', async () => {
  const upcoming = await get(publicPaths.meeting(council.meetings.planningUpcoming.id));
  const text = textOf(upcoming.text);
  assert.ok(text.includes(`Exempt item: ${TITLE_PUBLIC_TITLE}`));
  assert.ok(upcoming.text.includes(publicPaths.fileView(council.papers.localPlanV2.document.id)));
  assert.ok(!upcoming.text.includes(council.papers.localPlanV1.document.id), 'the superseded version is not linked');
  assert.ok(!upcoming.text.includes(council.papers.titlePublic.document.id), 'an exempt item’s paper is never linked, even with a public title');
  assert.doesNotMatch(text, /depot lease terms/);
  assert.match(text, /The agenda pack has not been published/);
  assert.match(text, /The minutes of this meeting will appear here once they are approved/);

  const cancelled = textOf((await get(publicPaths.meeting(council.meetings.licensingCancelled.id))).text);
  assert.ok(cancelled.includes(`This meeting is cancelled. ${CANCELLATION_REASON}`));
  assert.match(cancelled, /Status Cancelled/);
});

test('a person page names the person and their committees; staff and unknown people are not found', async () => {
  const person = textOf((await get(publicPaths.person(council.people.planningMember.id))).text);
  assert.match(person, /Cllr Ben Okafor/);
  assert.match(person, /Planning Committee Member/);
  assert.match(person, /Licensing Committee Member/);
  for (const id of [council.people.clerk.id, council.people.formerMember.id, 'no-such-person']) {
    const page = await get(publicPaths.person(id));
    assert.equal(page.status, 404, id);
    assert.match(page.text, /Page not found/);
  }
});

test('search finds words of public papers with highlighted snippets, and nothing of confidential papers', async () => {
  const found = await get(searchPath('Metro'));
  assert.equal(found.status, 200);
  assert.match(found.text, /<mark>Metro<\/mark>/i, 'the match is highlighted');
  assert.ok(found.text.includes(publicPaths.fileView(council.papers.planningReport.document.id)), 'the planning report is found');
  assert.match(textOf(found.text), /Officer report: 14 Harbour Road \(Report, PDF, .*\), page \d+/);

  const minutesSearch = await get(searchPath(PUBLIC_MINUTES_TEXT));
  assert.ok(minutesSearch.text.includes(publicPaths.fileView(council.minutes.public.id)), 'the published minutes are searched too');

  for (const word of [...ALL_SECRET_WORDS, 'depot lease terms']) {
    const page = await get(searchPath(word));
    assert.equal(page.status, 200);
    assert.match(textOf(page.text), /No papers match/, `"${word}" finds nothing`);
  }
  const syntax = await get(searchPath('"unbalanced OR NEAR( *'));
  assert.equal(syntax.status, 200, 'FTS syntax is only words to search for');
});

test('no public page reachable from the home page, and no search, shows anything confidential, withdrawn, superseded or of staff', async () => {
  const pages = await crawl();
  const expected = [
    publicPaths.committees, publicPaths.meetings, publicPaths.search, publicPaths.paperSaved,
    publicPaths.committee(council.committees.planning.id), publicPaths.committee(council.committees.licensing.id),
    publicPaths.meeting(council.meetings.planningPast.id), publicPaths.meeting(council.meetings.planningUpcoming.id),
    publicPaths.meeting(council.meetings.licensingCancelled.id), publicPaths.person(council.people.planningChair.id),
  ];
  for (const path of expected) assert.ok(pages.has(path), `the crawl reached ${path}`);
  const queries = new Map<string, string>();
  for (const query of [...ALL_SECRET_WORDS, 'Metro', 'committee', 'report', 'Thornquist Yard']) {
    queries.set(searchPath(query), query);
    pages.set(searchPath(query), await get(searchPath(query)));
  }

  const forbidden = [
    ...ALL_SECRET_WORDS, CONFIDENTIAL_TITLE, CONFIDENTIAL_MOTION, CONFIDENTIAL_MINUTES_TEXT, 'Exempt report',
    council.papers.confidential.document.id, council.papers.titlePublic.document.id, council.papers.withdrawnReport.document.id,
    council.papers.localPlanV1.document.id, council.papers.confidential.document.sha256, council.votes.confidential.id, council.minutes.committee.id,
    council.people.clerk.displayName, 'Frank Lomax', 'Council Administrator', 'Street naming policy report',
  ];
  for (const [path, page] of pages) {
    // A search page repeats what was searched for (heading, box, title): only the rest must hold no secret.
    const query = queries.get(path);
    const html = query === undefined ? page.text : page.text.replaceAll(query, '');
    const text = textOf(html);
    for (const secret of forbidden) {
      assert.ok(!html.includes(secret) && !text.includes(secret), `${path} must not show "${secret}"`);
    }
    assert.doesNotMatch(page.text, /<script/i, `${path} has no script`);
  }
});

test('every page type carries ETag, Last-Modified, Cache-Control and a strict CSP, and answers conditional requests with 304', async () => {
  const paths = [
    publicPaths.home, publicPaths.committees, publicPaths.meetings, publicPaths.paperSaved, searchPath('Metro'),
    publicPaths.committee(council.committees.planning.id), publicPaths.meeting(council.meetings.planningPast.id),
    publicPaths.person(council.people.planningChair.id),
  ];
  for (const path of paths) {
    const page = await get(path);
    assert.equal(page.status, 200, path);
    const etag = page.headers.get('etag');
    const lastModified = page.headers.get('last-modified');
    assert.match(String(etag), /^"[A-Za-z0-9_-]+"$/, `${path}: a strong ETag`);
    assert.ok(lastModified && !Number.isNaN(Date.parse(lastModified)), `${path}: Last-Modified`);
    assert.equal(page.headers.get('cache-control'), 'public, max-age=60, stale-while-revalidate=300', path);
    assert.match(String(page.headers.get('content-security-policy')), /default-src 'none'; style-src 'self'.*frame-ancestors 'none'/, path);
    assert.equal(page.headers.get('vary'), null, `${path}: nothing varies per request`);

    const byTag = await get(path, { 'if-none-match': etag! });
    assert.equal(byTag.status, 304, `${path}: If-None-Match`);
    assert.equal(byTag.text, '');
    assert.equal(byTag.headers.get('etag'), etag);
    const byDate = await get(path, { 'if-modified-since': lastModified });
    assert.equal(byDate.status, 304, `${path}: If-Modified-Since`);
    const stale = await get(path, { 'if-none-match': '"something-else"' });
    assert.equal(stale.status, 200, `${path}: another tag gets the page`);
    assert.equal(stale.text, page.text, `${path}: the same page from the cache`);
  }

  // The stylesheet the pages link to is cacheable too.
  const home = await get(publicPaths.home);
  const stylesheetUrl = /<link rel="stylesheet" href="([^"]+)"/.exec(home.text)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(stylesheetUrl?.startsWith(publicPaths.stylesheet));
  const css = await get(stylesheetUrl!);
  assert.equal(css.status, 200);
  assert.match(String(css.headers.get('content-type')), /^text\/css/);
  assert.equal((await get(stylesheetUrl!, { 'if-none-match': css.headers.get('etag')! })).status, 304);
});

test('a change to the public record changes the pages it shows on: the old ETag then gets the new page', async () => {
  const committeePath = publicPaths.committee(council.committees.planning.id);
  const meetingPath = publicPaths.meeting(council.meetings.planningUpcoming.id);
  const committeeBefore = await get(committeePath);
  const meetingBefore = await get(meetingPath);

  await council.admin.put(apiPaths.adminMembership(council.committees.planning.id, council.people.licensingChair.id), { role: 'member' });
  const committeeAfter = await get(committeePath, { 'if-none-match': committeeBefore.headers.get('etag')! });
  assert.equal(committeeAfter.status, 200);
  assert.notEqual(committeeAfter.headers.get('etag'), committeeBefore.headers.get('etag'));
  assert.match(textOf(committeeAfter.text), /Cllr Deepak Varma Member/);

  const meetingId = council.meetings.planningUpcoming.id;
  await council.clerk.patch(`/api/v1/meetings/${encodeURIComponent(meetingId)}`, { venue: 'Committee Room 3' });
  assert.equal((await get(meetingPath, { 'if-none-match': meetingBefore.headers.get('etag')! })).status, 304, 'a draft change is not public');
  await council.clerk.post(apiPaths.publish(meetingId), { changeNote: 'Room changed' });
  const meetingAfter = await get(meetingPath, { 'if-none-match': meetingBefore.headers.get('etag')! });
  assert.equal(meetingAfter.status, 200);
  assert.match(textOf(meetingAfter.text), /Where Committee Room 3/);
  assert.ok(Date.parse(meetingAfter.headers.get('last-modified')!) >= Date.parse(meetingBefore.headers.get('last-modified')!));
  const unchanged = await get(meetingPath, { 'if-none-match': meetingAfter.headers.get('etag')! });
  assert.equal(unchanged.status, 304);
});

test('an unknown public address is the 404 page for a browser and the JSON error for a program', async () => {
  for (const path of [publicPaths.meeting('no-such-meeting'), publicPaths.committee('nope'), '/no/such/page']) {
    const page = await get(path);
    assert.equal(page.status, 404, path);
    assert.match(page.text, /<h1>Page not found<\/h1>/, path);
    assert.match(String(page.headers.get('content-security-policy')), /default-src 'none'/);
  }
  const api = await get('/api/v1/no-such-route');
  assert.equal(api.status, 404);
  assert.match(api.text, /"code":"not-found"/);
  const program = await get('/no/such/page', { accept: 'application/json' });
  assert.equal(program.status, 404);
  assert.match(program.text, /"code":"not-found"/);
});

test('the general rate limit applies to the public pages', async () => {
  const limited = await startServerProcess({ rateLimitPerMinute: 3 });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await fetch(new URL(publicPaths.home, limited.url))).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
  } finally {
    await limited.stop();
  }
});
