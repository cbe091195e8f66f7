/**
 * Saves an export where the user picks: the page offers it as a download, which
 * a browser saves (or asks where, as set up) and Electron asks where with its
 * save dialog.
 */
import type { ExportedFile } from '../../../common/bridge.ts';

export function saveFile(file: ExportedFile): void {
  const blob = new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mimeType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
