/**
 * The public pages: server-rendered HTML that anyone may read without signing
 * in (publicPaths), with one stylesheet and no scripts. Every page is cached
 * as rendered until the public record changes (PageCache keyed by
 * publicRecordVersion), answers conditional requests with 304, and carries a
 * strict Content-Security-Policy. The general rate limit applies to them as
 * to every route (it is registered before any route, for all of them).
 */
import { readFileSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerContext, ZodApp } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { publicCacheControl, sendCacheable, strongEtag } from './http-caching.ts';
import { paperSavedReport } from './paper-saved.ts';
import { publicPaths } from './public-paths.ts';
import { findPublicBody, publicRecordVersion } from './public-record.ts';
import { renderCommitteePage, renderCommitteesPage, renderMeetingsPage } from './pages/committee-pages.tsx';
import { renderHomePage } from './pages/home-page.tsx';
import type { Site } from './pages/layout.tsx';
import { renderMeetingPage } from './pages/meeting-page.tsx';
import { renderNotFoundPage } from './pages/not-found-page.tsx';
import { PageCache, type PageCacheLimits } from './pages/page-cache.ts';
import { PaperSavedSummary, renderPaperSavedPage } from './pages/paper-saved-page.tsx';
import { renderPersonPage } from './pages/person-page.tsx';
import { type RenderedPage, latestTime } from './pages/rendered-page.ts';
import { renderSearchPage } from './pages/search-page.tsx';

/** No scripts, no frames, no foreign anything: the pages need only their own stylesheet. */
export const PUBLIC_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const securityHeaders = {
  'content-security-policy': PUBLIC_CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
} as const;

const HTML = 'text/html; charset=utf-8';

/** Ids in public URLs: anything else is simply not found (the 404 page), not a JSON error. */
const IdParam = z.string().min(1).max(200);
/** What a person may type into the search box (the box allows 200 characters; longer is cut). */
const SearchParams = z.object({ q: z.string().max(2000).optional() }).passthrough();

/** A public path built with `:param` placeholders, as a route pattern (the path builders encode the colon). */
const routeOf = (path: string): string => decodeURIComponent(path);

/** Paths whose callers are programs, not people: a 404 there stays the API's JSON error. */
const programPaths = /^\/(api|oparl|yjs)(\/|$)/;

export interface PublicRoutesOptions {
  pageCache?: PageCacheLimits;
}

