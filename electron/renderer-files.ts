/**
 * Maps `app://chamber/…` URLs onto the built renderer (dist/renderer) for the
 * Electron shell's custom protocol. Plain Node, so it is unit-tested without
 * Electron. Anything outside the renderer folder is refused.
 */
import path from 'node:path';
import { openedDocumentPathPrefix } from '../common/bridge.ts';

export const appScheme = 'app';
export const appHost = 'chamber';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/**
 * The renderer's Content-Security-Policy, one definition for both shells: our
 * own scripts only, no eval (WebAssembly may compile: pdf.js's image decoders),
 * workers from blob: for pdf.js. Browser mode passes
 * its port, since its bridge events arrive over a loopback WebSocket.
 */
export function rendererContentSecurityPolicy(browserModePort?: number): string {
  const connect = browserModePort === undefined ? [] : [`connect-src 'self' ws://127.0.0.1:${browserModePort} ws://localhost:${browserModePort}`];
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "worker-src 'self' blob:",
    ...connect,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.pfb': 'application/x-font-type1',
  '.bcmap': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(filePath: string): string {
  return contentTypes[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The handle in `app://chamber/bridge/documents/<handle>` (a document opened with `document.open`),
 * or null for any other URL.
 */
export function openedDocumentHandleOf(requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${appScheme}:` || url.host !== appHost || !url.pathname.startsWith(openedDocumentPathPrefix)) return null;
  const handle = url.pathname.slice(openedDocumentPathPrefix.length);
  return /^[A-Za-z0-9_-]+$/.test(handle) ? handle : null;
}

export type RendererFileLookup = { ok: true; filePath: string } | { ok: false; status: 403 | 404; reason: string };

/**
 * The file under `rendererDir` that `requestUrl` names. `/` is index.html.
 * Refuses other hosts and anything that would leave the folder once decoded
 * (`..`, encoded slashes or backslashes, NUL bytes).
 */
export function resolveRendererFile(rendererDir: string, requestUrl: string): RendererFileLookup {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 404, reason: 'not a URL' };
  }
  if (url.protocol !== `${appScheme}:` || url.host !== appHost) return { ok: false, status: 404, reason: 'unknown host' };

  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 404, reason: 'bad encoding' };
  }
  if (relative.includes('\0') || relative.includes('\\')) return { ok: false, status: 403, reason: 'forbidden characters' };
  if (relative.split('/').includes('..')) return { ok: false, status: 403, reason: 'path traversal' };
  if (relative === '/' || relative === '') relative = '/index.html';

  const root = path.resolve(rendererDir);
  const filePath = path.resolve(root, `.${path.posix.normalize(relative)}`);
  if (filePath !== root && !filePath.startsWith(root + path.sep)) return { ok: false, status: 403, reason: 'outside the renderer' };
  return { ok: true, filePath };
}
