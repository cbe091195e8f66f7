/**
 * iCalendar feeds (RFC 5545) of the public meetings: the whole council's at
 * publicPaths.councilCalendar and each committee's at
 * publicPaths.committeeCalendar, made with ical-generator, read only from the
 * public record. A resident subscribes once; their calendar follows:
 * - UID `<meeting id>@<public host>`: the same meeting is the same event in
 *   every feed and on every refresh (set `--public-base-url`, so the host does
 *   not depend on the address a feed was fetched from);
 * - SEQUENCE is the meeting's published version, bumped by every
 *   republication (a change of time, venue or papers, a cancellation);
 * - a cancelled meeting stays, with STATUS:CANCELLED and the reason; a
 *   postponed one is TENTATIVE with the reason;
 * - DTSTAMP and LAST-MODIFIED are when the meeting last changed in the public
 *   record (RFC 5545 §3.8.7.2: in a published calendar, DTSTAMP is when the
 *   information was last revised), so the feed's bytes change only when the
 *   record does and the ETag holds;
 * - start and end are in the council's time zone (TZID with its VTIMEZONE), so
 *   a meeting keeps its local time across daylight-saving changes; a meeting
 *   with no end time has none (RFC 5545: it ends as it starts).
 * Nothing confidential: exempt items are not in the feeds at all.
 */
import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { ICalCalendar, ICalEventStatus } from 'ical-generator';
import { z } from 'zod';
import { Id } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';
import type { ServerContext, ZodApp } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { publicCacheControl, sendCacheable, strongEtag } from './http-caching.ts';
import { publicPaths } from './public-paths.ts';
import { type PublicMeeting, findPublicBody, findPublicCommittee, listPublicMeetings, listPublicTombstones, publicRecordVersion } from './public-record.ts';
import { publicBaseUrl } from './public-base-url.ts';
import type { PublicSettings } from './public-settings.ts';

/** How often a subscribed calendar should look again (REFRESH-INTERVAL / X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 60 * 60;

export interface CalendarFeed {
  body: string;
  etag: string;
  lastModified: string;
}

const latest = (times: readonly string[]) => times.reduce((a, b) => (b > a ? b : a), '') || new Date(0).toISOString();

function summaryOf(meeting: PublicMeeting, showCommittee: boolean): string {
  const title = showCommittee && !meeting.title.includes(meeting.committeeName) ? `${meeting.title} (${meeting.committeeName})` : meeting.title;
  if (meeting.state === 'cancelled') return `Cancelled: ${title}`;
  if (meeting.state === 'postponed') return `Postponed: ${title}`;
  return title;
}

function statusOf(meeting: PublicMeeting): ICalEventStatus {
  if (meeting.state === 'cancelled') return ICalEventStatus.CANCELLED;
  if (meeting.state === 'postponed') return ICalEventStatus.TENTATIVE;
  return ICalEventStatus.CONFIRMED;
}

function descriptionOf(meeting: PublicMeeting, pageUrl: string): string {
  const lines: string[] = [];
  // The change note of a cancelled or postponed meeting is its reason (apiPaths.meetingCancel / meetingPostpone).
  if ((meeting.state === 'cancelled' || meeting.state === 'postponed') && meeting.changeNote) {
    lines.push(`${meeting.state === 'cancelled' ? 'Cancelled' : 'Postponed'}: ${meeting.changeNote}`);
  }
  lines.push(`${meeting.committeeName}. Agenda, papers and decisions: ${pageUrl}`);
  return lines.join('\n');
}

/**
 * The feed of the whole council (committeeId undefined) or of one committee,
 * with links under `baseUrl`; undefined when the committee does not exist.
 */
