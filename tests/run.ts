/**
 * `npm test [-- step… | file…]`: every check, in order, stopping at the first
 * failing step:
 *   typecheck → lint → unit → integration → e2e
 * Steps may be named to run only those (`npm test -- unit`); any other
 * argument narrows the test files to those whose path contains it
 * (`npm test -- unit sqlite`). Each step prints its name and duration, and the
 * run ends with one summary line.
 *
 * Test files run one Node process each (Node 20's --test does not expand
 * globs, and a per-file process gives a per-file timeout), at most
 * CHAMBER_TEST_CONCURRENCY (default 2, one per core) at a time.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, missingChromiumAdvice } from './runner/ensure-chromium.ts';
import { killAllChildren, runProcess, type RunResult } from './runner/processes.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const bin = {
  tsc: path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
  eslint: path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js'),
  vite: path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
  playwright: path.join(repoRoot, 'node_modules', '@playwright', 'test', 'cli.js'),
};

const MINUTE = 60_000;
const stepNames = ['typecheck', 'lint', 'unit', 'integration', 'e2e'] as const;
type StepName = (typeof stepNames)[number];

const concurrency = Math.max(1, Number(process.env.CHAMBER_TEST_CONCURRENCY) || 2);
/** Per test file; a file that hangs is killed (with everything it started) and reported. */
const fileTimeoutMs = {
  unit: (Number(process.env.CHAMBER_UNIT_FILE_TIMEOUT_S) || 120) * 1000,
  integration: (Number(process.env.CHAMBER_INTEGRATION_FILE_TIMEOUT_S) || 300) * 1000,
};

class StepFailure extends Error {}

/** Test counts over every step, for the closing `tests: N passed, N failed, N skipped` line. */
const tally = { passed: 0, failed: 0, skipped: 0 };

/** Adds the `ℹ pass N` / `ℹ fail N` / `ℹ skipped N` summary that node:test prints per file. */
function countNodeTestSummary(output: string): void {
  const count = (label: string): number => Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
  tally.passed += count('pass');
  tally.failed += count('fail') + count('cancelled');
  tally.skipped += count('skipped') + count('todo');
}

/** Adds Playwright's totals from its JSON report (written beside the list reporter's output). */
function countPlaywrightReport(reportFile: string): void {
  if (!existsSync(reportFile)) return;
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number } };
  tally.passed += (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0);
  tally.failed += report.stats?.unexpected ?? 0;
  tally.skipped += report.stats?.skipped ?? 0;
}

const closingLine = (): string => `tests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`;

const log = (line: string): void => console.log(line);

function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

