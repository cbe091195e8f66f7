/**
 * Writes docs/api/openapi.json from a throwaway server instance, so the
 * checked-in document always matches the schemas. Run: node --import tsx collab-server/scripts/write-openapi.ts [--check]
 * With --check it exits 1 if the checked-in file is out of date.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../common/node/atomic-file.ts';
import { apiPaths } from '../../common/wire.ts';
import { startAuthorityServer } from '../server.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = path.join(repoRoot, 'docs', 'api', 'openapi.json');

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'chamber-openapi-'));
const server = await startAuthorityServer({ dataDir, logLevel: 'warn' });
try {
  const response = await fetch(new URL(apiPaths.openapi, server.url));
  if (!response.ok) throw new Error(`GET ${apiPaths.openapi} failed: ${response.status}`);
  const text = `${JSON.stringify(await response.json(), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== text) {
      process.stderr.write(`${path.relative(repoRoot, target)} is out of date: run node --import tsx collab-server/scripts/write-openapi.ts\n`);
      process.exitCode = 1;
    }
  } else {
    await writeFileAtomic(target, text);
    process.stdout.write(`Wrote ${path.relative(repoRoot, target)}\n`);
  }
} finally {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
}
