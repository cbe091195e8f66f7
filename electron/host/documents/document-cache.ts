/**
 * Keeps the document cache in step with the mirror: downloads what the mirror
 * references (upcoming meetings first), removes files nothing references any
 * more, and serves verified bytes to the bridge.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { stat } from 'node:fs/promises';
import { BridgeError } from '../../../common/bridge.ts';
import type { MirrorStore } from '../mirror/mirror-store.ts';
import type { HostLogger } from '../logger.ts';
import { DocumentFiles, type VerifiedFile } from './document-files.ts';
import { CorruptDownloadError, downloadFile } from './download-file.ts';

export interface CacheProgress {
  pendingDocuments: number;
  pendingBytes: number;
  cachedBytes: number;
}

/**
 * Files downloaded at once: while one file is verified, fsynced and renamed, the next one's bytes keep flowing,
 * so the per-file costs of doing it safely do not stall the connection.
 */
const PARALLEL_DOWNLOADS = 3;

export interface CacheEvents {
  onProgress(): void;
  /** A file was verified and recorded, so the UI can refresh meetings that use it. */
  onFileCached(sha256: string): void;
  /** The user opened a file that is not on disk (e.g. evicted): it is wanted again, download it. */
  onWanted(): void;
  /** Eviction removed files of these meetings. */
  onEvicted(meetingIds: string[]): void;
}

export class DocumentCache {
  readonly files: DocumentFiles;
  /** Bytes of the files being downloaded right now (not yet verified). */
  private inFlightBytes = 0;
  private running: Promise<void> | null = null;
  private runAgain = false;

  constructor(
    private readonly store: MirrorStore,
    documentsDir: string,
    private readonly logger: HostLogger,
    private readonly events: CacheEvents,
  ) {
    this.files = new DocumentFiles(documentsDir);
  }

  progress(): CacheProgress {
    const wanted = this.store.wantedFiles(new Date().toISOString());
    const wantedBytes = wanted.reduce((sum, file) => sum + file.size, 0);
    return {
      pendingDocuments: wanted.length,
      pendingBytes: Math.max(0, wantedBytes - this.inFlightBytes),
      cachedBytes: this.store.cachedBytes(),
    };
  }

  /** Resolves once no download is running (used before closing the mirror). */
  async whenIdle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Drops cache rows whose file vanished or changed size (someone cleaned the folder), and stray files. */
  async reconcile(): Promise<void> {
    for (const file of this.store.cachedFiles()) {
      const size = await stat(this.files.finalPath(file.sha256)).then(
        (info) => info.size,
        () => -1,
      );
      if (size !== file.size) this.store.unmarkCached(file.sha256);
    }
    await this.removeUnreferenced();
  }

  /** Deletes cached files (and leftover partials) that no document row refers to any more. */
  async removeUnreferenced(): Promise<void> {
    for (const sha256 of this.store.unreferencedCachedFiles()) {
      this.store.unmarkCached(sha256);
      await this.files.remove(sha256);
    }
    let shards: string[] = [];
    try {
      shards = await readdir(this.files.documentsDir);
    } catch {
      return;
    }
    for (const shard of shards) {
      let names: string[] = [];
      try {
        names = await readdir(path.join(this.files.documentsDir, shard));
      } catch {
        continue;
      }
      for (const name of names) {
        const sha256 = name.replace(/\.(pdf|partial)$/, '');
        if (!/^[0-9a-f]{64}$/.test(sha256) || this.store.isReferenced(sha256)) continue;
        await rm(path.join(this.files.documentsDir, shard, name), { force: true });
      }
    }
  }

