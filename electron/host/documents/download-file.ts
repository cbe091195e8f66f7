/**
 * Downloads one document by content hash into `<sha>.partial`, resuming a
 * previous attempt with `Range: bytes=<have>-` (guarded by If-Range on the
 * ETag), then verifies size and SHA-256 before fsync + rename into place.
 * A partial or corrupt file is never at the final path.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { moveIntoPlace } from '../../../common/node/atomic-file.ts';
import { apiPaths } from '../../../common/wire.ts';
import { ServerUnavailableError, UnauthorisedError, describeFetchError, errorFromResponse } from '../sync/authority-client.ts';
import type { DocumentFiles } from './document-files.ts';

export class CorruptDownloadError extends Error {
  override readonly name = 'CorruptDownloadError';
}

export interface DownloadRequest {
  serverUrl: string;
  token: string;
  sha256: string;
  size: number;
  files: DocumentFiles;
  signal: AbortSignal;
  /** Called with the number of new bytes written. */
  onBytes(count: number): void;
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

async function hashFilePrefix(file: string, hash: ReturnType<typeof createHash>): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

export async function downloadFile(request: DownloadRequest): Promise<void> {
  const { sha256, size, files } = request;
  const partial = files.partialPath(sha256);
  const final = files.finalPath(sha256);
  await mkdir(path.dirname(partial), { recursive: true, mode: 0o700 });

  let have = await sizeOf(partial);
  if (have > size) {
    await rm(partial, { force: true });
    have = 0;
  }
  const etag = `"${sha256}"`;
  const headers: Record<string, string> = { authorization: `Bearer ${request.token}` };
  if (have > 0 && have < size) {
    headers.range = `bytes=${have}-`;
    // If the content behind the URL ever differed, the server sends it whole (200) instead of a wrong tail.
    headers['if-range'] = etag;
  }

  const hash = createHash('sha256');
  if (have < size) {
    let response: Response;
    try {
      response = await fetch(new URL(apiPaths.documentContent(sha256), request.serverUrl), { headers, signal: request.signal });
    } catch (error) {
      throw new ServerUnavailableError(`Download of ${sha256.slice(0, 12)}… failed: ${describeFetchError(error)}`);
    }
    if (response.status === 401) throw new UnauthorisedError('The server refused the session token for a download');
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel();
      throw errorFromResponse(response.status, '');
    }
    const responseEtag = response.headers.get('etag');
    if (responseEtag !== null && responseEtag.replace(/^W\//, '') !== etag) {
      await response.body?.cancel();
      throw new CorruptDownloadError(`The server sent ETag ${responseEtag} for ${sha256}`);
    }
    let append = false;
    if (response.status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
      if (!range || Number(range[1]) !== have) {
        await response.body?.cancel();
        throw new CorruptDownloadError(`Unexpected Content-Range for ${sha256}: ${response.headers.get('content-range')}`);
      }
      append = true;
      await hashFilePrefix(partial, hash);
    }
    await writeBody(response, partial, append, hash, request);
  } else {
    await hashFilePrefix(partial, hash);
  }

  const written = await sizeOf(partial);
  const digest = hash.digest('hex');
  if (written !== size || digest !== sha256) {
    // A wrong file can never become right by appending: start again next time.
    await rm(partial, { force: true });
    throw new CorruptDownloadError(
      written < size
        ? `Download of ${sha256.slice(0, 12)}… ended early (${written} of ${size} bytes)`
        : `Downloaded bytes do not match ${sha256.slice(0, 12)}… (size ${written}, expected ${size})`,
    );
  }
  await moveIntoPlace(partial, final);
}

async function writeBody(
  response: Response,
  partial: string,
  append: boolean,
  hash: ReturnType<typeof createHash>,
  request: DownloadRequest,
): Promise<void> {
  const handle = await open(partial, append ? 'a' : 'w', 0o600);
  try {
    if (!response.body) throw new ServerUnavailableError('Empty download response');
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        await handle.write(value);
        hash.update(value);
        request.onBytes(value.byteLength);
      }
    } catch (error) {
      throw new ServerUnavailableError(`Download of ${request.sha256.slice(0, 12)}… broke off: ${describeFetchError(error)}`);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}
