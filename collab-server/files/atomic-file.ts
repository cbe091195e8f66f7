import { randomUUID } from 'node:crypto';
import { mkdir, open as openAsync, rename as renameAsync, rm } from 'node:fs/promises';
import path from 'node:path';


/** Flushes a directory entry so a rename survives power loss. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await openAsync(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a file under a temporary name, fsyncs it, then renames it into place: readers never see half a file. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}.tmp`;
  const handle = await openAsync(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await renameAsync(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDirectory(path.dirname(file));
}

/** Moves an already-fsynced temporary file into place and flushes the directory. */
export async function moveIntoPlace(temp: string, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await renameAsync(temp, file);
  await fsyncDirectory(path.dirname(file));
}
