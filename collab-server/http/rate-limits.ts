/**
 * Requests per minute per client address (@fastify/rate-limit, in memory):
 * one limit for every route, WebSocket upgrades included (each connection is
 * one request, its messages are not counted), and a stricter one for sign-in.
 * A client over the limit gets 429 `rate-limited` with Retry-After. The
 * address is the TCP peer's, or the X-Forwarded-For client's when the peer is
 * a trusted proxy (`--trust-proxy`); IPv6 addresses count per /64.
 */
import fastifyRateLimit, { type RateLimitOptions, normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';
import type { ZodApp } from './context.ts';

export interface RateLimits {
  /** Requests per minute per client to any route. */
  apiPerMinute: number;
  /** Sign-in attempts per minute per client (instead of the general limit). */
  loginPerMinute: number;
}

/**
 * Generous for people: a desktop's first sync of a large council downloads each
 * paper once and backs off on 429, and a council office behind one NAT address
 * shares the limits (raise them there). Tight for a script hammering the server.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = { apiPerMinute: 3000, loginPerMinute: 60 };

const MINUTE_MS = 60_000;

/** The client a request counts against: its address as the limits see it. */
export function clientAddress(request: FastifyRequest): string {
  return normalizeIP(request.ip);
}

export async function registerRateLimits(app: ZodApp, limits: RateLimits): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: true,
    max: limits.apiPerMinute,
    timeWindow: MINUTE_MS,
    keyGenerator: clientAddress,
    errorResponseBuilder: (_request, context) => new HttpError(context.statusCode, 'rate-limited', `Too many requests; try again in ${context.after}`),
  });
}

/** The route config of the sign-in route. */
export function loginRateLimit(limits: RateLimits): RateLimitOptions {
  return { max: limits.loginPerMinute, timeWindow: MINUTE_MS };
}
