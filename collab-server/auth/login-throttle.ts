/**
 * Limits failed logins per account and per client address over a sliding
 * window, so passwords cannot be guessed quickly and one address cannot spray
 * many accounts. Each attempt counts as failed from the moment it is admitted
 * (`admit`), before its password is hashed, so a burst sent in parallel is
 * counted before any of it is checked; an attempt that succeeds, or is never
 * checked, stops counting. So in the end only failures count: a council office
 * behind one NAT address can sign everybody in. Kept in memory: a restart
 * forgives, which is fine for a single-process server.
 */
export interface LoginThrottleLimits {
  /** Failed attempts allowed per account within the window. */
  perAccount: number;
  /** Failed attempts allowed per address within the window. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginThrottleLimits = { perAccount: 5, perAddress: 30, windowMs: 15 * 60 * 1000 };

/** An admitted attempt, counted as a failure until `succeeded` or `withdraw`. */
export interface LoginAttempt {
  username: string;
  address: string;
  at: number;
}

export class LoginThrottle {
  private readonly failuresByAccount = new Map<string, number[]>();
  private readonly failuresByAddress = new Map<string, number[]>();

  constructor(private readonly limits: LoginThrottleLimits = DEFAULT_LOGIN_LIMITS) {}

  /** Counts the attempt as failed now, before any hashing, or answers how many seconds to wait. */
  admit(username: string, address: string, now = Date.now()): { attempt: LoginAttempt } | { retryAfterSeconds: number } {
    const retryAfterSeconds = this.retryAfterSeconds(username, address, now);
    if (retryAfterSeconds > 0) return { retryAfterSeconds };
    this.recordFailure(username, address, now);
    return { attempt: { username, address, at: now } };
  }

  /** The password was right: the attempt was no failure, and the account's earlier failures are forgiven. */
  succeeded(attempt: LoginAttempt): void {
    this.withdraw(attempt);
    this.recordSuccess(attempt.username);
  }

  /** The attempt was never checked (the server was too busy to hash): it does not count. */
  withdraw(attempt: LoginAttempt): void {
    for (const [map, key] of this.keysOf(attempt.username, attempt.address)) {
      const times = map.get(key);
      const index = times?.indexOf(attempt.at) ?? -1;
      if (index >= 0) times!.splice(index, 1);
    }
  }

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
    for (const [map, key] of this.keysOf(username, address)) map.set(key, [...this.recent(map, key, now), now]);
  }

  /** A correct password clears the account's failures (not the address's). */
  recordSuccess(username: string): void {
    this.failuresByAccount.delete(username.toLowerCase());
  }

  private keysOf(username: string, address: string) {
    return [[this.failuresByAccount, username.toLowerCase()], [this.failuresByAddress, address]] as const;
  }

  private recent(map: Map<string, number[]>, key: string, now: number): number[] {
    const kept = (map.get(key) ?? []).filter((time) => time > now - this.limits.windowMs);
    if (kept.length === 0) map.delete(key);
    else map.set(key, kept);
    return kept;
  }
}
