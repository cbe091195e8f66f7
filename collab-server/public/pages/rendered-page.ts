/** What a public page builder hands to the routes: the finished HTML and what caching needs to know about it. */
export interface RenderedPage {
  html: string;
  /** When what the page shows last changed (ISO). */
  lastModified: string;
  /**
   * A time (ms) at which the page changes by itself though the record did not:
   * a meeting moves from "upcoming" to "past" when it starts. Absent when the
   * page depends on the record alone.
   */
  validUntil?: number;
}

/** The latest of ISO times (empty strings ignored); the epoch when there is none. */
export function latestTime(...times: (string | undefined | null)[]): string {
  let latest = '';
  for (const time of times) if (time && time > latest) latest = time;
  return latest || new Date(0).toISOString();
}
