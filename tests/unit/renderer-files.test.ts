import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { contentTypeFor, openedDocumentHandleOf, rendererContentSecurityPolicy, resolveRendererFile } from '../../electron/renderer-files.ts';

const rendererDir = path.resolve('/srv/chamber/dist/renderer');

test('the app root and nested assets map into the renderer folder', () => {
  assert.deepEqual(resolveRendererFile(rendererDir, 'app://chamber/'), { ok: true, filePath: path.join(rendererDir, 'index.html') });
  assert.deepEqual(resolveRendererFile(rendererDir, 'app://chamber/assets/index-abc.js?v=1#x'), {
    ok: true,
    filePath: path.join(rendererDir, 'assets', 'index-abc.js'),
  });
  assert.deepEqual(resolveRendererFile(rendererDir, 'app://chamber/fonts/a%20b.woff2'), {
    ok: true,
    filePath: path.join(rendererDir, 'fonts', 'a b.woff2'),
  });
});

test('paths that would leave the renderer folder are refused', () => {
  for (const url of [
    'app://chamber/assets/%2e%2e%2f%2e%2e%2f..%2fsecret',
    'app://chamber/..%5c..%5cwindows',
    'app://chamber/a%00.js',
  ]) {
    const lookup = resolveRendererFile(rendererDir, url);
    assert.equal(lookup.ok, false, url);
    if (!lookup.ok) assert.equal(lookup.status, 403, url);
  }
});

test('dot segments the URL parser resolves itself stay inside the renderer folder', () => {
  // WHATWG URL parsing turns /%2e%2e/ into /../ and clamps it at the root.
  assert.deepEqual(resolveRendererFile(rendererDir, 'app://chamber/%2e%2e/%2e%2e/etc/passwd'), {
    ok: true,
    filePath: path.join(rendererDir, 'etc', 'passwd'),
  });
});

test('other hosts, schemes and malformed URLs are not served', () => {
  for (const url of ['app://evil/index.html', 'file:///etc/passwd', 'https://chamber/index.html', 'app://chamber/%E0%A4%A', 'nonsense']) {
    assert.equal(resolveRendererFile(rendererDir, url).ok, false, url);
  }
});

test('content types for what Vite and pdf.js emit', () => {
  assert.equal(contentTypeFor('index.html'), 'text/html; charset=utf-8');
  assert.equal(contentTypeFor('pdf.worker.min.mjs'), 'text/javascript; charset=utf-8');
  assert.equal(contentTypeFor('x.WASM'), 'application/wasm');
  assert.equal(contentTypeFor('unknown.bin'), 'application/octet-stream');
});

test('opened documents are recognised under app://chamber/bridge/documents/ only', () => {
  assert.equal(openedDocumentHandleOf('app://chamber/bridge/documents/AbC_-123'), 'AbC_-123');
  for (const url of [
    'app://chamber/bridge/documents/',
    'app://chamber/bridge/documents/a/b',
    'app://chamber/bridge/documents/%2e%2e',
    'app://other/bridge/documents/abc',
    'https://chamber/bridge/documents/abc',
    'app://chamber/assets/index.js',
  ]) {
    assert.equal(openedDocumentHandleOf(url), null, url);
  }
});

test('the CSP lets the renderer fetch documents from its own origin only', () => {
  // Electron: connect-src falls back to default-src 'self' (app://chamber).
  assert.doesNotMatch(rendererContentSecurityPolicy(), /connect-src/);
  assert.match(rendererContentSecurityPolicy(), /default-src 'self'/);
  // Browser mode: 'self' (documents and bridge calls) plus the events socket, nothing else.
  assert.match(rendererContentSecurityPolicy(4321), /connect-src 'self' ws:\/\/127\.0\.0\.1:4321 ws:\/\/localhost:4321;/);
});

test('the CSP lets WebAssembly compile (pdf.js’s image decoders) but never JavaScript eval', () => {
  const scriptSources = /script-src ([^;]*)/.exec(rendererContentSecurityPolicy())?.[1]?.split(' ');
  assert.deepEqual(scriptSources, ["'self'", "'wasm-unsafe-eval'"]);
});
