/**
 * The per-run token of browser mode. The launcher opens
 * `http://127.0.0.1:N/#token=<token>`; we take it from the fragment, keep it in
 * sessionStorage so a reload still works, and wipe it from the address bar so
 * it does not linger in history or get copied along with the URL.
 */
const storageKey = 'chamber.bridgeToken';

export function takeBrowserToken(): string | null {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromFragment = fragment.get('token');
  if (fromFragment) {
    sessionStorage.setItem(storageKey, fromFragment);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromFragment;
  }
  return sessionStorage.getItem(storageKey);
}

/** Drops a token the host refused (it belongs to an earlier run), so a reload asks for a fresh link. */
export function forgetBrowserToken(): void {
  sessionStorage.removeItem(storageKey);
}
