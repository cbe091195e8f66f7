/**
 * Open data (OParl 1.1) over the real server with the public council
 * (tests/support/public-council.ts): a client crawls from /oparl/v1.1 through
 * every list and object and every object validates against the
 * specification's schemas; lists page to their end keeping the filters;
 * deleted objects appear only with modified_since; modified_since returns
 * exactly what changed; nothing of the confidential item (title, paper, vote,
 * minutes) is served; ids follow the configured public base URL.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { apiPaths } from '../../common/wire.ts';
import { oparlDateTime } from '../../collab-server/oparl/oparl-format.ts';
import { type OparlCrawl, crawlOparl, unresolvedReferences } from '../support/oparl-crawler.ts';
import { loadOparlValidator } from '../support/oparl-validator.ts';
import {
  ALL_SECRET_WORDS, CONFIDENTIAL_MOTION, EXEMPTION_REASON, type PublicCouncil, TITLE_PUBLIC_TITLE, publicFileUrls, startPublicCouncil,
} from '../support/public-council.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';

type Json = Record<string, unknown>;

let council: PublicCouncil;
let server: ServerProcess;
let entry: string;
const validator = loadOparlValidator();
/** Every response of every crawl: nothing served may hold a secret. */
const served: { url: string; body: string }[] = [];

const OLD = '2000-01-01T00:00:00+00:00';

before(async () => {
  council = await startPublicCouncil();
  server = council.server;
  entry = `${server.url}/oparl/v1.1`;
});

after(async () => {
  await server?.stop();
});

async function crawl(options: Parameters<typeof crawlOparl>[1] = {}): Promise<OparlCrawl> {
  const result = await crawlOparl(entry, { validator, ...options });
  served.push(...result.responses);
  assert.deepEqual(result.problems, [], 'the crawl found no breach of the standard');
  return result;
}

const ofType = (crawled: OparlCrawl, type: string) => [...crawled.objects.values()].filter((o) => o.type === `https://schema.oparl.org/1.1/${type}`);
const oparlUrl = (path: string) => `${server.url}/oparl/v1.1/${path}`;
const byId = (crawled: OparlCrawl, id: string) => crawled.objects.get(id);
let plain: OparlCrawl;
let body: Json;

