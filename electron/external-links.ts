/**
 * Which outside addresses the Electron shell hands to the system: http, https
 * and mailto only. The reader has already confirmed the link in the renderer's
 * prompt (the one confirmation); main only enforces the allowlist, so a
 * compromised or buggy page still cannot open `file:`, `javascript:` or an
 * app's own URL scheme. Plain Node, unit-tested without Electron.
 */

const openableProtocols = new Set(['http:', 'https:', 'mailto:']);

/** The normalised address to open, or null when it must not leave the app. */
export function externalUrlToOpen(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!openableProtocols.has(parsed.protocol)) return null;
  // Credentials in a link are a classic way to disguise where it goes.
  if (parsed.username || parsed.password) return null;
  return parsed.href;
}