export function registerPublicRoutes(app: ZodApp, ctx: ServerContext, options: PublicRoutesOptions = {}): void {
  /** Pages may have changed when the server started (a new version, other settings): Last-Modified never predates it. */
  const startedAt = new Date().toISOString();
  const cache = new PageCache(options.pageCache);
  const stylesheet = readFileSync(new URL('./pages/public.css', import.meta.url));
  const stylesheetEtag = strongEtag(stylesheet);
  const stylesheetUrl = `${publicPaths.stylesheet}?v=${stylesheetEtag.slice(1, 13)}`;

  const site = (): Site => ({
    councilName: findPublicBody(ctx.db)?.name ?? 'Council',
    timeZone: ctx.publicSettings.timeZone,
    stylesheetUrl,
  });

  /** The 404 page of this record version (rendered once per version). */
  const notFound = (reply: FastifyReply): FastifyReply => {
    const version = publicRecordVersion(ctx.db);
    let page = cache.get(version, 'not-found', Date.now());
    if (!page) {
      const body = Buffer.from(renderNotFoundPage(site()));
      page = { body, etag: strongEtag(body), lastModified: startedAt };
      cache.set(version, 'not-found', page);
    }
    // A short public lifetime: a proxy absorbs repeated misses, and a page published later appears within a minute.
    return reply.code(404).headers(securityHeaders).header('cache-control', 'public, max-age=60').type(HTML).send(page.body);
  };

  /** Answers from the cache, or renders (once per record version and key) and caches. */
  const servePage = (request: FastifyRequest, reply: FastifyReply, key: string, render: (site: Site, now: number) => RenderedPage | undefined): FastifyReply => {
    const version = publicRecordVersion(ctx.db);
    const now = Date.now();
    let page = cache.get(version, key, now);
    if (!page) {
      const rendered = render(site(), now);
      if (!rendered) return notFound(reply);
      const body = Buffer.from(rendered.html);
      page = {
        body,
        etag: strongEtag(body),
        lastModified: latestTime(rendered.lastModified, startedAt),
        ...(rendered.validUntil === undefined ? {} : { validUntil: rendered.validUntil }),
      };
      cache.set(version, key, page);
    }
    return sendCacheable(request, reply, {
      etag: page.etag,
      lastModified: page.lastModified,
      cacheControl: publicCacheControl.page,
      contentType: HTML,
      body: page.body,
      headers: securityHeaders,
    });
  };

  const paperSaved = () => paperSavedReport(ctx.db, ctx.publicSettings);

  app.get(publicPaths.home, { schema: { hide: true } }, async (request, reply) =>
    servePage(request, reply, 'home', (site, now) => renderHomePage(ctx.db, site, now, PaperSavedSummary({ report: paperSaved(), site }))),
  );
  app.get(publicPaths.committees, { schema: { hide: true } }, async (request, reply) =>
    servePage(request, reply, 'committees', (site, now) => renderCommitteesPage(ctx.db, site, now)),
  );
  app.get(routeOf(publicPaths.committee(':committeeId')), { schema: { hide: true, params: z.object({ committeeId: IdParam }) } }, async (request, reply) =>
    servePage(request, reply, `committee:${request.params.committeeId}`, (site, now) => renderCommitteePage(ctx.db, site, now, request.params.committeeId)),
  );
  app.get(publicPaths.meetings, { schema: { hide: true } }, async (request, reply) =>
    servePage(request, reply, 'meetings', (site, now) => renderMeetingsPage(ctx.db, site, now)),
  );
  app.get(routeOf(publicPaths.meeting(':meetingId')), { schema: { hide: true, params: z.object({ meetingId: IdParam }) } }, async (request, reply) =>
    servePage(request, reply, `meeting:${request.params.meetingId}`, (site) => renderMeetingPage(ctx.db, site, request.params.meetingId)),
  );
  app.get(routeOf(publicPaths.person(':personId')), { schema: { hide: true, params: z.object({ personId: IdParam }) } }, async (request, reply) =>
    servePage(request, reply, `person:${request.params.personId}`, (site) => renderPersonPage(ctx.db, site, request.params.personId)),
  );
  app.get(publicPaths.search, { schema: { hide: true, querystring: SearchParams } }, async (request, reply) => {
    const query = (request.query.q ?? '').slice(0, 200);
    return servePage(request, reply, `search:${query}`, (site) => renderSearchPage(ctx.db, site, query));
  });
  app.get(publicPaths.paperSaved, { schema: { hide: true } }, async (request, reply) =>
    servePage(request, reply, 'paper-saved', (site) => renderPaperSavedPage(ctx.db, site, paperSaved())),
  );
  app.get(publicPaths.stylesheet, { schema: { hide: true } }, async (request, reply) =>
    sendCacheable(request, reply, {
      etag: stylesheetEtag,
      lastModified: startedAt,
      // Pages link it with its version in the query, so a new stylesheet is a new URL.
      cacheControl: request.url === stylesheetUrl ? 'public, max-age=31536000, immutable' : publicCacheControl.file,
      contentType: 'text/css; charset=utf-8',
      body: stylesheet,
      headers: { 'x-content-type-options': 'nosniff' },
    }),
  );

  // Anything else a browser asks for gets the public 404 page; programs keep the API's JSON error.
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (programPaths.test(path) || !request.headers.accept?.includes('text/html')) {
      throw new HttpError(404, 'not-found', `No route ${request.method} ${path}`);
    }
    return notFound(reply);
  });
}
