/**
 * HTTP caching for everything public (pages, feeds, open data, files): a
 * strong ETag, Last-Modified, Cache-Control, and 304 Not Modified for
 * conditional requests (RFC 9110 §13, RFC 9111), so that a council can put a
 * CDN or a plain reverse proxy in front when its residents arrive in numbers,
 * and so that a returning browser costs us one cheap comparison.
 *
 * Use `sendCacheable` for a body held in memory. For a streamed body (a file),
 * call `answerIfNotModified` first and stream only when it answers false.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Cache-Control values for the public side, and why:
 * - pages and feeds change when the clerk publishes; a minute of staleness is
 *   harmless to a resident and lets a proxy absorb a rush (everyone opening
 *   tonight's agenda), and `stale-while-revalidate` lets a CDN keep answering
 *   from its copy while it asks us again with If-None-Match (a 304 here).
 * - open data clients poll with `modified_since`; the same minute applies.
 * - a file's bytes never change under one version (its URL names the paper,
 *   the ETag is its SHA-256), but a paper can be withdrawn or replaced, so a
 *   file is fresh for an hour, not forever, and is revalidated after that.
 * All are `public`: nothing on the public side depends on who asks.
 */
export const publicCacheControl = {
  page: 'public, max-age=60, stale-while-revalidate=300',
  feed: 'public, max-age=60, stale-while-revalidate=300',
  openData: 'public, max-age=60, stale-while-revalidate=300',
  file: 'public, max-age=3600, stale-while-revalidate=86400',
} as const;

export interface CacheValidators {
  /** A strong entity tag, quoted (`strongEtag` makes one). */
  etag: string;
  /** When the content last changed (an ISO string from the record, or a Date); sent with second precision. */
  lastModified?: string | Date | undefined;
  /** Defaults to `publicCacheControl.page`. */
  cacheControl?: string | undefined;
  /**
   * Request headers the body depends on. Public content depends on none (no
   * sign-in, no cookies, no content negotiation, no compression here), so by
   * default no Vary is sent and one cached copy serves everyone; a response
   * that does negotiate must name the headers it read.
   */
  vary?: readonly string[] | undefined;
}

export interface CacheableBody extends CacheValidators {
  contentType: string;
  body: string | Buffer;
  /** Further headers for both the 200 and the 304 (e.g. Content-Security-Policy). */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** A strong ETag (quoted) over the given parts: the body itself, or a version and a key that together decide it. */
export function strongEtag(...parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'string' ? Buffer.from(part, 'utf8') : part);
    // A separator, so ('ab', 'c') and ('a', 'bc') differ.
    hash.update('\0');
  }
  return `"${hash.digest('base64url').slice(0, 32)}"`;
}

/** The time as an HTTP date (IMF-fixdate), or undefined when it is not a valid time. */
export function httpDate(time: string | Date): string | undefined {
  const date = typeof time === 'string' ? new Date(time) : time;
  return Number.isNaN(date.getTime()) ? undefined : date.toUTCString();
}

/** The `If-None-Match` list (entity tags without their weak prefix), or '*'. */
function parseIfNoneMatch(header: string): string[] | '*' {
  if (header.trim() === '*') return '*';
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).map((tag) => tag.replace(/^W\//, ''));
}

export interface ConditionalHeaders {
  'if-none-match'?: string | string[] | undefined;
  'if-modified-since'?: string | string[] | undefined;
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(',') : value);

/**
 * True when a GET/HEAD with these headers may be answered 304 for a resource
 * with these validators (RFC 9110 §13.2.2): If-None-Match decides when
 * present (weak comparison, as the standard prescribes for it); otherwise
 * If-Modified-Since, compared at the one-second precision HTTP dates have.
 */
export function isNotModified(headers: ConditionalHeaders, validators: Pick<CacheValidators, 'etag' | 'lastModified'>): boolean {
  const ifNoneMatch = single(headers['if-none-match']);
  if (ifNoneMatch !== undefined) {
    const tags = parseIfNoneMatch(ifNoneMatch);
    return tags === '*' || tags.includes(validators.etag.replace(/^W\//, ''));
  }
  const ifModifiedSince = single(headers['if-modified-since']);
  if (ifModifiedSince === undefined || validators.lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = new Date(validators.lastModified).getTime();
  if (Number.isNaN(since) || Number.isNaN(modified)) return false;
  return Math.floor(modified / 1000) <= Math.floor(since / 1000);
}

/** Sets ETag, Last-Modified, Cache-Control and Vary on a reply (both for 200 and for 304). */
export function setCacheHeaders(reply: FastifyReply, validators: CacheValidators): FastifyReply {
  reply.header('etag', validators.etag);
  const lastModified = validators.lastModified === undefined ? undefined : httpDate(validators.lastModified);
  if (lastModified) reply.header('last-modified', lastModified);
  reply.header('cache-control', validators.cacheControl ?? publicCacheControl.page);
  if (validators.vary?.length) reply.header('vary', validators.vary.join(', '));
  return reply;
}

/**
 * Sets the cache headers and, when the request's conditions show the client
 * already holds this version, answers 304 with no body and returns true. The
 * caller then returns the reply; otherwise it sends the body (or a stream).
 */
export function answerIfNotModified(request: FastifyRequest, reply: FastifyReply, validators: CacheValidators): boolean {
  setCacheHeaders(reply, validators);
  const method = request.method;
  if ((method === 'GET' || method === 'HEAD') && isNotModified(request.headers, validators)) {
    reply.code(304).send();
    return true;
  }
  return false;
}

/** Answers with the body and its cache headers, or 304 when the client's copy is current. */
export function sendCacheable(request: FastifyRequest, reply: FastifyReply, response: CacheableBody): FastifyReply {
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
  if (answerIfNotModified(request, reply, response)) return reply;
  return reply.code(200).type(response.contentType).send(response.body);
}
