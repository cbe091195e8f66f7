/**
 * Documents the renderer opened by URL (`document.open`), so pdf.js can load
 * them the way it loads any web PDF: a first response it reads as a stream,
 * and byte ranges for the pieces it needs first (the end of the file, page 1).
 *
 * Only a file whose SHA-256 was verified gets a handle, and every response
 * checks it is still that same file on disk: a partial or corrupt file is
 * never shown. Handles are random, per run, and only the newest are kept.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileIdentity, type VerifiedFile } from './document-files.ts';
import type { ByteRangeRequest } from '../../../common/node/byte-ranges.ts';
import { answerByteRange } from './byte-ranges.ts';

export interface DocumentResponse {
  status: number;
  headers: Record<string, string>;
  /** The bytes to send, or null for an empty body. */
  body: Readable | null;
}

const handleShape = /^[A-Za-z0-9_-]{22}$/;

export class OpenedDocuments {
  private readonly files = new Map<string, VerifiedFile>();

  /** A reader keeps a few documents open at most; older handles lapse (their views re-open on return). */
  constructor(private readonly limit = 32) {}

  /** Registers a verified file and answers its unguessable handle. */
  add(file: VerifiedFile): string {
    const handle = randomBytes(16).toString('base64url');
    this.files.set(handle, file);
    while (this.files.size > this.limit) {
      const oldest = this.files.keys().next().value;
      if (oldest === undefined) break;
      this.files.delete(oldest);
    }
    return handle;
  }

  /** The answer to `GET <document path>` with these request headers. */
  async respond(handle: string, request: ByteRangeRequest): Promise<DocumentResponse> {
    const file = handleShape.test(handle) ? this.files.get(handle) : undefined;
    if (!file) return notOpen();
    // Still the very file that was verified? (Removed, replaced or rewritten since: refuse.)
    const current = await stat(file.filePath).then(fileIdentity, () => null);
    if (current !== file.identity) {
      this.files.delete(handle);
      return notOpen('This document changed on disk; open it again.');
    }
    const answer = answerByteRange({ size: file.size, etag: `"${file.sha256}"` }, request);
    const body = answer.body ? createReadStream(file.filePath, { start: answer.body.start, end: answer.body.end }) : null;
    return { status: answer.status, headers: answer.headers, body };
  }
}

/** 404 for a handle that is unknown, lapsed, or belongs to an account no longer active. */
export function notOpen(message = 'This document is not open; open it again.'): DocumentResponse {
  const body = Readable.from([Buffer.from(message, 'utf8')]);
  return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body };
}