export function buildCalendarFeed(db: Db, settings: PublicSettings, baseUrl: string, committeeId?: string): CalendarFeed | undefined {
  const councilName = findPublicBody(db)?.name ?? 'Council';
  const committee = committeeId === undefined ? undefined : findPublicCommittee(db, committeeId);
  if (committeeId !== undefined && !committee) return undefined;
  const meetings = listPublicMeetings(db, committeeId === undefined ? {} : { committeeId });
  const host = new URL(baseUrl).hostname;
  // A zone the VTIMEZONE library lacks would leave TZIDs undefined for clients: fall back to UTC times then.
  const timeZone = getVtimezoneComponent(settings.timeZone) ? settings.timeZone : null;

  const calendar = new ICalCalendar({
    prodId: { company: 'Chamber', product: 'Chamber public meetings', language: 'EN' },
    name: committee ? `${committee.name} – ${councilName}` : `${councilName}: meetings`,
    description: committee ? `Public meetings of ${councilName}'s ${committee.name}.` : `Public meetings of ${councilName}'s committees.`,
    url: baseUrl + (committee ? publicPaths.committee(committee.id) : publicPaths.meetings),
    ttl: REFRESH_SECONDS,
  });
  // The calendar itself has no zone (DTSTAMP and LAST-MODIFIED stay UTC, as RFC 5545 requires); events carry theirs.
  if (timeZone) {
    calendar.timezone({ name: null, generator: getVtimezoneComponent });
    calendar.x('X-WR-TIMEZONE', timeZone);
  }
  const at = (iso: string) => (timeZone ? new TZDate(iso, timeZone) : new Date(iso));
  for (const meeting of meetings) {
    const pageUrl = baseUrl + publicPaths.meeting(meeting.id);
    calendar.createEvent({
      id: `${meeting.id}@${host}`,
      sequence: meeting.publishedVersion,
      start: at(meeting.startsAt),
      end: meeting.endsAt ? at(meeting.endsAt) : null,
      timezone: timeZone,
      summary: summaryOf(meeting, committee === undefined),
      description: descriptionOf(meeting, pageUrl),
      location: meeting.venue,
      url: pageUrl,
      status: statusOf(meeting),
      stamp: new Date(meeting.modifiedAt),
      lastModified: new Date(meeting.modifiedAt),
    });
  }
  const body = calendar.toString();
  const removals = listPublicTombstones(db, 'meeting').filter((tombstone) => committeeId === undefined || tombstone.committeeId === committeeId);
  return {
    body,
    etag: strongEtag(body),
    lastModified: latest([
      ...meetings.map((meeting) => meeting.modifiedAt),
      ...removals.map((tombstone) => tombstone.deletedAt),
      ...(committee ? [committee.modifiedAt] : []),
    ]),
  };
}

/** Feeds built for the current record, by committee (or the council) and base URL: a feed is built once per change. */
class FeedCache {
  private version = '';
  private readonly feeds = new Map<string, CalendarFeed | undefined>();
  /** Distinct (feed, base URL) pairs kept at once: every committee's feed for a few addresses. */
  private static readonly MAX_ENTRIES = 256;

  get(db: Db, settings: PublicSettings, baseUrl: string, committeeId?: string): CalendarFeed | undefined {
    const version = publicRecordVersion(db);
    if (version !== this.version) {
      this.version = version;
      this.feeds.clear();
    }
    const key = `${committeeId ?? ''}\n${baseUrl}`;
    if (this.feeds.has(key)) return this.feeds.get(key);
    const feed = buildCalendarFeed(db, settings, baseUrl, committeeId);
    if (this.feeds.size >= FeedCache.MAX_ENTRIES) this.feeds.delete(this.feeds.keys().next().value!);
    this.feeds.set(key, feed);
    return feed;
  }
}

const CommitteeParams = z.object({ committeeId: Id });

export function registerCalendarRoutes(app: ZodApp, ctx: ServerContext): void {
  const cache = new FeedCache();
  const send = (request: Parameters<typeof sendCacheable>[0], reply: Parameters<typeof sendCacheable>[1], committeeId?: string) => {
    const baseUrl = publicBaseUrl(ctx.publicSettings, request);
    if (!baseUrl) throw new HttpError(400, 'bad-host', 'The Host header is not a host name');
    const feed = cache.get(ctx.db, ctx.publicSettings, baseUrl, committeeId);
    if (!feed) throw new HttpError(404, 'not-found', 'No such committee');
    return sendCacheable(request, reply, {
      etag: feed.etag,
      lastModified: feed.lastModified,
      cacheControl: publicCacheControl.feed,
      contentType: 'text/calendar; charset=utf-8',
      body: feed.body,
      headers: { 'content-disposition': `inline; filename="${committeeId === undefined ? 'council' : 'committee'}-meetings.ics"` },
    });
  };
  app.get(publicPaths.councilCalendar, { schema: { hide: true } }, async (request, reply) => send(request, reply));
  // publicPaths.committeeCalendar as a route pattern (the path function would encode the colon).
  app.get('/committees/:committeeId/calendar.ics', { schema: { params: CommitteeParams, hide: true } }, async (request, reply) =>
    send(request, reply, request.params.committeeId),
  );
}