test('an OParl client crawls from /oparl/v1.1: every object validates, every list walks to its end, every reference resolves', async () => {
  plain = await crawl();
  assert.deepEqual(unresolvedReferences(plain), [], 'every link points at an object some list holds');
  const system = plain.objects.get(entry)!;
  assert.equal(system.oparlVersion, 'https://schema.oparl.org/1.1/');
  const bodies = ofType(plain, 'Body');
  assert.equal(bodies.length, 1);
  body = bodies[0]!;
  for (const list of ['organization', 'person', 'meeting', 'paper', 'agendaItem', 'consultation', 'file', 'membership', 'locationList', 'legislativeTermList']) {
    assert.ok(plain.lists.has(String(body[list])), `the body's ${list} list was walked`);
  }
  // Without modified_since, nothing deleted is listed.
  assert.deepEqual([...plain.objects.values()].filter((o) => o.deleted === true).map((o) => o.id), []);

  const { people, committees, meetings, items, papers } = council;
  assert.deepEqual(ofType(plain, 'Organization').map((o) => o.name).sort(), [committees.licensing.name, committees.planning.name]);
  const planning = byId(plain, oparlUrl(`organizations/${committees.planning.id}`))!;
  assert.equal(planning.classification, 'Ausschuss');
  // Chairs and members are public; the clerk (an officer) and the former member are not.
  const publicPeople = (['planningChair', 'planningMember', 'planningMember2', 'licensingChair', 'licensingMember'] as const).map((k) => people[k].displayName);
  assert.deepEqual(ofType(plain, 'Person').map((p) => p.name).sort(), [...publicPeople].sort());
  const chair = byId(plain, oparlUrl(`persons/${people.planningChair.id}`))!;
  assert.deepEqual((chair.membership as Json[]).map((m) => [m.organization, m.role]), [[planning.id, 'Chair']]);

  assert.deepEqual(ofType(plain, 'Meeting').map((m) => m.id).sort(), Object.values(meetings).map((m) => oparlUrl(`meetings/${m.id}`)).sort());
  const cancelled = byId(plain, oparlUrl(`meetings/${meetings.licensingCancelled.id}`))!;
  assert.equal(cancelled.cancelled, true);
  const past = byId(plain, oparlUrl(`meetings/${meetings.planningPast.id}`))!;
  assert.equal(past.cancelled, undefined);
  assert.deepEqual(past.organization, [planning.id]);
  assert.equal((past.location as Json).description, 'Council Chamber, Town Hall');
  assert.equal((past.invitation as Json).id, oparlUrl(`files/${papers.agenda.document.id}`));
  assert.equal((past.resultsProtocol as Json).id, oparlUrl(`files/${council.minutes.public.id}`), 'the published minutes, public version');
  const agendaItems = past.agendaItem as Json[];
  assert.deepEqual(agendaItems.map((item) => item.order), agendaItems.map((_, index) => index), 'order counts from 0 without gaps');
  assert.deepEqual(agendaItems.map((item) => item.number), ['1', '2', '3', '4']);

  // The recorded vote, with its named lists.
  const application = byId(plain, oparlUrl(`agenda-items/${items.planningApplication.id}`))!;
  assert.match(String(application.result), /carried \(2 for, 1 against, 0 abstaining\)/);
  const [vote] = application['chamber:votes'] as Json[];
  assert.deepEqual(vote!.named, {
    for: [people.planningChair.displayName, people.planningMember.displayName], against: [people.planningMember2.displayName], abstain: [], didNotVote: [],
  });

  // Papers: each public item's documents, the report as the main file.
  const paper = byId(plain, oparlUrl(`papers/${items.planningApplication.id}`))!;
  assert.equal(paper.name, items.planningApplication.title);
  assert.equal((paper.mainFile as Json).id, oparlUrl(`files/${papers.planningReport.document.id}`));
  const [consultation] = paper.consultation as Json[];
  assert.equal(consultation!.agendaItem, application.id);
  assert.equal(consultation!.meeting, past.id);
  assert.equal(application.consultation, consultation!.id);
  assert.deepEqual(ofType(plain, 'Paper').map((p) => p.id).sort(), [items.agenda, items.previousMinutes, items.planningApplication, items.localPlan].map((i) => oparlUrl(`papers/${i.id}`)).sort());
  const localPlan = byId(plain, oparlUrl(`papers/${items.localPlan.id}`))!;
  assert.equal((localPlan.mainFile as Json).id, oparlUrl(`files/${papers.localPlanV2.document.id}`), 'the current version is the paper’s file');
  assert.equal(ofType(plain, 'LegislativeTerm').length, 1);
  assert.equal(ofType(plain, 'Location').length, 3);
});

test("every File's accessUrl serves the paper inline and its downloadUrl as an attachment, with the size and checksum the File states", async () => {
  const files = ofType(plain, 'File');
  assert.equal(files.length, 5, 'four papers and the public minutes');
  for (const file of files) {
    const view = await fetch(String(file.accessUrl));
    assert.equal(view.status, 200);
    assert.equal(view.headers.get('content-type'), 'application/pdf');
    assert.doesNotMatch(view.headers.get('content-disposition') ?? '', /^\s*attachment/i, 'accessUrl is not an attachment');
    const bytes = new Uint8Array(await view.arrayBuffer());
    assert.equal(bytes.byteLength, file.size);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), file['chamber:sha256Checksum']);
    const download = await fetch(String(file.downloadUrl), { method: 'HEAD' });
    assert.equal(download.status, 200);
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="[^"]+\.pdf"/);
  }
});

test('the confidential item is only an exempt item: its title, paper, votes and minutes are nowhere in open data', async () => {
  const { items, papers, votes, people } = council;
  const exempt = byId(plain, oparlUrl(`agenda-items/${items.confidential.id}`))!;
  assert.equal(exempt.public, false);
  assert.equal(exempt.name, `Exempt item (${EXEMPTION_REASON})`);
  assert.equal(exempt.consultation, undefined);
  assert.equal(exempt.result, undefined);
  const titled = byId(plain, oparlUrl(`agenda-items/${items.titlePublic.id}`))!;
  assert.equal(titled.name, TITLE_PUBLIC_TITLE, 'the title the clerk made public');
  assert.equal(titled.public, false);
  assert.equal(titled.consultation, undefined);
  for (const id of [items.confidential.id, items.titlePublic.id]) {
    assert.equal((await fetch(oparlUrl(`papers/${id}`))).status, 404);
    assert.equal((await fetch(oparlUrl(`consultations/${id}`))).status, 404);
  }
  const forbidden = [
    ...ALL_SECRET_WORDS, CONFIDENTIAL_MOTION, votes.confidential.id, people.clerk.displayName,
    papers.confidential.document.id, papers.confidential.document.sha256, papers.titlePublic.document.id, papers.titlePublic.document.sha256,
    council.minutes.committee.id, council.minutes.committee.sha256,
  ];
  // Everything served so far, the deleted objects too.
  await crawl({ listQuery: { modified_since: OLD } });
  assert.ok(served.length > 50, `crawled ${served.length} responses`);
  for (const { url, body: text } of served) {
    for (const secret of forbidden) assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `${url} holds "${secret}"`);
  }
  // No public file URL serves the confidential papers: the same 404 as an id that never existed.
  const nothing = await fetch(`${server.url}${publicFileUrls('00000000-0000-4000-8000-000000000000').view}`);
  const nothingBody = await nothing.text();
  for (const document of [papers.confidential.document, papers.titlePublic.document]) {
    for (const path of Object.values(publicFileUrls(document.id))) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 404, path);
      assert.equal(await response.text(), nothingBody, 'no different from a file that never existed');
    }
  }
});

