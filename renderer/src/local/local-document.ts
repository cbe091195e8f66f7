/**
 * The PDF a member opened from their own computer (e-mail attachment, USB
 * stick). It is read in the renderer and held in memory only: it never goes
 * to the host, the mirror or the authority, and is gone after a reload.
 */
import { useSyncExternalStore } from 'react';

/** Bigger files would hold that much memory twice (ours and pdf.js's worker copy). */
export const localFileSizeLimit = 500_000_000;

export type LocalDocument =
  | { status: 'reading'; openId: number; name: string }
  | { status: 'ready'; openId: number; name: string; size: number; bytes: Uint8Array }
  | { status: 'too-large'; openId: number; name: string; size: number }
  | { status: 'read-failed'; openId: number; name: string; message: string };

let current: LocalDocument | null = null;
let lastOpenId = 0;
const listeners = new Set<() => void>();

function publish(next: LocalDocument): void {
  current = next;
  for (const listener of listeners) listener();
}

/**
 * Reads a chosen or dropped file. Whether it really is a PDF is pdf.js's
 * call when the viewer opens it, so a mislabelled file gets the viewer's
 * plain message rather than a second, different check here.
 */
export async function openLocalFile(file: File): Promise<void> {
  lastOpenId += 1;
  const openId = lastOpenId;
  if (file.size > localFileSizeLimit) {
    publish({ status: 'too-large', openId, name: file.name, size: file.size });
    return;
  }
  publish({ status: 'reading', openId, name: file.name });
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    // A newer choice made while this one was reading wins.
    if (openId === lastOpenId) publish({ status: 'ready', openId, name: file.name, size: file.size, bytes });
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    if (openId === lastOpenId) publish({ status: 'read-failed', openId, name: file.name, message });
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLocalDocument(): LocalDocument | null {
  return useSyncExternalStore(subscribe, () => current);
}
