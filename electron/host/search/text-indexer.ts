/**
 * Fills the search index in the background: one document at a time, with a
 * time limit per file, the text read in a worker thread (text-reader.ts).
 * The next meeting's papers come first and are read as soon as each is on
 * disk, since those are what members search for right after a sync; papers of
 * past meetings wait until the downloads in progress are done, so reading them
 * never competes with one. Reports its progress after each paper.
 * Single-flight: a kick while a run is going makes that run look again when it
 * finishes.
 */
import type { DocumentFiles } from '../documents/document-files.ts';
import type { HostLogger } from '../logger.ts';
import type { SearchIndex, TextOutcome } from './search-index.ts';
import { TextReader } from './text-reader.ts';

const PER_FILE_TIMEOUT_MS = 120_000;

export class TextIndexer {
  private running: Promise<void> | null = null;
  private runAgain = false;
  private readonly stop = new AbortController();
  private readonly reader = new TextReader();

  constructor(
    private readonly index: SearchIndex,
    private readonly files: DocumentFiles,
    private readonly logger: HostLogger,
    /** Resolves when no download is running, so reading past meetings' papers never competes with one. */
    private readonly downloadsIdle: () => Promise<void>,
    /** Called after each paper is read (or refused), and when a run starts, for the progress report. */
    private readonly onProgress: () => void = () => undefined,
  ) {}

  kick(): void {
    if (this.stop.signal.aborted) return;
    if (this.running) {
      this.runAgain = true;
      return;
    }
    this.onProgress();
    this.running = (async () => {
      try {
        do {
          this.runAgain = false;
          await this.indexAll();
        } while (this.runAgain && !this.stop.signal.aborted);
      } catch (error) {
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'search indexing stopped');
      } finally {
        this.running = null;
      }
    })();
  }

  /** Stops the file being read and waits (before the mirror closes). */
  async close(): Promise<void> {
    this.stop.abort();
    await this.reader.close();
    await this.running;
  }

  /** Closing must not wait for the downloads to finish: the sync loop that runs them closes after us. */
  private downloadsIdleOrStopped(): Promise<void> {
    const { signal } = this.stop;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const stopped = (): void => resolve();
      signal.addEventListener('abort', stopped, { once: true });
      void this.downloadsIdle().then(() => {
        signal.removeEventListener('abort', stopped);
        resolve();
      });
    });
  }

  private async indexAll(): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      if (this.stop.signal.aborted) return;
      let next = this.index.queue().find((doc) => !tried.has(`${doc.documentId}:${doc.sha256}`));
      if (next && !next.upcoming) {
        await this.downloadsIdleOrStopped();
        if (this.stop.signal.aborted) return;
        // Downloads finished meanwhile may have brought an upcoming meeting's paper: it goes first.
        next = this.index.queue().find((doc) => !tried.has(`${doc.documentId}:${doc.sha256}`));
      }
      if (!next) return;
      tried.add(`${next.documentId}:${next.sha256}`);
      const extracted = await this.reader.read(this.files.finalPath(next.sha256), PER_FILE_TIMEOUT_MS);
      if (this.stop.signal.aborted) return;
      let outcome: TextOutcome;
      if (extracted.ok) {
        outcome = { state: extracted.pages.some((text) => text.length > 0) ? 'indexed' : 'no-text', pages: extracted.pages };
      } else {
        this.logger.warn({ documentId: next.documentId, err: extracted.message }, 'document text could not be read');
        outcome = { state: 'failed' };
      }
      this.index.record(next.documentId, next.sha256, outcome, new Date().toISOString());
      this.logger.info({ documentId: next.documentId, state: outcome.state }, 'document text indexed');
      this.onProgress();
    }
  }
}
