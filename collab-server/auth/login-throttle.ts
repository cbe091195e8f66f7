/**
 * Limits failed logins per account and per client address over a sliding
 * window, so passwords cannot be guessed quickly and one address cannot spray
 * many accounts. Only failures count: a council office behind one NAT address
 * can sign everybody in. Kept in memory: a restart forgives, which is fine for
 * a single-process server.
 */
export interface LoginThrottleLimits {
  /** Failed attempts allowed per account within the window. */
  perAccount: number;
  /** Failed attempts allowed per address within the window. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginThrottleLimits = { perAccount: 5, perAddress: 30, windowMs: 15 * 60 * 1000 };

export class LoginThrottle {
  private readonly failuresByAccount = new Map<string, number[]>();
  private readonly failuresByAddress = new Map<string, number[]>();

  constructor(private readonly limits: LoginThrottleLimits = DEFAULT_LOGIN_LIMITS) {}

  /** Seconds to wait before another attempt is allowed, or 0. */
  retryAfterSeconds(username: string, address: string, now = Date.now()): number {
    const account = this.recent(this.failuresByAccount, username.toLowerCase(), now);
    const byAddress = this.recent(this.failuresByAddress, address, now);
    const waits: number[] = [];
    if (account.length >= this.limits.perAccount) waits.push(account[account.length - this.limits.perAccount]! + this.limits.windowMs - now);
    if (byAddress.length >= this.limits.perAddress) waits.push(byAddress[byAddress.length - this.limits.perAddress]! + this.limits.windowMs - now);
    return waits.length === 0 ? 0 : Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  }

  recordFailure(username: string, address: string, now = Date.now()): void {
    for (const [map, key] of [[this.failuresByAccount, username.toLowerCase()], [this.failuresByAddress, address]] as const) {
      map.set(key, [...this.recent(map, key, now), now]);
    }
  }

  /** A correct password clears the account's failures (not the address's). */
  recordSuccess(username: string): void {
    this.failuresByAccount.delete(username.toLowerCase());
  }

  private recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const kept = (map.get(key) ?? []).filter((time) => time > now - this.limits.windowMs);
    if (kept.length === 0) map.delete(key);
    else map.set(key, kept);
    return kept;
  }
}
