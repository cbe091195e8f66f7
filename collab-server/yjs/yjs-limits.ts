/**
 * The Yjs endpoint's quotas: a cap on what one document stores and a rate
 * limit per connection. Server settings (`--yjs-*` flags), validated here;
 * a setting left out (or undefined) takes its default.
 */
import { z } from 'zod';

export const YjsLimits = z
  .object({
    /**
     * Largest update log one document may store, in bytes, counted after compaction. 16 MiB holds
     * tens of thousands of annotations on a pack, or the minutes of a very long meeting with their
     * whole editing history, many times over.
     */
    maxDocumentBytes: z.number().int().min(1024).default(16 * 1024 * 1024),
    /**
     * Messages (updates, presence, sync requests) a connection may send per second on average. A
     * member drawing or typing sends a few dozen at most; presence follows at 4 a second.
     */
    messagesPerSecond: z.number().int().positive().default(100),
    /**
     * Bytes a connection may send per second on average; at least 256 KiB, so the burst allowance
     * (below) always takes one 1 MiB frame, the largest the server accepts.
     */
    bytesPerSecond: z.number().int().min(256 * 1024).default(1024 * 1024),
  })
  .strict();
export type YjsLimits = z.output<typeof YjsLimits>;
/** The settings as given: each may be left out. */
export type YjsLimitSettings = z.input<typeof YjsLimits>;

/** A connection may send this many seconds' worth at once: a reconnect's catch-up, a long paste. */
const BURST_SECONDS = 5;

/** A token bucket: `perSecond` on average, up to `perSecond × BURST_SECONDS` at once. */
export class RateBucket {
  private available: number;
  private refilledAt = performance.now();

  constructor(private readonly perSecond: number) {
    this.available = perSecond * BURST_SECONDS;
  }

  /** Takes `amount` if there is that much left; false (and nothing taken) otherwise. */
  take(amount: number): boolean {
    const now = performance.now();
    this.available = Math.min(this.perSecond * BURST_SECONDS, this.available + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.available < amount) return false;
    this.available -= amount;
    return true;
  }
}
