/**
 * Browser mode's way in. The launcher prints and opens
 * `http://127.0.0.1:N/#code=<one-time code>`, never the per-run token (other
 * users of the machine can read command lines). We take the code from the
 * fragment (never sent to a server or logged), wipe it from the address bar,
 * and trade it for the token by a POST; the token stays in sessionStorage so a
 * reload still works. A `#token=` is taken as it is: tests and scripts that
 * already hold the token use it; Chamber never prints one.
 */
import { BrowserCodeExchange, BrowserCodeExchangeAnswer, browserBridgePaths } from '../../../common/bridge.ts';

const storageKey = 'chamber.bridgeToken';

export type BrowserTokenOutcome =
  | { kind: 'token'; token: string }
  /** The address carried a code the host refused: it expired or was already used. */
  | { kind: 'link-refused' }
  | { kind: 'none' };

async function tradeCode(code: string): Promise<string | null> {
  const request = BrowserCodeExchange.safeParse({ code });
  if (!request.success) return null;
  try {
    const response = await fetch(browserBridgePaths.exchange, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request.data),
      credentials: 'omit',
      cache: 'no-store',
    });
    if (!response.ok) return null;
    const answer = BrowserCodeExchangeAnswer.safeParse(await response.json());
    return answer.success ? answer.data.token : null;
  } catch {
    return null;
  }
}

const fragmentParams = (): URLSearchParams => new URLSearchParams(window.location.hash.replace(/^#/, ''));

/** A link pasted into an open tab changes only the fragment, which loads nothing: the page must notice it. */
export function fragmentHasCode(): boolean {
  return fragmentParams().has(browserBridgePaths.codeFragment);
}

export async function obtainBrowserToken(): Promise<BrowserTokenOutcome> {
  const fragment = fragmentParams();
  const code = fragment.get(browserBridgePaths.codeFragment);
  const given = fragment.get('token');
  if (code !== null || given !== null) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  const token = given || (code !== null ? await tradeCode(code) : null);
  if (token) {
    sessionStorage.setItem(storageKey, token);
    return { kind: 'token', token };
  }
  if (code !== null) return { kind: 'link-refused' };
  const kept = sessionStorage.getItem(storageKey);
  return kept ? { kind: 'token', token: kept } : { kind: 'none' };
}

/** Drops a token the host refused (it belongs to an earlier run), so a reload asks for a new link. */
export function forgetBrowserToken(): void {
  sessionStorage.removeItem(storageKey);
}

/** Asks the host to print a new link in the terminal that runs it; the answer never carries the code. */
export async function askForNewLink(): Promise<boolean> {
  try {
    const response = await fetch(browserBridgePaths.newLink, { method: 'POST', credentials: 'omit', cache: 'no-store' });
    return response.status === 202;
  } catch {
    return false;
  }
}
