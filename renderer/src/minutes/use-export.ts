/** Exports through the host (the server makes the file), saved where the user picks; a failure becomes a message. */
import { useState } from 'react';
import type { MinutesExportFormat } from '../../../common/bridge.ts';
import { useBridge } from '../bridge/context.tsx';
import { toBridgeFailure } from '../bridge/errors.ts';
import { t } from '../i18n/index.ts';
import { saveFile } from './save-file.ts';

export function useMinutesExport(meetingId: string) {
  const bridge = useBridge();
  const [busy, setBusy] = useState<MinutesExportFormat | null>(null);
  const [message, setMessage] = useState('');
  const start = (format: MinutesExportFormat) => {
    setBusy(format);
    setMessage('');
    bridge
      .invoke('minutes.export', { meetingId, format })
      .then(
        (file) => {
          saveFile(file);
          setMessage(t('minutes.export.saved', { name: file.fileName }));
        },
        (error: unknown) => {
          const failure = toBridgeFailure(error);
          setMessage(failure.code === 'offline' ? t('minutes.export.offline') : t('minutes.export.failed', { message: failure.message }));
        },
      )
      .finally(() => setBusy(null));
  };
  return { busy, message, start };
}
