/**
 * Hash routing (`#/meetings/<id>?document=<id>`): works the same over loopback
 * HTTP, a custom protocol and file://, and needs no server support.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'meetings' }
  | { name: 'meeting'; meetingId: string; documentId: string | null }
  | { name: 'local' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'meetings' && parts[1]) {
    return { name: 'meeting', meetingId: parts[1], documentId: new URLSearchParams(query).get('document') };
  }
  if (parts[0] === 'local') return { name: 'local' };
  return { name: 'meetings' };
}

export function meetingsHref(): string {
  return '#/';
}

export function meetingHref(meetingId: string, documentId?: string | null): string {
  const base = `#/meetings/${encodeURIComponent(meetingId)}`;
  return documentId ? `${base}?document=${encodeURIComponent(documentId)}` : base;
}

/** The PDF opened from this computer (held in memory, see local/local-document.ts). */
export function localHref(): string {
  return '#/local';
}

export function navigate(href: string): void {
  window.location.hash = href;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
