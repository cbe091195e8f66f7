/**
 * The public iCalendar feeds over the real server with the seeded public
 * council, read by a standard parser (ical.js, as calendar clients do): the
 * whole council's feed and each committee's hold exactly their public
 * meetings, at the right instants in the council's zone, with stable UIDs,
 * links, venues; a meeting cancelled after it was published stays in the feed
 * as CANCELLED with a higher SEQUENCE; nothing confidential is in any feed; a
 * configured public address gives the UIDs and links their host.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import ICAL from 'ical.js';
import { AgendaItem, Meeting, apiPaths } from '../../common/wire.ts';
import { publicPaths } from '../../collab-server/public/public-paths.ts';
import {
  ALL_SECRET_WORDS, CANCELLATION_REASON, CONFIDENTIAL_TITLE, type PublicCouncil, startPublicCouncil,
} from '../support/public-council.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';

let council: PublicCouncil;
/** A second process over the same data, with a configured public address (started by the last test). */
let configured: ServerProcess | undefined;

before(async () => {
  council = await startPublicCouncil();
});

after(async () => {
  await configured?.stop();
  await council?.server.stop();
});

interface FeedEvent {
  uid: string;
  summary: string;
  start: Date;
  end: Date | null;
  startTimeZone: string;
  sequence: number;
  status: string | null;
  url: string | null;
  location: string | null;
  description: string | null;
  lastModified: Date | null;
  stamp: Date;
}

/** Parses a feed with ical.js, registering its VTIMEZONEs first, as a calendar client does. */
function parseFeed(text: string): { name: string | null; events: FeedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((component): FeedEvent => {
    const event = new ICAL.Event(component);
    const text = (name: string) => {
      const value = component.getFirstPropertyValue(name);
      return value === null ? null : String(value);
    };
    const time = (name: string) => {
      const value = component.getFirstPropertyValue(name);
      return value instanceof ICAL.Time ? value.toJSDate() : null;
    };
    return {
      uid: event.uid,
      summary: event.summary,
      start: event.startDate.toJSDate(),
      end: component.hasProperty('dtend') ? event.endDate.toJSDate() : null,
      startTimeZone: String(component.getFirstProperty('dtstart')?.getParameter('tzid') ?? ''),
      sequence: event.sequence,
      status: text('status'),
      url: text('url'),
      location: event.location,
      description: event.description,
      lastModified: time('last-modified'),
      stamp: time('dtstamp')!,
    };
  });
  return { name: calendar.getFirstPropertyValue('x-wr-calname') as string | null, events };
}

/** GET with a Host header of our choosing (fetch does not let a caller set Host). */
function getWithHost(url: URL, hostHeader: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { host: hostHeader } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(body));
    });
    request.on('error', reject);
  });
}

async function fetchFeed(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(new URL(path, baseUrl), { headers });
}

async function feedOf(baseUrl: string, path: string): Promise<{ text: string; etag: string; events: FeedEvent[]; name: string | null }> {
  const response = await fetchFeed(baseUrl, path);
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  assert.match(response.headers.get('content-type') ?? '', /^text\/calendar; charset=utf-8/);
  assert.ok(response.headers.get('last-modified'));
  assert.match(response.headers.get('cache-control') ?? '', /public/);
  const text = await response.text();
  return { text, etag: response.headers.get('etag')!, ...parseFeed(text) };
}

const host = () => new URL(council.server.url).hostname;
const byUid = (events: FeedEvent[]) => new Map(events.map((event) => [event.uid, event]));

test('the council feed holds every public meeting, each at its instant in Europe/London, with link, venue and version', async () => {
  const { planningPast, planningUpcoming, licensingCancelled } = council.meetings;
  const feed = await feedOf(council.server.url, publicPaths.councilCalendar);
  assert.equal(feed.events.length, 3);
  const events = byUid(feed.events);
  for (const meeting of [planningPast, planningUpcoming, licensingCancelled]) {
    const event = events.get(`${meeting.id}@${host()}`);
    assert.ok(event, `no event for ${meeting.id}`);
    assert.equal(event.start.toISOString(), meeting.startsAt);
    assert.equal(event.end?.toISOString() ?? null, meeting.endsAt);
    assert.equal(event.startTimeZone, 'Europe/London');
    assert.equal(event.sequence, meeting.publishedVersion);
    assert.equal(event.url, new URL(publicPaths.meeting(meeting.id), council.server.url).href);
    assert.equal(event.location, meeting.venue);
    assert.ok(event.lastModified && event.lastModified.getTime() === event.stamp.getTime(), 'DTSTAMP is when the meeting last changed');
  }
  // November is GMT: the local time in the feed is the UTC time.
  assert.match(feed.text, new RegExp(`DTSTART;TZID=Europe/London:20251112T183000`));
  const past = events.get(`${planningPast.id}@${host()}`)!;
  assert.equal(past.summary, 'Planning Committee');
  assert.equal(past.status, 'CONFIRMED');
  assert.ok(past.sequence >= 2, 'the past meeting was republished after its agenda (decisions, minutes): a higher SEQUENCE');
  assert.match(past.description ?? '', /Agenda, papers and decisions: http/);

  const cancelled = events.get(`${licensingCancelled.id}@${host()}`)!;
  assert.equal(cancelled.status, 'CANCELLED');
  assert.equal(cancelled.summary, 'Cancelled: Licensing Committee');
  assert.match(cancelled.description ?? '', new RegExp(`Cancelled: ${CANCELLATION_REASON}`));
  assert.match(feed.name ?? '', /meetings/);
});

