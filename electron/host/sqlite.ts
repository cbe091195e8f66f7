/**
 * The one place the host opens SQLite. Under Node (tests, browser mode) this is
 * plain better-sqlite3. Under Electron the module in node_modules is compiled
 * for Node's ABI, not Electron's, so we load the copy that
 * `npm run build:electron-native` builds into build/native/electron-<version>/
 * (packaged apps instead get node_modules rebuilt by electron-builder).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Options as SqliteOptions } from 'better-sqlite3';

/** Where build/scripts/electron-native.ts puts the Electron-ABI binary under `appRoot`. */
export function electronNativeBindingFile(appRoot: string, electronVersion: string): string {
  return path.join(appRoot, 'build', 'native', `electron-${electronVersion}`, 'better_sqlite3.node');
}

/**
 * The Electron-ABI binding to pass as `nativeBinding`, when running in
 * Electron and it was built; otherwise undefined (better-sqlite3's own).
 */
export function electronNativeBinding(): string | undefined {
  const electronVersion = process.versions.electron;
  if (!electronVersion) return undefined;
  // In Electron the host runs bundled in <appRoot>/dist-electron/main.cjs.
  const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const file = electronNativeBindingFile(appRoot, electronVersion);
  return existsSync(file) ? file : undefined;
}

export function openSqlite(filePath: string, options: SqliteOptions = {}): SqliteDatabase {
  const nativeBinding = electronNativeBinding();
  try {
    return new Database(filePath, nativeBinding ? { ...options, nativeBinding } : options);
  } catch (error) {
    if (process.versions.electron && error instanceof Error && /NODE_MODULE_VERSION/.test(error.message)) {
      throw new Error(
        `better-sqlite3 is built for Node, not Electron ${process.versions.electron}: run "npm run build:electron-native" (see build/README.md).`,
        { cause: error },
      );
    }
    throw error;
  }
}
