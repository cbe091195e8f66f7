/**
 * Builds better-sqlite3 for Electron's ABI into
 *   build/native/electron-<version>/better_sqlite3.node
 * without touching node_modules/better-sqlite3 (whose Node build the tests use).
 * electron/host/sqlite.ts loads it as `nativeBinding` when running in Electron.
 *
 * Works on a copy of the package in a temp folder: first tries the prebuilt
 * binary for Electron (prebuild-install, downloads from GitHub), then compiles
 * from source with node-gyp against Electron's headers (needs a C++ toolchain
 * and electronjs.org). Usage: npm run build:electron-native
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronNativeBindingFile } from '../../electron/host/sqlite.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const STEP_TIMEOUT_MS = 10 * 60_000;

function readVersion(packageJson: string): string {
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

function resolveTool(specifier: string): string | null {
  try {
    return require.resolve(specifier);
  } catch {
    return null;
  }
}

function run(label: string, command: string, args: string[], cwd: string): string | null {
  console.log(`$ ${label}`);
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // meant for the Node that runs npm, not for these tools
  // npm passes its config as npm_config_*, which node-gyp and prebuild-install obey; a
  // machine-wide `nodedir` would silently build against Node's headers instead of Electron's.
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|build_from_source)$/i.test(key)) delete env[key];
  }
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'pipe'], timeout: STEP_TIMEOUT_MS });
  const stderr = result.stderr?.toString('utf8') ?? '';
  if (result.status === 0) return null;
  process.stderr.write(stderr);
  const lastError = stderr.split('\n').map((line) => line.trim()).filter((line) => /err|warn/i.test(line)).pop();
  return lastError ?? result.error?.message ?? `exit code ${result.status}`;
}

function main(): number {
  const electronVersion = readVersion(path.join(repoRoot, 'node_modules', 'electron', 'package.json'));
  const sourcePackage = path.join(repoRoot, 'node_modules', 'better-sqlite3');
  const target = electronNativeBindingFile(repoRoot, electronVersion);

  const workDir = mkdtempSync(path.join(os.tmpdir(), 'chamber-electron-native-'));
  const copy = path.join(workDir, 'better-sqlite3');
  try {
    // Sources only: a stale build/ from the Node build must not be picked up.
    cpSync(sourcePackage, copy, { recursive: true, filter: (file) => !file.startsWith(path.join(sourcePackage, 'build')) });
    const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');

    const prebuildInstall = resolveTool('prebuild-install/bin.js');
    const prebuiltFailure = prebuildInstall
      ? run(
          `prebuild-install --runtime electron --target ${electronVersion}`,
          process.execPath,
          [prebuildInstall, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--verbose'],
          copy,
        )
      : 'prebuild-install is not installed';
    let sourceFailure: string | null = null;
    if (prebuiltFailure !== null || !existsSync(built)) {
      const nodeGyp = resolveTool('node-gyp/bin/node-gyp.js');
      sourceFailure = nodeGyp
        ? run(
            `node-gyp rebuild --target=${electronVersion} (Electron headers)`,
            process.execPath,
            [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'],
            copy,
          )
        : 'node-gyp is not installed';
    }
    const abi = readFileSync(path.join(repoRoot, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
    if (existsSync(built) && !readFileSync(built).includes(`node_register_module_v${abi}`)) {
      console.error(`The binary built is not for Electron's ABI ${abi} (it was compiled against other headers); not using it.`);
      return 1;
    }
    if (!existsSync(built)) {
      console.error(
        `Could not build better-sqlite3 for Electron ${electronVersion}: prebuilt download failed (${prebuiltFailure ?? 'no binary'}), ` +
          `source build failed (${sourceFailure ?? 'no binary'}). Needs network access to GitHub/electronjs.org and a C++ toolchain.`,
      );
      return 1;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(built, target);
    console.log(`Built ${path.relative(repoRoot, target)} (better-sqlite3 ${readVersion(path.join(sourcePackage, 'package.json'))})`);
    return 0;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

process.exitCode = main();
