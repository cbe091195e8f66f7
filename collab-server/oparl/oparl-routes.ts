/**
 * OParl 1.1 open data under /oparl/v1.1 (publicPaths.oparlSystem), no sign-in:
 * the System object is the entry point; every object answers at its `id`,
 * deleted ones too (200, `deleted: true`); external lists page with `data`,
 * `pagination` and `links`, keep the client's filters in every link, and list
 * deleted objects only when `modified_since` is given.
 *
 * Every response here (objects, lists, errors, 404s, 429s) carries
 * `Access-Control-Allow-Origin: *`, errors are OParl Error objects, and answers
 * carry ETag/Last-Modified/Cache-Control with 304 for conditional requests.
 * Pages are cached per version of the public record: a repeated request costs
 * a version check and a map lookup.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { ServerContext, ZodApp } from '../http/context.ts';
import { HttpError } from '../http/errors.ts';
import { publicBaseUrl } from '../public/public-base-url.ts';
import { publicCacheControl, sendCacheable, strongEtag } from '../public/http-caching.ts';
import { publicRecordVersion } from '../public/public-record.ts';
import { FilterDateTime, OPARL_ROOT, epochSeconds, oparlType } from './oparl-format.ts';
import { BASE_PLACEHOLDER, type OparlEntry, type OparlSnapshot, buildOparlSnapshot } from './oparl-model.ts';

/** Entries per page: OParl recommends paging above 100; `limit` may ask for fewer. */
export const OPARL_PAGE_SIZE = 100;
/** Bytes of rendered responses kept per version of the record (pages and objects, per base URL and query); the oldest go first. */
const RESPONSE_CACHE_BYTES = 32 * 1024 * 1024;

const Count = (max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

/** The filters every list takes (OParl 1.1 "Filter"), in the fixed order links are written with. */
const ListQuery = z.object({
  created_since: FilterDateTime.optional(),
  created_until: FilterDateTime.optional(),
  modified_since: FilterDateTime.optional(),
  modified_until: FilterDateTime.optional(),
  omit_internal: z.enum(['true', 'false']).optional(),
  limit: Count(1_000_000).optional(),
  page: Count(1_000_000_000).optional(),
});
type ListQuery = z.infer<typeof ListQuery>;
const linkParameters = ['created_since', 'created_until', 'modified_since', 'modified_until', 'omit_internal', 'limit'] as const;

const JSON_TYPE = 'application/json; charset=utf-8';

interface CachedResponse {
  body: Buffer;
  etag: string;
  lastModified: string;
}

interface CachedSnapshot {
  snapshot: OparlSnapshot;
  responses: Map<string, CachedResponse>;
  responseBytes: number;
}

const snapshots = new WeakMap<Db, CachedSnapshot>();

/** The OParl view of the current public record, rebuilt only when the record changed. */
function currentSnapshot(ctx: ServerContext): CachedSnapshot {
  const version = publicRecordVersion(ctx.db);
  const cached = snapshots.get(ctx.db);
  if (cached?.snapshot.version === version) return cached;
  const fresh = { snapshot: buildOparlSnapshot(ctx.db, version, ctx.publicSettings.timeZone), responses: new Map<string, CachedResponse>(), responseBytes: 0 };
  snapshots.set(ctx.db, fresh);
  return fresh;
}

class OparlError extends HttpError {}

function sendOparlError(reply: FastifyReply, status: number, message: string, debug?: string): FastifyReply {
  const body = { type: oparlType('Error'), message, ...(debug ? { debug } : {}) };
  return reply.status(status).header('cache-control', 'no-store').type(JSON_TYPE).send(JSON.stringify(body));
}

export function registerOparlRoutes(app: ZodApp, ctx: ServerContext): void {
  void app.register(async (scope) => {
    // OParl "Cross-Origin Resource Sharing": on every JSON response, errors included, with or without Origin.
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('access-control-allow-origin', '*');
      return payload;
    });
    scope.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      const status = error instanceof HttpError ? error.status : typeof error.statusCode === 'number' && error.statusCode < 500 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, 'open data request failed');
      return sendOparlError(reply, status, status >= 500 ? 'Internal server error' : error.message);
    });

    // OParl is its own standard, documented in docs/api/README.md, not in the /api/v1 OpenAPI document.
    const hidden = { schema: { hide: true } };
    scope.get(OPARL_ROOT, hidden, async (request, reply) => answer(ctx, request, reply, ''));
    scope.get(`${OPARL_ROOT}/*`, hidden, async (request, reply) => {
      const rest = (request.params as { '*': string })['*'];
      if (rest === '') throw new OparlError(404, 'not-found', `The entry point is ${OPARL_ROOT}`);
      // Canonical form: each segment as encodeURIComponent writes it (ids never hold slashes).
      return answer(ctx, request, reply, rest.split('/').map(encodeURIComponent).join('/'));
    });
    // Everything else under /oparl answers as OParl does (with the CORS header): other versions, other methods.
    const elsewhere = ['/oparl', '/oparl/*'];
    for (const url of elsewhere) {
      scope.get(url, hidden, async (request) => {
        throw new OparlError(404, 'not-found', `Nothing at ${request.url.split('?')[0]}; the entry point is ${OPARL_ROOT}`);
      });
    }
    for (const url of [OPARL_ROOT, `${OPARL_ROOT}/*`, ...elsewhere]) {
      // A browser's preflight (a client sending custom headers): GET is always allowed, so no Allow-Methods is needed.
      scope.options(url, hidden, async (_request, reply) => reply.status(204).send());
      scope.route({
        method: ['POST', 'PUT', 'PATCH', 'DELETE'],
        url,
        ...hidden,
        handler: async (_request, reply) => {
          reply.header('allow', 'GET, HEAD, OPTIONS');
          throw new OparlError(405, 'method-not-allowed', 'Open data is read-only: use GET');
        },
      });
    }
  });
}