test('lists page to their end with the filters kept in every link; deleted objects appear, as deleted, only with modified_since', async () => {
  const paged = await crawl({ listQuery: { modified_since: OLD, limit: '2' } });
  const { items, papers, people, committees } = council;
  const deleted = new Set([...paged.objects.values()].filter((o) => o.deleted === true).map((o) => o.id));
  for (const id of [
    oparlUrl(`papers/${items.withdrawn.id}`), oparlUrl(`consultations/${items.withdrawn.id}`), oparlUrl(`agenda-items/${items.withdrawn.id}`),
    oparlUrl(`files/${papers.withdrawnReport.document.id}`), oparlUrl(`files/${papers.localPlanV1.document.id}`),
    oparlUrl(`memberships/${committees.licensing.id}/${people.formerMember.id}`), oparlUrl(`persons/${people.formerMember.id}`),
  ]) {
    assert.ok(deleted.has(id), `${id} is listed as deleted`);
    assert.ok(![...plain.lists.values()].flat().includes(id), `${id} is not listed without modified_since`);
  }
  assert.equal(deleted.size, 7, [...deleted].join(', '));
  const withdrawnPaper = paged.objects.get(oparlUrl(`papers/${items.withdrawn.id}`))!;
  assert.deepEqual(Object.keys(withdrawnPaper).sort(), ['created', 'deleted', 'id', 'modified', 'type']);
  // Its files are gone: 410, as the standard recommends for deleted files.
  for (const document of [papers.withdrawnReport.document, papers.localPlanV1.document]) {
    for (const path of Object.values(publicFileUrls(document.id))) assert.equal((await fetch(`${server.url}${path}`)).status, 410, path);
  }

  // Paging with limit=2 holds the same objects in the same order as one page per list, plus the deleted ones.
  const withDeleted = await crawl({ listQuery: { modified_since: OLD } });
  for (const [url, ids] of withDeleted.lists) {
    const pagedUrl = new URL(url);
    pagedUrl.searchParams.set('limit', '2');
    assert.deepEqual(paged.lists.get(pagedUrl.href), ids, `${url} in pages of two`);
    const live = plain.lists.get(url.replace(/\?.*$/, ''));
    if (live) assert.deepEqual(ids.filter((id) => !deleted.has(id)), live, `${url}: the live objects, in the same order`);
  }
  const paperList = `${String(body.paper)}?modified_since=${encodeURIComponent(OLD)}&limit=2`;
  const first = (await (await fetch(paperList)).json()) as { pagination: Json; links: Json };
  assert.deepEqual(first.pagination, { totalElements: 5, elementsPerPage: 2, currentPage: 1, totalPages: 3 });
  assert.equal(first.links.next, `${String(body.paper)}?modified_since=${encodeURIComponent(OLD)}&limit=2&page=2`, 'next keeps the filters in a fixed order');
});

