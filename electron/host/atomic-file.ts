/**
 * Replacing a small file so that a crash leaves either the old or the new
 * content, never half of it: write beside, fsync, rename over.
 */
import { chmod, mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomic(filePath: string, content: string, mode = 0o600): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 });
  const temporary = `${filePath}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  // The mode argument is masked by umask; the token and the account list must be the user's alone.
  await chmod(temporary, mode);
  await rename(temporary, filePath);
}
