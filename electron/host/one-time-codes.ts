/**
 * Browser mode's one-time codes: what the launcher prints and hands the
 * opener instead of the bridge token. Any user of the machine can read a
 * process's command line, so what appears there must be worthless soon: a
 * code is 256 random bits, works once, and only within its lifetime.
 */
import { createHash, randomBytes } from 'node:crypto';

/** The issue's bound: a printed link is useless after a minute at the latest. */
export const maxCodeLifetimeMs = 60_000;
/** Spent codes remembered to tell "used twice" from "unknown"; the oldest are forgotten first. */
const spentRemembered = 1000;

export type Redemption = 'valid' | 'already-used' | 'expired-or-unknown';

/** Kept by digest, so the lookup's timing says nothing about a code (a hash prefix is of no use to a guesser). */
function digestOf(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

export class OneTimeCodes {
  /** Digest → when it expires (ms since the epoch). */
  private readonly expiries = new Map<string, number>();
  private readonly spent = new Set<string>();

  constructor(readonly lifetimeMs: number = maxCodeLifetimeMs) {
    if (!(lifetimeMs > 0 && lifetimeMs <= maxCodeLifetimeMs)) throw new RangeError(`A code lifetime must be 1 to ${maxCodeLifetimeMs} ms`);
  }

  issue(): string {
    this.forgetExpired();
    const code = randomBytes(32).toString('base64url');
    this.expiries.set(digestOf(code), Date.now() + this.lifetimeMs);
    return code;
  }

  /** 'valid' once for a code issued less than its lifetime ago; the code is spent either way. */
  redeem(code: string): Redemption {
    const key = digestOf(code);
    if (this.spent.has(key)) return 'already-used';
    const expiresAt = this.expiries.get(key);
    if (expiresAt === undefined) return 'expired-or-unknown';
    this.expiries.delete(key);
    this.spent.add(key);
    if (this.spent.size > spentRemembered) this.spent.delete(this.spent.values().next().value as string);
    return Date.now() < expiresAt ? 'valid' : 'expired-or-unknown';
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [key, expiresAt] of this.expiries) if (expiresAt <= now) this.expiries.delete(key);
  }
}
