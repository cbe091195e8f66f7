/**
 * Hash routing (`#/meetings/<id>?document=<id>`): works the same over loopback
 * HTTP, a custom protocol and file://, and needs no server support.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'meetings' }
  | { name: 'meeting'; meetingId: string; documentId: string | null; target: DocumentTarget | null }
  | { name: 'session'; meetingId: string }
  | { name: 'minutes'; meetingId: string }
  | { name: 'local' }
  | { name: 'search'; query: string }
  | { name: 'accounts'; prefill: SignInPrefill | null }
  | { name: 'storage' }
  | { name: 'clerk' }
  | { name: 'clerkMeeting'; meetingId: string }
  | { name: 'clerkPreview'; meetingId: string; audience: PreviewAudience };

/** Whose eyes the clerk's preview of a meeting shows it through. */
export type PreviewAudience = 'member' | 'public';

/** Server and username to sign in again with (from "sign in again"). */
export interface SignInPrefill {
  serverUrl: string;
  username: string;
}

/** Open a document at this page and find this text there (from a search hit). */
export interface DocumentTarget {
  page: number;
  find: string;
}

function parseTarget(params: URLSearchParams): DocumentTarget | null {
  const page = Number(params.get('page'));
  if (!Number.isInteger(page) || page < 1) return null;
  return { page, find: params.get('find') ?? '' };
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'meetings' && parts[1] && parts[2] === 'session') return { name: 'session', meetingId: parts[1] };
  if (parts[0] === 'meetings' && parts[1] && parts[2] === 'minutes') return { name: 'minutes', meetingId: parts[1] };
  if (parts[0] === 'meetings' && parts[1]) {
    const params = new URLSearchParams(query);
    return { name: 'meeting', meetingId: parts[1], documentId: params.get('document'), target: parseTarget(params) };
  }
  if (parts[0] === 'search') return { name: 'search', query: new URLSearchParams(query).get('q') ?? '' };
  if (parts[0] === 'local') return { name: 'local' };
  if (parts[0] === 'storage') return { name: 'storage' };
  if (parts[0] === 'clerk' && parts[1] === 'meetings' && parts[2] && parts[3] === 'preview') {
    return { name: 'clerkPreview', meetingId: parts[2], audience: new URLSearchParams(query).get('as') === 'public' ? 'public' : 'member' };
  }
  if (parts[0] === 'clerk' && parts[1] === 'meetings' && parts[2]) return { name: 'clerkMeeting', meetingId: parts[2] };
  if (parts[0] === 'clerk') return { name: 'clerk' };
  if (parts[0] === 'accounts') {
    const params = new URLSearchParams(query);
    const serverUrl = params.get('server');
    const username = params.get('user');
    return { name: 'accounts', prefill: serverUrl && username ? { serverUrl, username } : null };
  }
  return { name: 'meetings' };
}

export function meetingsHref(): string {
  return '#/';
}

export function meetingHref(meetingId: string, documentId?: string | null, target?: DocumentTarget): string {
  const base = `#/meetings/${encodeURIComponent(meetingId)}`;
  if (!documentId) return base;
  const params = new URLSearchParams({ document: documentId });
  if (target) {
    params.set('page', String(target.page));
    if (target.find) params.set('find', target.find);
  }
  return `${base}?${params}`;
}

/** The meeting's session: the chair and clerk's console, and the members' view of the running meeting. */
export function meetingSessionHref(meetingId: string): string {
  return `#/meetings/${encodeURIComponent(meetingId)}/session`;
}

/** The meeting's minutes: written by the clerk and minute-takers, read by the chair, and by the committee once circulated. */
export function meetingMinutesHref(meetingId: string): string {
  return `#/meetings/${encodeURIComponent(meetingId)}/minutes`;
}

/** The results of searching all papers for `query`. */
export function searchHref(query: string): string {
  return `#/search?${new URLSearchParams({ q: query })}`;
}

/** The PDF opened from this computer (held in memory, see local/local-document.ts). */
export function localHref(): string {
  return '#/local';
}

/** The accounts screen; with a prefill, its form asks to sign in to that account again. */
export function accountsHref(prefill?: SignInPrefill): string {
  if (!prefill) return '#/accounts';
  return `#/accounts?${new URLSearchParams({ server: prefill.serverUrl, user: prefill.username })}`;
}

export function storageHref(): string {
  return '#/storage';
}

/** The clerk's workspace: committees, their defaults and meetings. */
export function clerkHref(): string {
  return '#/clerk';
}

/** The agenda builder of one meeting. */
export function clerkMeetingHref(meetingId: string): string {
  return `#/clerk/meetings/${encodeURIComponent(meetingId)}`;
}

export function clerkPreviewHref(meetingId: string, audience: PreviewAudience): string {
  return `#/clerk/meetings/${encodeURIComponent(meetingId)}/preview?as=${audience}`;
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