test("each committee's feed holds its own meetings only; an unknown committee is 404", async () => {
  const { planning, licensing } = council.committees;
  const planningFeed = await feedOf(council.server.url, publicPaths.committeeCalendar(planning.id));
  assert.deepEqual(
    planningFeed.events.map((event) => event.uid).sort(),
    [council.meetings.planningPast.id, council.meetings.planningUpcoming.id].map((id) => `${id}@${host()}`).sort(),
  );
  assert.match(planningFeed.name ?? '', /Planning Committee/);
  const licensingFeed = await feedOf(council.server.url, publicPaths.committeeCalendar(licensing.id));
  assert.deepEqual(licensingFeed.events.map((event) => event.uid), [`${council.meetings.licensingCancelled.id}@${host()}`]);
  assert.equal((await fetchFeed(council.server.url, publicPaths.committeeCalendar('no-such-committee'))).status, 404);
});

test('nothing confidential reaches a feed: no secret words, no exempt item, no paper', async () => {
  for (const path of [publicPaths.councilCalendar, publicPaths.committeeCalendar(council.committees.planning.id), publicPaths.committeeCalendar(council.committees.licensing.id)]) {
    const { text } = await feedOf(council.server.url, path);
    const unfolded = text.replace(/\r\n[ \t]/g, '');
    for (const word of [...ALL_SECRET_WORDS, CONFIDENTIAL_TITLE]) assert.ok(!unfolded.includes(word), `${path} holds "${word}"`);
    for (const paper of Object.values(council.papers)) assert.ok(!unfolded.includes(paper.document.id), `${path} names a paper`);
  }
});

test('a meeting cancelled after publication becomes CANCELLED with a higher SEQUENCE; the old ETag no longer matches', async () => {
  const { clerk } = council;
  // A summer meeting: British Summer Time, so the feed's local time is an hour after UTC.
  const meeting = Meeting.parse(
    await clerk.post(apiPaths.meetings, { committeeId: council.committees.licensing.id, title: 'Licensing Sub-Committee', startsAt: '2027-07-01T17:30:00.000Z', venue: 'Committee Room 1' }),
  );
  AgendaItem.parse(await clerk.post(apiPaths.meetingItems(meeting.id), { title: 'Application for a premises licence' }));
  const published = Meeting.parse(await clerk.post(apiPaths.publish(meeting.id), { changeNote: 'Agenda published' }));
  const uid = `${meeting.id}@${host()}`;

  const before = await feedOf(council.server.url, publicPaths.councilCalendar);
  const scheduled = byUid(before.events).get(uid);
  assert.ok(scheduled, 'a newly published meeting is in the feed');
  assert.equal(scheduled.status, 'CONFIRMED');
  assert.equal(scheduled.sequence, published.publishedVersion);
  assert.equal(scheduled.start.toISOString(), '2027-07-01T17:30:00.000Z');
  assert.match(before.text, /DTSTART;TZID=Europe\/London:20270701T183000/);
  assert.equal((await fetchFeed(council.server.url, publicPaths.councilCalendar, { 'if-none-match': before.etag })).status, 304);

  const cancelled = Meeting.parse(await clerk.post(apiPaths.meetingCancel(meeting.id), { reason: 'The applicant withdrew' }));
  assert.equal(cancelled.state, 'cancelled');
  const revalidated = await fetchFeed(council.server.url, publicPaths.councilCalendar, { 'if-none-match': before.etag });
  assert.equal(revalidated.status, 200, 'the feed changed, so the old ETag is not current');
  const after = parseFeed(await revalidated.text());
  const event = byUid(after.events).get(uid);
  assert.ok(event, 'a cancelled meeting stays in the feed, so calendars can mark it');
  assert.equal(event.status, 'CANCELLED');
  assert.ok(event.sequence > scheduled.sequence, `SEQUENCE ${event.sequence} after ${scheduled.sequence}`);
  assert.equal(event.sequence, cancelled.publishedVersion);
  assert.match(event.description ?? '', /Cancelled: The applicant withdrew/);
  assert.equal(event.start.toISOString(), scheduled.start.toISOString());
});

test('with --public-base-url the UIDs and links carry the public host, whatever address the feed is fetched from', async () => {
  await council.server.stop();
  configured = await startServerProcess({ dataDir: council.server.dataDir, extraArgs: ['--public-base-url', 'https://meetings.example.gov.uk/'] });
  const first = await feedOf(configured.url, publicPaths.councilCalendar);
  const meeting = council.meetings.planningUpcoming;
  const event = byUid(first.events).get(`${meeting.id}@meetings.example.gov.uk`);
  assert.ok(event, 'the UID uses the configured host');
  assert.equal(event.url, `https://meetings.example.gov.uk${publicPaths.meeting(meeting.id)}`);
  // Asked under another name (as through a different address or proxy): the same feed, byte for byte.
  assert.equal(await getWithHost(new URL(publicPaths.councilCalendar, configured.url), 'calendar.other-name.example'), first.text);
});
