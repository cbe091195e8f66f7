// ESLint flat config. Besides the usual TypeScript hygiene, its main job is to
// keep code in the process it belongs to (see docs/ARCHITECTURE.md):
//   renderer  → browser only; talks to the host through window.chamber
//   electron/ → plain Node, except main.ts and preload.ts which own `electron`;
//               never the server, except start.ts, which embeds the demo server
//   collab-server → the authority's server; knows nothing of the desktop side
//   common/node → Node-only code that both the host and the server use
//   common    → shared with the browser, so no Node builtins and no common/node
// tests/unit/lint-boundaries.test.ts proves each rule fires.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const rendererToolConfigs = ['renderer/*.config.*'];
const codeFiles = ['**/*.{ts,tsx,mts,cts,js,mjs,cjs,jsx}'];

/** Bare and `node:`-prefixed builtins (`fs`, `node:fs`, `fs/promises`…). */
const nodeBuiltinPaths = (who) =>
  builtinModules
    .filter((name) => !name.startsWith('_'))
    .map((name) => ({ name, message: `${who} must not import Node builtin '${name}'.` }));
const nodePrefixPattern = (who) => ({ regex: '^node:', message: `${who} must not import Node builtins.` });

/** Matches a path segment anywhere in the specifier: `electron`, `../electron/x.ts`, `electron/main`. */
const segment = (name) => `(^|/)${name}(/|$)`;

/**
 * One `no-restricted-imports` entry per folder (in flat config a later block
 * replaces an earlier block's options for the same rule, so each folder's list
 * is complete on its own). The TypeScript variant also sees `import type`.
 */
const restrictImports = (files, paths, patterns, ignores = []) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
  },
});

/** What no renderer code may import (the renderer's block, and the viewer's, which adds to it). */
const rendererPatterns = [
  nodePrefixPattern('The renderer'),
  { regex: segment('electron'), message: 'The renderer talks to the host only via window.chamber (no electron, no electron/ code).' },
  { regex: segment('collab-server'), message: 'The renderer must not import server code.' },
  { regex: '^better-sqlite3(/|$)', message: 'The renderer must not open SQLite; ask the host via window.chamber.' },
  { regex: segment('common/node'), message: 'The renderer must not import common/node/ (Node-only code).' },
];

/** The desktop side (electron/): plain Node apart from the two shell files, and never the renderer's code. */
const desktopPatterns = [
  {
    regex: '^electron(/.*)?$',
    message: 'Only electron/main.ts and electron/preload.ts may import electron; the host is plain Node.',
  },
  { regex: segment('renderer'), message: 'The host must not import renderer code.' },
];
const notTheServer = {
  regex: segment('collab-server'),
  message: 'The desktop side must not import server code (only electron/start.ts embeds the demo server); shared Node code lives in common/node/.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'dist-electron/**',
      'release/**',
      'test-results/**',
      'playwright-report/**',
      'build/native/**',
      '.data/**',
      '.tmp/**',
    ],
  },
  { files: codeFiles, ...js.configs.recommended },
  ...tseslint.configs.recommended.map((config) => ({ files: codeFiles, ...config })),
  {
    files: codeFiles,
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Explicit `any` is occasionally the honest type at a validated boundary; warn would break --max-warnings=0.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    ignores: rendererToolConfigs,
    languageOptions: { globals: { ...globals.browser } },
  },

  // ------------------------------------------------------------ process boundaries
  restrictImports(
    ['renderer/**'],
    nodeBuiltinPaths('The renderer'),
    rendererPatterns,
    // Build-tool configs beside the renderer (vite.config.ts) run in Node, not in the page.
    rendererToolConfigs,
  ),
  // The viewer knows no feature that plugs into it: annotations and presence register through
  // renderer/src/pdf/viewer-plugins.tsx from the screens that compose them.
  restrictImports(
    ['renderer/src/pdf/**'],
    nodeBuiltinPaths('The renderer'),
    [
      ...rendererPatterns,
      { regex: segment('annotations'), message: 'The viewer (renderer/src/pdf/) must not import annotations; they plug in (pdf/viewer-plugins.tsx).' },
      { regex: segment('presence'), message: 'The viewer (renderer/src/pdf/) must not import presence; it plugs in (pdf/viewer-plugins.tsx).' },
    ],
  ),
  restrictImports(['electron/**'], [], [...desktopPatterns, notTheServer]),
  // The launcher (`npm start`) runs the demo authority server in-process when no server is named.
  restrictImports(['electron/start.ts'], [], desktopPatterns),
  {
    // The two files that own the Electron APIs.
    files: ['electron/main.ts', 'electron/preload.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: segment('renderer'), message: 'The shell must not import renderer code.' }, notTheServer] },
      ],
    },
  },
  restrictImports(
    ['collab-server/**'],
    [],
    [
      { regex: segment('electron'), message: 'The server must not import the desktop side (electron/ or electron).' },
      { regex: segment('renderer'), message: 'The server must not import renderer code.' },
      { regex: '^react(-dom)?(/|$)', message: 'The server does not render React.' },
      { regex: '^hono(/|$)', message: 'The server is Fastify; only the public pages (collab-server/public/pages/) and the minutes\' HTML export use hono/jsx, to render JSX to static HTML.' },
    ],
    ['collab-server/public/pages/**', 'collab-server/minutes/minutes-html.tsx'],
  ),
  // The public pages (and the minutes' HTML export) are JSX rendered to static HTML on the server, escaped by default: hono/jsx alone (its types declare no DOM globals, React's do).
  restrictImports(
    ['collab-server/public/pages/**', 'collab-server/minutes/minutes-html.tsx'],
    [],
    [
      { regex: segment('electron'), message: 'The server must not import the desktop side (electron/ or electron).' },
      { regex: segment('renderer'), message: 'The server must not import renderer code.' },
      { regex: '^react(-dom)?(/|$)', message: 'The server does not render React.' },
      { regex: '^hono(?!/jsx(/|$))', message: 'The public pages use only hono/jsx (JSX to static HTML), not the Hono framework: the server is Fastify.' },
    ],
  ),
  restrictImports(
    ['common/**'],
    nodeBuiltinPaths('common/ (shared with the browser)'),
    [
      nodePrefixPattern('common/ (shared with the browser)'),
      { regex: segment('electron'), message: 'common/ must not import electron or electron/ code.' },
      { regex: segment('renderer'), message: 'common/ must not import renderer code.' },
      { regex: segment('collab-server'), message: 'common/ must not import server code.' },
      { regex: '^better-sqlite3(/|$)', message: 'common/ is shared with the browser: no SQLite.' },
      // './node/x.ts', '../node/x.ts', '../common/node/x.ts': relative paths into common/node/.
      { regex: '^\\.\\.?/(.*/)?node/', message: 'common/ is shared with the browser: it must not import common/node/ (Node-only).' },
    ],
    ['common/node/**'],
  ),
  // Node builtins, better-sqlite3, pdfjs-dist and common/ are its to use; neither process's own code is.
  restrictImports(
    ['common/node/**'],
    [],
    [
      { regex: segment('electron'), message: 'common/node/ must not import electron or electron/ code.' },
      { regex: segment('collab-server'), message: 'common/node/ must not import server code.' },
      { regex: segment('renderer'), message: 'common/node/ must not import renderer code.' },
    ],
  ),
);
