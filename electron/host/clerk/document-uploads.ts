/**
 * Uploads of the clerk's papers: the renderer sends a file's bytes in chunks,
 * in order; the host passes each one straight on to one streaming POST to the
 * server (`Content-Length` declared up front) and answers the chunk once it
 * has gone out, so memory holds at most a chunk or two per file and the bytes
 * reported as sent are bytes written to the server's connection. The server's
 * answer decides the outcome: the stored document, or its refusal (not a PDF,
 * password-protected, too large) with the file's name in it.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BridgeError, type BridgeArgsOf, type UploadProgress } from '../../../common/bridge.ts';
import { AgendaDocument, apiPaths } from '../../../common/wire.ts';
import type { HostLogger } from '../logger.ts';
import { errorFromResponse } from '../sync/authority-client.ts';
import { bridgeErrorOf, refusalOf } from '../session/session-errors.ts';

/** An upload the renderer stops feeding is given up after this long. */
const idleTimeoutMs = 60_000;

interface OpenUpload {
  progress: UploadProgress;
  request: ClientRequest;
  /** Settles with the outcome once the server answered or the connection failed. */
  done: Promise<UploadProgress>;
}

export interface DocumentUploadsOptions {
  serverUrl: string;
  token: () => Promise<string | null>;
  logger: HostLogger;
  onProgress(progress: UploadProgress): void;
}

export class DocumentUploads {
  private readonly uploads = new Map<string, OpenUpload>();

  constructor(private readonly options: DocumentUploadsOptions) {}

  async start({ itemId, name, size, kind, replaces }: BridgeArgsOf<'clerk.upload.start'>): Promise<UploadProgress> {
    const token = await this.options.token();
    if (!token) throw bridgeErrorOf(new Error('not signed in to the server yet'));
    const query = new URLSearchParams({ name });
    if (kind) query.set('kind', kind);
    if (replaces) query.set('replaces', replaces);
    const url = new URL(`${apiPaths.itemDocuments(itemId)}?${query}`, this.options.serverUrl);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'content-length': size, accept: 'application/json' },
    });
    const progress: UploadProgress = { uploadId: randomUUID(), itemId, name, totalBytes: size, sentBytes: 0, status: 'sending', document: null, refusal: null };
    const done = new Promise<UploadProgress>((resolve) => {
      const settle = (outcome: Pick<UploadProgress, 'status' | 'document' | 'refusal'>) => {
        if (progress.status !== 'sending') return;
        Object.assign(progress, outcome);
        this.options.onProgress({ ...progress });
        resolve({ ...progress });
      };
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => settle(this.failure(error)));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode === 201) {
            const parsed = AgendaDocument.safeParse(safeJson(text));
            settle(parsed.success ? { status: 'stored', document: parsed.data, refusal: null } : this.failure(new Error('the server answered an unreadable document')));
            return;
          }
          const error = errorFromResponse(response.statusCode ?? 0, text);
          const refusal = refusalOf(error);
          settle(refusal ? { status: 'refused', document: null, refusal } : this.failure(error));
          // Answered before all the bytes were sent (e.g. no such item): the rest will never be wanted.
          if (!request.writableEnded) request.destroy();
        });
      });
      request.on('error', (error) => settle(this.failure(error)));
      request.setTimeout(idleTimeoutMs, () => request.destroy(new Error('the upload stalled')));
    });
    this.uploads.set(progress.uploadId, { progress, request, done });
    void done.then(() => this.forgetLater(progress.uploadId));
    this.options.onProgress({ ...progress });
    return { ...progress };
  }

  async chunk({ uploadId, bytes }: BridgeArgsOf<'clerk.upload.chunk'>): Promise<UploadProgress> {
    const upload = this.open(uploadId);
    const { progress, request } = upload;
    if (progress.status !== 'sending') return { ...progress };
    if (progress.sentBytes + bytes.byteLength > progress.totalBytes) {
      throw new BridgeError('invalid-arguments', `More bytes than the ${progress.totalBytes} announced for "${progress.name}"`);
    }
    const written = new Promise<void>((resolve) => {
      if (request.write(bytes)) resolve();
      else request.once('drain', () => resolve());
    });
    // The server may answer (or the connection fail) before the bytes drain.
    await Promise.race([written, upload.done]);
    if (progress.status === 'sending') {
      progress.sentBytes += bytes.byteLength;
      this.options.onProgress({ ...progress });
    }
    return { ...progress };
  }

  async finish({ uploadId }: BridgeArgsOf<'clerk.upload.finish'>): Promise<UploadProgress> {
    const upload = this.open(uploadId);
    if (upload.progress.status === 'sending') {
      if (upload.progress.sentBytes !== upload.progress.totalBytes) {
        throw new BridgeError('invalid-arguments', `"${upload.progress.name}" is not complete: ${upload.progress.sentBytes} of ${upload.progress.totalBytes} bytes sent`);
      }
      upload.request.end();
    }
    return upload.done;
  }

  async cancel({ uploadId }: BridgeArgsOf<'clerk.upload.cancel'>): Promise<null> {
    const upload = this.uploads.get(uploadId);
    upload?.request.destroy(new Error('cancelled'));
    this.uploads.delete(uploadId);
    return null;
  }

  /** Ends every upload under way (the account is closing). */
  close(): void {
    for (const upload of this.uploads.values()) upload.request.destroy(new Error('the account was closed'));
    this.uploads.clear();
  }

  private open(uploadId: string): OpenUpload {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new BridgeError('not-found', 'No such upload: it finished, was cancelled or stalled');
    return upload;
  }

  private failure(error: unknown): Pick<UploadProgress, 'status' | 'document' | 'refusal'> {
    const bridgeError = bridgeErrorOf(error);
    this.options.logger.warn({ err: String(error) }, 'upload failed');
    return { status: 'failed', document: null, refusal: { code: bridgeError.code, message: bridgeError.message } };
  }

  /** A settled upload stays answerable for a moment (its last chunk or `finish` may still be on the way). */
  private forgetLater(uploadId: string): void {
    setTimeout(() => this.uploads.delete(uploadId), idleTimeoutMs).unref();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
