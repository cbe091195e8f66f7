/**
 * Proves the process-boundary rules in eslint.config.js fire: each snippet is
 * linted as if it lived at the given path, through ESLint's own Node API and
 * the repository's real config.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: repoRoot });
const BOUNDARY_RULE = '@typescript-eslint/no-restricted-imports';

/** Messages of the boundary rule for `code` placed at `filePath` (relative to the repo root). */
async function boundaryMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, filePath) });
  assert.ok(result, `ESLint returned no result for ${filePath}`);
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], `parse error in the snippet for ${filePath}`);
  return result.messages.filter((m) => m.ruleId === BOUNDARY_RULE).map((m) => m.message);
}

const violations: { name: string; filePath: string; code: string; expect: RegExp }[] = [
  {
    name: 'renderer importing node:fs',
    filePath: 'renderer/src/__violation__.ts',
    code: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    expect: /node:fs/,
  },
  {
    name: 'renderer importing a bare builtin (path)',
    filePath: 'renderer/src/__violation__.tsx',
    code: "import path from 'path';\nexport const sep = path.sep;\n",
    expect: /'path'/,
  },
  {
    name: 'renderer importing better-sqlite3',
    filePath: 'renderer/src/__violation__.ts',
    code: "import Database from 'better-sqlite3';\nexport const db = Database;\n",
    expect: /better-sqlite3/,
  },
  {
    name: 'renderer importing electron',
    filePath: 'renderer/src/__violation__.ts',
    code: "import { ipcRenderer } from 'electron';\nexport const ipc = ipcRenderer;\n",
    expect: /'electron'/,
  },
  {
    name: 'renderer importing host code',
    filePath: 'renderer/src/__violation__.ts',
    code: "import { createDesktopHost } from '../../electron/host/desktop-host.ts';\nexport const create = createDesktopHost;\n",
    expect: /electron\/host/,
  },
  {
    name: 'renderer importing server code',
    filePath: 'renderer/src/__violation__.ts',
    code: "import type { Server } from '../../collab-server/main.ts';\nexport type S = Server;\n",
    expect: /collab-server/,
  },
  {
    name: 'a host module importing electron',
    filePath: 'electron/host/__violation__.ts',
    code: "import { app } from 'electron';\nexport const electronApp = app;\n",
    expect: /'electron'/,
  },
  {
    name: 'electron/start.ts importing electron',
    filePath: 'electron/start.ts',
    code: "import { app } from 'electron';\nexport const electronApp = app;\n",
    expect: /'electron'/,
  },
  {
    name: 'collab-server importing renderer code',
    filePath: 'collab-server/__violation__.ts',
    code: "import { App } from '../renderer/src/App.tsx';\nexport const app = App;\n",
    expect: /renderer/,
  },
  {
    name: 'collab-server importing host code',
    filePath: 'collab-server/routes/__violation__.ts',
    code: "import { createDesktopHost } from '../../electron/host/desktop-host.ts';\nexport const create = createDesktopHost;\n",
    expect: /electron/,
  },
  {
    name: 'collab-server (outside the public pages) importing hono/jsx',
    filePath: 'collab-server/routes/__violation__.ts',
    code: "import { Fragment } from 'hono/jsx';\nexport const fragment = Fragment;\n",
    expect: /only the public pages/,
  },
  {
    name: 'the public pages importing the Hono framework',
    filePath: 'collab-server/public/pages/__violation__.tsx',
    code: "import { Hono } from 'hono';\nexport const app = Hono;\n",
    expect: /only hono\/jsx/,
  },
  {
    name: 'the public pages importing React',
    filePath: 'collab-server/public/pages/__violation__.tsx',
    code: "import { renderToStaticMarkup } from 'react-dom/server';\nexport const render = renderToStaticMarkup;\n",
    expect: /does not render React/,
  },
  {
    name: 'the public pages importing renderer code',
    filePath: 'collab-server/public/pages/__violation__.tsx',
    code: "import { App } from '../../../renderer/src/App.tsx';\nexport const app = App;\n",
    expect: /renderer/,
  },
  {
    name: 'common importing a Node builtin',
    filePath: 'common/__violation__.ts',
    code: "import { createHash } from 'node:crypto';\nexport const hash = createHash;\n",
    expect: /node:crypto/,
  },
  {
    name: 'common importing server code',
    filePath: 'common/__violation__.ts',
    code: "import { x } from '../collab-server/db/x.ts';\nexport const y = x;\n",
    expect: /collab-server/,
  },
  {
    name: 'a host module importing server code',
    filePath: 'electron/host/search/__violation__.ts',
    code: "import { inspectPdf } from '../../../collab-server/pdf/inspect.ts';\nexport const inspect = inspectPdf;\n",
    expect: /server code/,
  },
  {
    name: 'electron/main.ts importing server code',
    filePath: 'electron/main.ts',
    code: "import { startAuthorityServer } from '../collab-server/server.ts';\nexport const start = startAuthorityServer;\n",
    expect: /server code/,
  },
  {
    name: 'collab-server importing the shell',
    filePath: 'collab-server/__violation__.ts',
    code: "import { externalUrlToOpen } from '../electron/external-links.ts';\nexport const open = externalUrlToOpen;\n",
    expect: /desktop side/,
  },
  {
    name: 'common (browser) importing common/node',
    filePath: 'common/__violation__.ts',
    code: "import { writeFileAtomic } from './node/atomic-file.ts';\nexport const write = writeFileAtomic;\n",
    expect: /common\/node/,
  },
  {
    name: 'common (browser) importing common/node by a longer path',
    filePath: 'common/sub/__violation__.ts',
    code: "import type { Migration } from '../../common/node/migration.ts';\nexport type M = Migration;\n",
    expect: /common\/node/,
  },
  {
    name: 'common/node importing host code',
    filePath: 'common/node/__violation__.ts',
    code: "import { migrate } from '../../electron/host/mirror/migrate.ts';\nexport const run = migrate;\n",
    expect: /electron/,
  },
  {
    name: 'common/node importing electron',
    filePath: 'common/node/__violation__.ts',
    code: "import { app } from 'electron';\nexport const electronApp = app;\n",
    expect: /electron/,
  },
  {
    name: 'common/node importing server code',
    filePath: 'common/node/__violation__.ts',
    code: "import { openDatabase } from '../../collab-server/db/database.ts';\nexport const open = openDatabase;\n",
    expect: /server code/,
  },
  {
    name: 'common/node importing renderer code',
    filePath: 'common/node/__violation__.ts',
    code: "import { App } from '../../renderer/src/App.tsx';\nexport const app = App;\n",
    expect: /renderer/,
  },
  {
    name: 'renderer importing common/node',
    filePath: 'renderer/src/__violation__.ts',
    code: "import { parseByteRange } from '../../common/node/byte-ranges.ts';\nexport const parse = parseByteRange;\n",
    expect: /common\/node/,
  },
  {
    name: 'the viewer importing annotations',
    filePath: 'renderer/src/pdf/__violation__.tsx',
    code: "import { useAnnotations } from '../annotations/annotations-context.tsx';\nexport const use = useAnnotations;\n",
    expect: /must not import annotations/,
  },
  {
    name: 'the viewer importing presence',
    filePath: 'renderer/src/pdf/__violation__.ts',
    code: "import { useFollow } from '../presence/use-follow.ts';\nexport const use = useFollow;\n",
    expect: /must not import presence/,
  },
  {
    name: 'the viewer importing server code (the renderer rules hold there too)',
    filePath: 'renderer/src/pdf/__violation__.ts',
    code: "import type { Server } from '../../../collab-server/main.ts';\nexport type S = Server;\n",
    expect: /collab-server/,
  },
];

