import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { access, mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { HttpError } from '../http/errors.ts';
import { moveIntoPlace } from '../../common/node/atomic-file.ts';

/** How much of an over-limit upload is read and dropped so the client can read the 413. */
export const UPLOAD_DRAIN_BYTES = 16 * 1024 * 1024;

/**
 * Content-addressed PDF storage: `<dataDir>/documents/ab/abcdef…` by SHA-256.
 * Uploads stream to `documents/incoming/` while being hashed and counted, and
 * only move into place once checked.
 */
export class DocumentFiles {
  readonly root: string;
  readonly incoming: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'documents');
    this.incoming = path.join(this.root, 'incoming');
  }

  async init(): Promise<void> {
    await mkdir(this.incoming, { recursive: true });
    // Leftovers of uploads interrupted by a crash are never referenced.
    await rm(this.incoming, { recursive: true, force: true });
    await mkdir(this.incoming, { recursive: true });
  }

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Streams a body to a temp file; rejects with 413 past `maxBytes` (the partial file is removed). */
  async receive(body: Readable, maxBytes: number): Promise<{ tempFile: string; sha256: string; size: number; head: Buffer }> {
    const tempFile = path.join(this.incoming, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const headChunks: Buffer[] = [];
    let headLength = 0;
    const out = createWriteStream(tempFile, { flags: 'wx' });
    // Always listen: a write that fails (or is cut short by destroy below) must not become an uncaught error.
    let writeError: Error | null = null;
    out.on('error', (error) => {
      writeError ??= error;
    });
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          // Read (and drop) a bounded remainder so the client gets a clean 413 instead of a reset
          // connection; past that, give up on the connection.
          if (size > maxBytes + UPLOAD_DRAIN_BYTES) break;
          continue;
        }
        if (headLength < 8) {
          headChunks.push(chunk);
          headLength += chunk.length;
        }
        hash.update(chunk);
        if (writeError) throw writeError;
        if (!out.write(chunk)) await once(out, 'drain');
      }
      if (size > maxBytes) throw new HttpError(413, 'too-large', `The upload is larger than the limit of ${maxBytes} bytes`);
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      const handle = await open(tempFile, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      return { tempFile, sha256: hash.digest('hex'), size, head: Buffer.concat(headChunks).subarray(0, 8) };
    } catch (error) {
      // Wait for the file to be closed (its open may still be pending) before removing it.
      if (!out.closed) {
        const closed = once(out, 'close');
        out.destroy();
        await closed.catch(() => undefined);
      }
      await rm(tempFile, { force: true });
      throw error;
    }
  }

  /** Moves a checked upload to its content address (a file already there has the same bytes). */
  async commit(tempFile: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    if (await exists(target)) {
      await rm(tempFile, { force: true });
      return;
    }
    await moveIntoPlace(tempFile, target);
  }

  async discard(tempFile: string): Promise<void> {
    await rm(tempFile, { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
