/**
 * Sending the clerk's files to an agenda item: one file after another, each in
 * chunks through the host (which streams them on to the server). Every file
 * gets its own entry: bytes sent of its size while it goes, then stored, or
 * refused with the reason and the file's name. A refused file never stops the
 * others.
 */
import { useCallback, useRef, useState } from 'react';
import { uploadChunkBytes, type ChamberBridge, type UploadProgress } from '../../../common/bridge.ts';
import { useBridge, useBridgeEvent } from '../bridge/context.tsx';
import { toBridgeFailure } from '../bridge/errors.ts';
import { formatMegabytes, t } from '../i18n/index.ts';
import type { MessageId } from '../i18n/en.ts';

export interface PaperUpload {
  /** Unique per file chosen (the host's upload id arrives later). */
  key: string;
  uploadId: string | null;
  name: string;
  totalBytes: number;
  sentBytes: number;
  status: 'waiting' | UploadProgress['status'];
  /** Why it was refused or failed, naming the file; null otherwise. */
  problem: string | null;
}

const refusalIds: Record<string, MessageId> = {
  'not-a-pdf': 'clerk.upload.refused.not-a-pdf',
  'encrypted-pdf': 'clerk.upload.refused.encrypted-pdf',
  'unreadable-pdf': 'clerk.upload.refused.unreadable-pdf',
  'empty-upload': 'clerk.upload.refused.empty-upload',
  'too-large': 'clerk.upload.refused.too-large',
  forbidden: 'clerk.upload.refused.forbidden',
  offline: 'clerk.upload.refused.offline',
};

function problemText(name: string, code: string, message: string, maxUploadBytes: number): string {
  const id = refusalIds[code];
  return id ? t(id, { name, limit: formatMegabytes(maxUploadBytes) }) : t('clerk.upload.refused.other', { name, message });
}

let nextKey = 0;

export function usePaperUploads(itemId: string, maxUploadBytes: number, onStored: () => void) {
  const bridge = useBridge();
  const [uploads, setUploads] = useState<PaperUpload[]>([]);
  const queue = useRef<Promise<void>>(Promise.resolve());

  const update = useCallback((key: string, change: Partial<PaperUpload>) => {
    setUploads((list) => list.map((entry) => (entry.key === key ? { ...entry, ...change } : entry)));
  }, []);

  // The host reports bytes as they go out (also for chunks answered while this screen re-rendered).
  useBridgeEvent('clerk.upload.progress', (progress) => {
    if (progress.itemId !== itemId || progress.status !== 'sending') return;
    setUploads((list) =>
      list.map((entry) => (entry.uploadId === progress.uploadId && entry.status === 'sending' ? { ...entry, sentBytes: Math.max(entry.sentBytes, progress.sentBytes) } : entry)),
    );
  });

  const send = useCallback(
    async (key: string, file: File, replaces: string | undefined) => {
      if (file.size > maxUploadBytes) {
        update(key, { status: 'refused', problem: problemText(file.name, 'too-large', '', maxUploadBytes) });
        return;
      }
      if (file.size === 0) {
        update(key, { status: 'refused', problem: problemText(file.name, 'empty-upload', '', maxUploadBytes) });
        return;
      }
      try {
        const outcome = await sendFile(bridge, { itemId, replaces }, file, (progress) =>
          update(key, { uploadId: progress.uploadId, sentBytes: progress.sentBytes, status: progress.status }),
        );
        if (outcome.status === 'stored') {
          update(key, { status: 'stored', sentBytes: outcome.totalBytes, problem: null });
          onStored();
        } else {
          const refusal = outcome.refusal ?? { code: 'other', message: '' };
          update(key, { status: outcome.status, problem: problemText(file.name, refusal.code, refusal.message, maxUploadBytes) });
        }
      } catch (failure) {
        const { code, message } = toBridgeFailure(failure);
        update(key, { status: 'failed', problem: problemText(file.name, code ?? 'other', message, maxUploadBytes) });
      }
    },
    [bridge, itemId, maxUploadBytes, onStored, update],
  );

  /** Queues the files: each shows at once as waiting, and they go one after another. `replaces`: a paper of the item they supersede. */
  const upload = useCallback(
    (files: File[], replaces?: string) => {
      const entries = files.map((file) => ({ file, entry: newEntry(file) }));
      setUploads((list) => [...list.filter((entry) => entry.status === 'waiting' || entry.status === 'sending'), ...entries.map((e) => e.entry)]);
      for (const { file, entry } of entries) queue.current = queue.current.then(() => send(entry.key, file, replaces));
    },
    [send],
  );

  return { uploads, upload };
}

export type PaperUploads = ReturnType<typeof usePaperUploads>;

/** The files of a file input or a drop, as an array. */
export function filesOf(list: FileList | null): File[] {
  return list ? Array.from(list) : [];
}

function newEntry(file: File): PaperUpload {
  nextKey += 1;
  return { key: `upload-${nextKey}`, uploadId: null, name: file.name, totalBytes: file.size, sentBytes: 0, status: 'waiting', problem: null };
}

/** Start, chunks in order (each answered once the host passed it on), finish; stops early on an answer. */
async function sendFile(
  bridge: ChamberBridge,
  target: { itemId: string; replaces: string | undefined },
  file: File,
  onProgress: (progress: UploadProgress) => void,
): Promise<UploadProgress> {
  const { itemId, replaces } = target;
  let progress = await bridge.invoke('clerk.upload.start', { itemId, name: file.name, size: file.size, ...(replaces ? { replaces } : {}) });
  onProgress(progress);
  for (let offset = 0; offset < file.size && progress.status === 'sending'; offset += uploadChunkBytes) {
    const bytes = new Uint8Array(await file.slice(offset, offset + uploadChunkBytes).arrayBuffer());
    progress = await bridge.invoke('clerk.upload.chunk', { uploadId: progress.uploadId, bytes });
    onProgress(progress);
  }
  if (progress.status !== 'sending') return progress;
  return bridge.invoke('clerk.upload.finish', { uploadId: progress.uploadId });
}
