/**
 * Replacing a file so that a crash or power loss leaves either the old or the
 * new content, never half of it: write beside, fsync, rename over, fsync the
 * folder. Used by the host (token, account list) and the server.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Flushes a directory entry so a rename survives power loss. Windows cannot open a folder for that; NTFS journals renames. */
export async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file under a temporary name, fsyncs it, renames it into place and
 * flushes the folder: readers never see half a file. The file gets exactly
 * `mode` (not masked by umask); a private file (no group or other bits, e.g.
 * a sign-in token) gets private new parent folders too.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const isPrivate = (mode & 0o077) === 0;
  await mkdir(path.dirname(file), isPrivate ? { recursive: true, mode: 0o700 } : { recursive: true });
  const temp = `${file}.${randomUUID()}.tmp`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temp, mode);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(path.dirname(file));
}

/** Moves an already-fsynced temporary file into place and flushes the folder. */
export async function moveIntoPlace(temp: string, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await rename(temp, file);
  await fsyncDirectory(path.dirname(file));
}
