/**
 * `npm run bench` runs every benchmark in bench/ one after another;
 * `npm run bench -- NAME` runs bench/NAME.ts alone.
 *
 * Each benchmark is its own process (so one's heap and event loop do not
 * colour the next) and prints its figures as `NAME.figure = number unit`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.startsWith('_'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}

const toRun = requested.length > 0 ? requested : available;
let failed = 0;
for (const name of toRun) {
  console.log(`# bench ${name}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, `${name}.ts`)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.error(`# bench ${name} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