for (const violation of violations) {
  test(`the boundary rule fires: ${violation.name}`, async () => {
    const messages = await boundaryMessages(violation.code, violation.filePath);
    assert.equal(messages.length, 1, `expected exactly one boundary error, got: ${JSON.stringify(messages)}`);
    assert.match(messages[0] ?? '', violation.expect);
  });
}

const allowed: { name: string; filePath: string; code: string }[] = [
  {
    name: 'renderer importing common/ and React',
    filePath: 'renderer/src/__clean__.tsx',
    code: "import { useState } from 'react';\nimport type { ChamberBridge } from '../../common/bridge.ts';\nexport type B = ChamberBridge;\nexport const use = useState;\n",
  },
  {
    name: 'electron/main.ts importing electron',
    filePath: 'electron/main.ts',
    code: "import { app } from 'electron';\nexport const electronApp = app;\n",
  },
  {
    name: 'electron/preload.ts importing electron',
    filePath: 'electron/preload.ts',
    code: "import { contextBridge } from 'electron';\nexport const bridge = contextBridge;\n",
  },
  {
    name: 'a host module importing Node builtins and better-sqlite3',
    filePath: 'electron/host/__clean__.ts',
    code: "import Database from 'better-sqlite3';\nimport { readFileSync } from 'node:fs';\nexport const both = [Database, readFileSync];\n",
  },
  {
    name: 'collab-server importing Node builtins and common/',
    filePath: 'collab-server/__clean__.ts',
    code: "import { createHash } from 'node:crypto';\nimport { apiPaths } from '../common/wire.ts';\nexport const both = [createHash, apiPaths];\n",
  },
  {
    name: 'the public pages rendering JSX to static HTML',
    filePath: 'collab-server/public/pages/__clean__.tsx',
    code: "import type { Child } from 'hono/jsx';\nimport { publicPaths } from '../public-paths.ts';\nexport const link: Child = <a href={publicPaths.home}>Home</a>;\n",
  },
  {
    name: 'common importing zod',
    filePath: 'common/__clean__.ts',
    code: "import { z } from 'zod';\nexport const Name = z.string();\n",
  },
  {
    name: 'the launcher (electron/start.ts) embedding the demo server',
    filePath: 'electron/start.ts',
    code: "import { startAuthorityServer } from '../collab-server/server.ts';\nexport const start = startAuthorityServer;\n",
  },
  {
    name: 'common/node importing Node builtins, better-sqlite3, pdfjs-dist and common/',
    filePath: 'common/node/__clean__.ts',
    code:
      "import Database from 'better-sqlite3';\nimport { readFile } from 'node:fs/promises';\nimport { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';\nimport { apiPaths } from '../wire.ts';\nexport const all = [Database, readFile, getDocument, apiPaths];\n",
  },
  {
    name: 'a host module importing common/node',
    filePath: 'electron/host/__clean__.ts',
    code: "import { writeFileAtomic } from '../../common/node/atomic-file.ts';\nexport const write = writeFileAtomic;\n",
  },
  {
    name: 'server importing common/node',
    filePath: 'collab-server/pdf/__clean__.ts',
    code: "import { PdfWorkerQueue } from '../../common/node/pdf-worker-queue.ts';\nexport const queue = PdfWorkerQueue;\n",
  },
];

for (const clean of allowed) {
  test(`a clean file passes the whole config: ${clean.name}`, async () => {
    const [result] = await eslint.lintText(clean.code, { filePath: path.join(repoRoot, clean.filePath) });
    assert.ok(result);
    assert.deepEqual(
      result.messages.map((m) => `${m.ruleId}: ${m.message}`),
      [],
    );
  });
}
