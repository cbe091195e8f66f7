/**
 * Makes sure `dist/renderer` holds a build of the current renderer sources,
 * building it with Vite's API when it is missing or older than the sources.
 * A lock folder keeps two launchers (e.g. parallel tests) from building into
 * the same folder at once.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const lockStaleMs = 5 * 60_000;

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, (await stat(full)).mtimeMs);
  }
  return newest;
}

async function isFresh(repoRoot: string, indexHtml: string): Promise<boolean> {
  const built = await stat(indexHtml).then(
    (info) => info.mtimeMs,
    () => -1,
  );
  if (built < 0) return false;
  // The renderer also bundles common/ (the bridge contract).
  const sources = Math.max(await newestMtime(path.join(repoRoot, 'renderer')), await newestMtime(path.join(repoRoot, 'common')));
  return built >= sources;
}

async function acquireLock(lockDir: string): Promise<void> {
  for (;;) {
    try {
      await mkdir(lockDir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lockDir).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (age > lockStaleMs) await rm(lockDir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Returns the renderer folder (dist/renderer), building it first when needed. */
export async function ensureRendererBuilt(repoRoot: string): Promise<{ rendererDir: string; built: boolean }> {
  const rendererDir = path.join(repoRoot, 'dist', 'renderer');
  const indexHtml = path.join(rendererDir, 'index.html');
  if (await isFresh(repoRoot, indexHtml)) return { rendererDir, built: false };
  await mkdir(path.join(repoRoot, 'dist'), { recursive: true });
  const lockDir = path.join(repoRoot, 'dist', '.renderer-build.lock');
  await acquireLock(lockDir);
  try {
    // Someone else may have built it while we waited.
    if (await isFresh(repoRoot, indexHtml)) return { rendererDir, built: false };
    const { build } = await import('vite');
    await build({ configFile: path.join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
    return { rendererDir, built: true };
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