async function mustSucceed(label: string, command: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<void> {
  log(`  $ ${label}`);
  const result = await runProcess(command, args, { cwd: repoRoot, env, timeoutMs, output: 'inherit' });
  if (result.timedOut) throw new StepFailure(`${label} timed out after ${formatDuration(timeoutMs)}`);
  if (result.exitCode !== 0) throw new StepFailure(`${label} exited with code ${result.exitCode}`);
}

/** Test files of one folder, sorted, narrowed by the file filters when given. */
function findTestFiles(folder: string, suffix: string, filters: string[]): string[] {
  const dir = path.join(repoRoot, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .map((name) => path.join(folder, name).split(path.sep).join('/'))
    .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
    .sort();
}

async function runTestFiles(kind: 'unit' | 'integration', filters: string[]): Promise<void> {
  const files = findTestFiles(path.join('tests', kind), '.test.ts', filters);
  if (files.length === 0) {
    log(`  no test files in tests/${kind}${filters.length ? ` matching ${filters.join(', ')}` : ''}`);
    return;
  }
  log(`  ${files.length} file(s), ${Math.min(concurrency, files.length)} at a time, ${formatDuration(fileTimeoutMs[kind])} each at most`);
  const failures: string[] = [];
  const queue = [...files];
  const worker = async (): Promise<void> => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const started = Date.now();
      const result: RunResult = await runProcess(
        node,
        ['--import', 'tsx', '--test', '--test-reporter=spec', file],
        { cwd: repoRoot, timeoutMs: fileTimeoutMs[kind], output: 'buffer' },
      );
      const verdict = result.timedOut
        ? `TIMED OUT after ${formatDuration(fileTimeoutMs[kind])}`
        : result.exitCode === 0
          ? 'passed'
          : `FAILED (exit ${result.exitCode})`;
      // Whole blocks per file, so two files running at once stay readable.
      process.stdout.write(`\n── ${file}: ${verdict} in ${formatDuration(Date.now() - started)}\n${result.output.trimEnd()}\n`);
      countNodeTestSummary(result.output);
      if (verdict !== 'passed') failures.push(`${file} ${verdict}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  if (failures.length > 0) {
    throw new StepFailure(`${failures.length} of ${files.length} file(s) failed: ${failures.join('; ')}`);
  }
}

async function runE2e(filters: string[]): Promise<void> {
  const viteConfig = path.join('renderer', 'vite.config.ts');
  if (!existsSync(path.join(repoRoot, viteConfig))) throw new StepFailure(`${viteConfig} is missing: cannot build the renderer`);
  await mustSucceed('vite build (renderer)', node, [bin.vite, 'build', '--config', viteConfig], 10 * MINUTE);
  const electronBuild = path.join('build', 'scripts', 'build-electron.ts');
  if (existsSync(path.join(repoRoot, electronBuild))) {
    await mustSucceed('build-electron (main + preload bundles)', node, ['--import', 'tsx', electronBuild], 5 * MINUTE);
  }
  const chromium = await ensureChromium(repoRoot, (line) => log(`  ${line}`));
  if (!chromium) {
    console.error(missingChromiumAdvice);
    throw new StepFailure('no Chromium available');
  }
  log(`  Chromium: ${chromium}`);
  const reportFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'chamber-e2e-')), 'report.json');
  try {
    await mustSucceed(
      'playwright test',
      node,
      [bin.playwright, 'test', '-c', path.join('tests', 'playwright.config.ts'), ...filters],
      60 * MINUTE,
      { ...process.env, CHAMBER_CHROMIUM: chromium, CHAMBER_PLAYWRIGHT_JSON: reportFile },
    );
  } finally {
    countPlaywrightReport(reportFile);
  }
}

const steps: Record<StepName, (filters: string[]) => Promise<void>> = {
  typecheck: async () => {
    await mustSucceed('tsc -p tsconfig.json --noEmit', node, [bin.tsc, '-p', 'tsconfig.json', '--noEmit'], 10 * MINUTE);
    if (existsSync(path.join(repoRoot, 'renderer', 'tsconfig.json'))) {
      await mustSucceed('tsc -p renderer/tsconfig.json --noEmit', node, [bin.tsc, '-p', 'renderer/tsconfig.json', '--noEmit'], 10 * MINUTE);
    }
  },
  lint: async () => {
    await mustSucceed('eslint --max-warnings=0 .', node, [bin.eslint, '--max-warnings=0', '.'], 10 * MINUTE);
  },
  unit: (filters) => runTestFiles('unit', filters),
  integration: (filters) => runTestFiles('integration', filters),
  e2e: runE2e,
};

function isStepName(arg: string): arg is StepName {
  return (stepNames as readonly string[]).includes(arg);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const chosen = args.filter(isStepName);
  const filters = args.filter((arg) => !isStepName(arg));
  const toRun = chosen.length > 0 ? stepNames.filter((name) => chosen.includes(name)) : [...stepNames];

  const runStarted = Date.now();
  const passed: string[] = [];
  for (const name of toRun) {
    log(`\n▶ ${name}`);
    const started = Date.now();
    try {
      await steps[name](filters);
    } catch (error) {
      const reason = error instanceof StepFailure ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`✘ ${name} failed after ${formatDuration(Date.now() - started)}: ${reason}`);
      const notRun = toRun.slice(toRun.indexOf(name) + 1);
      log(
        `\nFAILED at ${name}` +
          (passed.length ? ` (passed: ${passed.join(', ')})` : '') +
          (notRun.length ? ` (not run: ${notRun.join(', ')})` : '') +
          ` in ${formatDuration(Date.now() - runStarted)}`,
      );
      log(closingLine());
      return 1;
    }
    log(`✔ ${name} passed in ${formatDuration(Date.now() - started)}`);
    passed.push(name);
  }
  log(`\nALL PASSED: ${passed.join(', ')} in ${formatDuration(Date.now() - runStarted)}`);
  log(closingLine());
  return 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

process.exitCode = await main();
