/**
 * The content-addressed document cache on disk: `documents/ab/<sha256>.pdf`.
 * A file is only ever renamed into place after its SHA-256 was verified, and is
 * verified again before its bytes are served.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** A cached file that was hashed and found right; `identity` says which inode and write it was. */
export interface VerifiedFile {
  filePath: string;
  size: number;
  sha256: string;
  identity: string;
}

/** Which file on disk this is and when it was last written: a replaced or rewritten file differs. */
export function fileIdentity(info: Stats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}`;
}

export class DocumentFiles {
  /** Files hashed in this run, by SHA-256: opening a pack again does not read all of it again. */
  private readonly verified = new Map<string, string>();

  constructor(readonly documentsDir: string) {}

  finalPath(sha256: string): string {
    return path.join(this.documentsDir, sha256.slice(0, 2), `${sha256}.pdf`);
  }

  partialPath(sha256: string): string {
    return path.join(this.documentsDir, sha256.slice(0, 2), `${sha256}.partial`);
  }

  /** The verified bytes, or null when the file is missing, the wrong size, or corrupt. */
  async readVerified(sha256: string, size: number): Promise<Uint8Array | null> {
    const file = this.finalPath(sha256);
    try {
      const info = await stat(file);
      if (info.size !== size) return null;
      const bytes = await readFile(file);
      if (sha256Hex(bytes) !== sha256) return null;
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /**
   * The cached file once its SHA-256 is checked (streamed, never held in memory), or null when it is
   * missing, the wrong size, or corrupt. A file already checked in this run is checked again only if
   * it was replaced or rewritten since.
   */
  async verifiedFile(sha256: string, size: number): Promise<VerifiedFile | null> {
    const filePath = this.finalPath(sha256);
    let info: Stats;
    try {
      info = await stat(filePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    if (info.size !== size) return null;
    const identity = fileIdentity(info);
    if (this.verified.get(sha256) !== identity) {
      if ((await sha256OfFile(filePath)) !== sha256) return null;
      this.verified.set(sha256, identity);
    }
    return { filePath, size, sha256, identity };
  }

  async remove(sha256: string): Promise<void> {
    this.verified.delete(sha256);
    await rm(this.finalPath(sha256), { force: true });
    await rm(this.partialPath(sha256), { force: true });
  }
}

async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
