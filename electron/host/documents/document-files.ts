/**
 * The content-addressed document cache on disk: `documents/ab/<sha256>.pdf`.
 * A file is only ever renamed into place after its SHA-256 was verified, and is
 * verified again before its bytes are served.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export class DocumentFiles {
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

  async remove(sha256: string): Promise<void> {
    await rm(this.finalPath(sha256), { force: true });
    await rm(this.partialPath(sha256), { force: true });
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