  /**
   * Downloads everything wanted, a few files at a time. Single-flight: a call
   * while a run is going makes that run look again when it finishes.
   */
  downloadPending(serverUrl: string, token: string, signal: AbortSignal): Promise<void> {
    if (this.running) {
      this.runAgain = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.runAgain = false;
          await this.downloadAll(serverUrl, token, signal);
        } while (this.runAgain && !signal.aborted);
      } finally {
        this.running = null;
        this.inFlightBytes = 0;
      }
    })();
    return this.running;
  }

  private async downloadAll(serverUrl: string, token: string, signal: AbortSignal): Promise<void> {
    // A rejected download deleted its partial file, so one fresh attempt is worthwhile; after that, wait for the next run.
    const attempts = new Map<string, number>();
    const inFlight = new Set<string>();
    let failure: unknown = null;
    let lastReport = 0;
    const reportProgress = (): void => {
      const now = Date.now();
      if (now - lastReport > 250) {
        lastReport = now;
        this.events.onProgress();
      }
    };
    // Lanes take the next wanted file (upcoming meetings first) until none is left or one lane failed.
    const lane = async (): Promise<void> => {
      for (;;) {
        if (signal.aborted || failure !== null) return;
        const next = this.store
          .wantedFiles(new Date().toISOString())
          .find((file) => !inFlight.has(file.sha256) && (attempts.get(file.sha256) ?? 0) < 2);
        if (!next) return;
        inFlight.add(next.sha256);
        let laneBytes = 0;
        try {
          await downloadFile({
            serverUrl,
            token,
            sha256: next.sha256,
            size: next.size,
            files: this.files,
            signal,
            onBytes: (count) => {
              laneBytes += count;
              this.inFlightBytes += count;
              reportProgress();
            },
          });
          // The mirror may have dropped the document while we downloaded it.
          if (this.store.isReferenced(next.sha256)) {
            this.store.markCached(next.sha256, next.size, new Date().toISOString());
            this.events.onFileCached(next.sha256);
          } else {
            await this.files.remove(next.sha256);
          }
          this.logger.info({ sha256: next.sha256, size: next.size }, 'document cached');
        } catch (error) {
          if (error instanceof CorruptDownloadError) {
            this.logger.warn({ sha256: next.sha256, err: error.message }, 'document download rejected');
            attempts.set(next.sha256, (attempts.get(next.sha256) ?? 0) + 1);
          } else {
            failure ??= error;
          }
        } finally {
          inFlight.delete(next.sha256);
          this.inFlightBytes -= laneBytes;
          this.events.onProgress();
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, lane));
    if (failure !== null) throw failure;
  }

  /**
   * Deletes the cached files the retention rule no longer keeps. Their rows stay: the agenda shows them as not
   * downloaded, and opening one downloads it again through the queue, verified.
   */
  async evictUnkept(now = new Date()): Promise<{ removedFiles: number; freedBytes: number }> {
    let removedFiles = 0;
    let freedBytes = 0;
    const meetingIds = new Set<string>();
    for (const file of this.store.retention.evictable(now)) {
      // Row first: a crash between the two leaves a stray file that reconcile() removes, never a row without its file.
      this.store.unmarkCached(file.sha256);
      await this.files.remove(file.sha256);
      for (const id of this.store.meetingsUsingFile(file.sha256)) meetingIds.add(id);
      removedFiles += 1;
      freedBytes += file.size;
    }
    if (removedFiles > 0) {
      this.logger.info({ removedFiles, freedBytes }, 'evicted cached documents past their retention');
      this.events.onEvicted([...meetingIds]);
      this.events.onProgress();
    }
    return { removedFiles, freedBytes };
  }

  /** The verified bytes of a document, for the bridge. */
  async read(documentId: string): Promise<Uint8Array> {
    return this.whenVerified(documentId, (document) => this.files.readVerified(document.sha256, document.size));
  }

  /** The verified file of a document, to serve by byte ranges; checked the same way as `read`. */
  async verifiedFile(documentId: string): Promise<VerifiedFile> {
    return this.whenVerified(documentId, (document) => this.files.verifiedFile(document.sha256, document.size));
  }

  /** Runs `check` on a cached document; a missing or damaged file is forgotten (to download again), never served. */
  private async whenVerified<T>(documentId: string, check: (document: { sha256: string; size: number }) => Promise<T | null>): Promise<T> {
    const document = this.store.findDocument(documentId);
    if (!document) throw new BridgeError('not-found', `No document ${documentId} in this mirror`);
    // Opening counts for retention: it keeps the file, and makes an evicted one wanted again.
    this.store.retention.markOpened(document.sha256, new Date());
    if (!this.store.isCached(document.sha256)) {
      this.events.onWanted();
      throw new BridgeError('not-cached', `“${document.name}” has not been downloaded yet`);
    }
    const result = await check(document);
    if (result === null) {
      // Damaged on disk: forget it so the next sync downloads it again; never serve it.
      this.store.unmarkCached(document.sha256);
      await this.files.remove(document.sha256);
      this.events.onProgress();
      throw new BridgeError('not-cached', `“${document.name}” was damaged on disk and will be downloaded again`);
    }
    return result;
  }
}