function answer(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, path: string): FastifyReply {
  const base = publicBaseUrl(ctx.publicSettings, request);
  if (!base) throw new OparlError(400, 'bad-host', 'The request has no usable Host header');
  const cache = currentSnapshot(ctx);
  const { snapshot, responses } = cache;
  const entry = snapshot.byPath.get(path);
  const listEntries = entry ? undefined : snapshot.lists.get(path);
  if (!entry && !listEntries) throw new OparlError(404, 'not-found', `No OParl object or list at ${OPARL_ROOT}/${path}`);

  let query: ListQuery = {};
  if (listEntries) {
    const parsed = ListQuery.safeParse(request.query);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new OparlError(400, 'invalid-filter', `Invalid list parameters: ${problems}`);
    }
    query = parsed.data;
  }
  // Objects take no parameters: their one canonical URL is their id.
  const key = listEntries ? `${base}\n${path}?${canonicalQuery(query, query.page)}` : `${base}\n${path}`;
  let response = responses.get(key);
  if (!response) {
    const rendered = entry ? { json: entry.json, lastModified: entry.modified } : renderPage(snapshot, path, listEntries!, query);
    response = {
      body: Buffer.from(rendered.json.replaceAll(BASE_PLACEHOLDER, JSON.stringify(base).slice(1, -1)), 'utf8'),
      etag: strongEtag(snapshot.version, key),
      lastModified: rendered.lastModified,
    };
    cache.responseBytes += response.body.byteLength;
    for (const [oldKey, old] of responses) {
      if (cache.responseBytes <= RESPONSE_CACHE_BYTES) break;
      responses.delete(oldKey);
      cache.responseBytes -= old.body.byteLength;
    }
    responses.set(key, response);
  }
  return sendCacheable(request, reply, {
    etag: response.etag,
    lastModified: response.lastModified,
    cacheControl: publicCacheControl.openData,
    contentType: JSON_TYPE,
    body: response.body,
  });
}

/** The list's parameters in their fixed order, with `page` when it is not the first. */
function canonicalQuery(query: ListQuery, page: number | undefined): string {
  const parts: string[] = [];
  for (const name of linkParameters) {
    const value = query[name];
    if (value !== undefined) parts.push(`${name}=${encodeURIComponent(String(value))}`);
  }
  if (page !== undefined && page > 1) parts.push(`page=${page}`);
  return parts.join('&');
}

function renderPage(snapshot: OparlSnapshot, path: string, entries: OparlEntry[], query: ListQuery): { json: string; lastModified: string } {
  const since = (value: string | undefined) => (value === undefined ? undefined : epochSeconds(value));
  const createdSince = since(query.created_since);
  const createdUntil = since(query.created_until);
  const modifiedSince = since(query.modified_since);
  const modifiedUntil = since(query.modified_until);
  const matching = entries.filter(
    (entry) =>
      // Deleted objects are listed if and only if modified_since is given (OParl 1.1 "Gelöschte Objekte").
      (!entry.deleted || modifiedSince !== undefined) &&
      (createdSince === undefined || entry.createdSeconds >= createdSince) &&
      (createdUntil === undefined || entry.createdSeconds <= createdUntil) &&
      (modifiedSince === undefined || entry.modifiedSeconds >= modifiedSince) &&
      (modifiedUntil === undefined || entry.modifiedSeconds <= modifiedUntil),
  );
  const perPage = Math.min(query.limit ?? OPARL_PAGE_SIZE, OPARL_PAGE_SIZE);
  const totalPages = Math.max(1, Math.ceil(matching.length / perPage));
  const page = query.page ?? 1;
  if (page > totalPages) throw new OparlError(404, 'no-such-page', `The list has ${totalPages} page(s); there is no page ${page}`);
  const data = matching.slice((page - 1) * perPage, page * perPage);
  const listUrl = `${BASE_PLACEHOLDER}${OPARL_ROOT}/${path}`;
  const link = (n: number) => {
    const queryString = canonicalQuery(query, n);
    return queryString ? `${listUrl}?${queryString}` : listUrl;
  };
  const omitInternal = query.omit_internal === 'true';
  const pagination = { totalElements: matching.length, elementsPerPage: perPage, currentPage: page, totalPages };
  const links = {
    first: link(1),
    ...(page > 1 ? { prev: link(page - 1) } : {}),
    self: link(page),
    ...(page < totalPages ? { next: link(page + 1) } : {}),
    last: link(totalPages),
  };
  const json = `{"data":[${data.map((entry) => (omitInternal ? entry.jsonOmitInternal() : entry.json)).join(',')}],"pagination":${JSON.stringify(pagination)},"links":${JSON.stringify(links)}}`;
  return { json, lastModified: snapshot.modified || snapshot.byPath.get('')!.modified };
}
