/**
 * Rendered public pages, kept until the public record changes: residents
 * arriving in numbers (tonight's agenda) cost one version check and a map
 * lookup each, not a render. Bounded least-recently-used, by count and bytes,
 * so distinct search queries cannot grow it without end.
 */

export interface CachedPage {
  body: Buffer;
  /** Strong ETag of the body. */
  etag: string;
  lastModified: string;
  /** Time (ms) after which the page must be rendered again though the record did not change. */
  validUntil?: number;
}

export interface PageCacheLimits {
  maxEntries: number;
  maxBytes: number;
}

export const DEFAULT_PAGE_CACHE_LIMITS: PageCacheLimits = { maxEntries: 2000, maxBytes: 64 * 1024 * 1024 };

export class PageCache {
  private version: string | null = null;
  /** In least-recently-used order: a hit moves its entry to the end. */
  private readonly entries = new Map<string, CachedPage>();
  private bytes = 0;

  constructor(private readonly limits: PageCacheLimits = DEFAULT_PAGE_CACHE_LIMITS) {}

  /** The page for `key` rendered at this record `version`, if it is still good at `now`. */
  get(version: string, key: string, now: number): CachedPage | undefined {
    if (version !== this.version) {
      this.clear();
      this.version = version;
      return undefined;
    }
    const page = this.entries.get(key);
    if (!page) return undefined;
    this.remove(key, page);
    if (page.validUntil !== undefined && now >= page.validUntil) return undefined;
    this.entries.set(key, page);
    this.bytes += page.body.length;
    return page;
  }

  set(version: string, key: string, page: CachedPage): void {
    if (version !== this.version) {
      this.clear();
      this.version = version;
    }
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    if (page.body.length > this.limits.maxBytes) return;
    this.entries.set(key, page);
    this.bytes += page.body.length;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.remove(oldestKey, oldest);
    }
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private remove(key: string, page: CachedPage): void {
    this.entries.delete(key);
    this.bytes -= page.body.length;
  }

  private clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