test('modified_since returns exactly the objects changed since', async () => {
  const before = await crawl({ listQuery: { modified_since: OLD } });
  // The next whole second: everything so far was modified before it.
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 50));
  const since = oparlDateTime(new Date(Math.floor(Date.now() / 1000) * 1000).toISOString());
  const { clerk, items, meetings } = council;
  await clerk.patch(apiPaths.item(items.planningApplication.id), { title: 'Planning application 25/00412/FUL: 14 Harbour Road (amended)' });
  await clerk.post(apiPaths.publish(meetings.planningPast.id), { changeNote: 'Item 3 retitled' });

  const lists = ['organization', 'person', 'meeting', 'paper', 'agendaItem', 'consultation', 'file', 'membership', 'locationList', 'legislativeTermList'].map((k) => String(body[k]));
  const changedSince = await crawl({ listQuery: { modified_since: since }, startLists: lists });
  const returned = [...new Set([...changedSince.lists.values()].flat())].sort();
  const afterCrawl = await crawl({ listQuery: { modified_since: OLD } });
  const changed = [...afterCrawl.objects.keys()].filter((id) => JSON.stringify(afterCrawl.objects.get(id)) !== JSON.stringify(before.objects.get(id)));
  const listedIds = new Set(lists.flatMap((list) => afterCrawl.lists.get(`${list}?modified_since=${encodeURIComponent(OLD)}`) ?? []));
  assert.deepEqual(returned, changed.filter((id) => listedIds.has(id)).sort(), 'what modified_since returns is what changed');
  const past = meetings.planningPast.id;
  const item = items.planningApplication.id;
  assert.deepEqual(returned, [
    oparlUrl(`agenda-items/${item}`), oparlUrl(`consultations/${item}`), oparlUrl(`locations/${past}`), oparlUrl(`meetings/${past}`), oparlUrl(`papers/${item}`),
  ].sort());
  assert.equal(afterCrawl.objects.get(oparlUrl(`papers/${item}`))!.name, 'Planning application 25/00412/FUL: 14 Harbour Road (amended)');
});

test('bad parameters and unknown objects answer OParl errors, with the CORS header; conditional requests answer 304', async () => {
  const errorOf = async (url: string, init?: RequestInit) => {
    const response = await fetch(url, init);
    assert.equal(response.headers.get('access-control-allow-origin'), '*', url);
    return { status: response.status, body: (await response.json()) as Json };
  };
  for (const bad of ['modified_since=yesterday', 'created_until=2026-01-01', 'limit=0', 'page=abc', 'omit_internal=maybe']) {
    const { status, body: error } = await errorOf(`${String(body.paper)}?${bad}`);
    assert.equal(status, 400, bad);
    assert.equal(error.type, 'https://schema.oparl.org/1.1/Error');
    assert.equal(typeof error.message, 'string');
  }
  assert.equal((await errorOf(`${String(body.paper)}?page=99`)).status, 404);
  for (const missing of [oparlUrl('papers/no-such-paper'), oparlUrl('nonsense'), `${server.url}/oparl/v1.0`, `${entry}/`]) {
    const { status, body: error } = await errorOf(missing);
    assert.equal(status, 404, missing);
    assert.equal(error.type, 'https://schema.oparl.org/1.1/Error');
  }
  assert.equal((await errorOf(entry, { method: 'POST' })).status, 405);

  // A + sent unencoded arrives as a space and is still read as the offset.
  const raw = await fetch(`${String(body.paper)}?modified_since=2000-01-01T01:00:00+01:00`);
  assert.equal(raw.status, 200);
  assert.equal(((await raw.json()) as { data: unknown[] }).data.length, 5);
  // omit_internal leaves out embedded lists.
  const omitted = (await (await fetch(`${String(body.meeting)}?omit_internal=true`)).json()) as { data: Json[] };
  assert.ok(omitted.data.every((meeting) => meeting.agendaItem === undefined));

  const first = await fetch(String(body.paper));
  const etag = first.headers.get('etag');
  assert.ok(etag && first.headers.get('last-modified') && first.headers.get('cache-control'));
  const again = await fetch(String(body.paper), { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('access-control-allow-origin'), '*');
});

test('ids are built from the configured public base URL when there is one', async () => {
  await server.stop();
  server = await startServerProcess({ dataDir: council.server.dataDir, logLevel: 'warn', extraArgs: ['--public-base-url', 'https://meetings.example.gov.uk/'] });
  const system = (await (await fetch(`${server.url}/oparl/v1.1`)).json()) as Json;
  assert.equal(system.id, 'https://meetings.example.gov.uk/oparl/v1.1');
  const bodies = (await (await fetch(`${server.url}/oparl/v1.1/bodies`)).json()) as { data: Json[]; links: Json };
  assert.equal(bodies.links.first, 'https://meetings.example.gov.uk/oparl/v1.1/bodies');
  const papers = (await (await fetch(String(bodies.data[0]!.paper).replace('https://meetings.example.gov.uk', server.url))).json()) as { data: Json[] };
  for (const paper of papers.data) {
    assert.match(String(paper.id), /^https:\/\/meetings\.example\.gov\.uk\/oparl\/v1\.1\/papers\//);
    assert.match(String((paper.mainFile as Json).accessUrl), /^https:\/\/meetings\.example\.gov\.uk\/files\/[^/]+\/view$/);
  }
});
