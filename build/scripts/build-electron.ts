/**
 * Bundles the Electron shell with esbuild:
 *   electron/main.ts    → dist-electron/main.cjs    (Node side: host, SQLite, sync)
 *   electron/preload.ts → dist-electron/preload.cjs (a sandboxed preload must be one CJS file)
 *   electron/host/search/extract-text-worker.ts → dist-electron/text-worker.cjs (the host's pdf.js text reader thread)
 * Native and heavyweight modules stay external and are loaded from node_modules
 * at run time (better-sqlite3 needs its Electron-ABI build; see build/README.md).
 *
 * Usage: node --import tsx build/scripts/build-electron.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const electronOutDir = path.join(repoRoot, 'dist-electron');

/** Electron 45 ships Node 24 (its main process runs these bundles). */
const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: repoRoot,
  target: 'node24',
  // Our sources are ES modules; in a CJS bundle import.meta is empty, so point
  // it at the bundle itself (host code must not locate files next to its source).
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: {
    'import.meta.url': '__importMetaUrl',
    'import.meta.dirname': '__dirname',
    'import.meta.filename': '__filename',
  },
};

export async function buildElectron(): Promise<void> {
  await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(repoRoot, 'electron', 'main.ts')],
      outfile: path.join(electronOutDir, 'main.cjs'),
      external: ['electron', 'better-sqlite3', 'pdfjs-dist', 'pdfjs-dist/*'],
    }),
    build({
      ...common,
      entryPoints: [path.join(repoRoot, 'electron', 'host', 'search', 'extract-text-worker.ts')],
      outfile: path.join(electronOutDir, 'text-worker.cjs'),
      external: ['pdfjs-dist', 'pdfjs-dist/*'],
    }),
    build({
      ...common,
      entryPoints: [path.join(repoRoot, 'electron', 'preload.ts')],
      outfile: path.join(electronOutDir, 'preload.cjs'),
      external: ['electron'],
      // Parsed on every window load; zod comes along with common/bridge.ts.
      minify: true,
    }),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron();
  console.log(`Built ${path.relative(repoRoot, electronOutDir)}/main.cjs, text-worker.cjs and preload.cjs`);
}
