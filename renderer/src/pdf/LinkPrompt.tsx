/**
 * Asks before an outside link in a PDF is opened (a council pack can point
 * anywhere), and says plainly when a link's kind of address is refused.
 */
import { useEffect, useRef } from 'react';
import { t } from '../i18n/index.ts';
import type { LinkTarget } from './links.ts';

export function LinkPrompt({ target, onClose }: { target: Extract<LinkTarget, { kind: 'external' | 'refused' }>; onClose: () => void }) {
  const firstButton = useRef<HTMLButtonElement>(null);
  useEffect(() => firstButton.current?.focus(), [target]);

  const open = () => {
    // noopener: the opened page gets no handle back to Chamber.
    window.open(target.url, '_blank', 'noopener,noreferrer');
    onClose();
  };

  return (
    <div
      className="link-prompt"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="link-prompt-text"
      data-testid="link-prompt"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <p id="link-prompt-text">{target.kind === 'external' ? t('viewer.link.confirm') : t('viewer.link.refused')}</p>
      <p className="link-prompt__url">{target.url}</p>
      <div className="link-prompt__actions">
        {target.kind === 'external' && (
          <button type="button" className="button button--primary" onClick={open} ref={firstButton}>
            {t('viewer.link.open')}
          </button>
        )}
        <button type="button" className="button button--quiet" onClick={onClose} ref={target.kind === 'refused' ? firstButton : undefined}>
          {target.kind === 'external' ? t('viewer.link.cancel') : t('viewer.link.dismiss')}
        </button>
      </div>
    </div>
  );
}
