/**
 * The public site's address, for absolute links (open data ids, calendar
 * feeds): the `baseUrl` setting when the council set one (the address residents
 * use, e.g. behind a reverse proxy or CDN); otherwise the request's own scheme
 * and Host (X-Forwarded-Proto/-Host only from a trusted proxy, which Fastify
 * decides with `trustProxy`). Open data needs one canonical address per object,
 * so a council that serves the public side under several names sets baseUrl.
 */
import type { FastifyRequest } from 'fastify';
import type { PublicSettings } from './public-settings.ts';

/** A Host header as browsers send it: a name or IPv4/IPv6 address, an optional port, nothing else. */
const hostHeader = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `https://meetings.example.gov.uk` (no trailing slash), or undefined when the request names no usable host. */
export function publicBaseUrl(settings: Pick<PublicSettings, 'baseUrl'>, request: FastifyRequest): string | undefined {
  if (settings.baseUrl) return settings.baseUrl;
  const host = request.host;
  if (!host || !hostHeader.test(host)) return undefined;
  const protocol = request.protocol === 'https' ? 'https' : 'http';
  return `${protocol}://${host.toLowerCase()}`;
}
