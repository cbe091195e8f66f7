/**
 * The packaged Electron's boundary as configured: the fuses in
 * build/electron-builder.yml (flipped into the binary at packaging, which needs
 * network and is not run here) and the window's webPreferences in
 * electron/main.ts. See docs/SECURITY.md for what each protects against.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const builderConfig = parse(readFileSync(path.join(repoRoot, 'build', 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const fuses = (builderConfig.electronFuses ?? {}) as Record<string, unknown>;

test('each fuse is set as docs/SECURITY.md says', () => {
  const expected: Record<string, boolean> = {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    grantFileProtocolExtraPrivileges: false,
  };
  for (const [fuse, value] of Object.entries(expected)) {
    // A missing fuse keeps Electron's default, which is the unsafe side for every one of these.
    assert.equal(fuses[fuse], value, `electronFuses.${fuse} should be ${value}`);
  }
});

test('every fuse named is one electron-builder knows (a misspelt one would be no fuse at all)', () => {
  const scheme = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as {
    definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
  };
  const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
  assert.ok(known.includes('runAsNode'), 'electron-builder describes its fuse options');
  for (const fuse of Object.keys(fuses)) assert.ok(known.includes(fuse), `electronFuses.${fuse} is not an electron-builder fuse option`);
});

test('the app is one asar archive with its integrity recorded, so the asar fuses have something to check', () => {
  assert.notEqual(builderConfig.asar, false, 'asar must stay on: onlyLoadAppFromAsar would find no app');
  assert.notEqual(builderConfig.disableAsarIntegrity, true, 'without the recorded hash there is nothing to validate');
  // Only native code is unpacked (it cannot load from inside the archive).
  assert.deepEqual(builderConfig.asarUnpack, ['node_modules/better-sqlite3/**']);
});

test('the window keeps the Electron security checklist settings', () => {
  const main = readFileSync(path.join(repoRoot, 'electron', 'main.ts'), 'utf8');
  const webPreferences = /webPreferences:\s*\{([^}]*)\}/.exec(main)?.[1] ?? '';
  for (const setting of [
    'contextIsolation: true',
    'sandbox: true',
    'nodeIntegration: false',
    'nodeIntegrationInWorker: false',
    'webSecurity: true',
    'webviewTag: false',
    'allowRunningInsecureContent: false',
  ]) {
    assert.ok(webPreferences.includes(setting), `webPreferences should have ${setting}`);
  }
  // Navigation away from app://, new windows and permission requests are refused.
  for (const guard of ["on('will-navigate'", "on('will-redirect'", 'setWindowOpenHandler', 'setPermissionRequestHandler', 'setPermissionCheckHandler']) {
    assert.ok(main.includes(guard), `main.ts should keep ${guard}`);
  }
});
