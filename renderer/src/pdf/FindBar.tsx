/** The find bar: a search field, "3 of 17", previous/next and close. */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { t } from '../i18n/index.ts';

export interface FindBarProps {
  query: string;
  onQueryChange: (query: string) => void;
  /** Matches found so far, and the current one (0-based, -1 for none). */
  total: number;
  current: number;
  searching: boolean;
  onNext: () => void;
  onPrevious: () => void;
  onClose: () => void;
  /** Bumped by Ctrl+F while the bar is open, to focus the field again. */
  focusRequest: number;
}

export function FindBar(props: FindBarProps) {
  const { query, onQueryChange, total, current, searching, onNext, onPrevious, onClose, focusRequest } = props;
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusRequest]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (event.shiftKey) onPrevious();
    else onNext();
  };

  let status = '';
  if (query.trim()) {
    if (total > 0) status = t('viewer.find.count', { current: current + 1, total });
    else status = searching ? t('viewer.find.searching') : t('viewer.find.none');
  }

  return (
    <div className="find-bar" role="search" data-testid="find-bar">
      <label className="visually-hidden" htmlFor="pdf-find">
        {t('viewer.find.label')}
      </label>
      <input
        id="pdf-find"
        ref={inputRef}
        type="search"
        className="find-bar__input"
        placeholder={t('viewer.find.placeholder')}
        value={query}
        onChange={(event) => onQueryChange(event.target.value)}
        onKeyDown={onKeyDown}
        autoComplete="off"
        spellCheck={false}
      />
      <span className="find-bar__status" aria-live="polite" data-testid="find-status">
        {status}
      </span>
      <button type="button" className="icon-button" onClick={onPrevious} disabled={total === 0} aria-label={t('viewer.find.previous')}>
        <span aria-hidden="true">↑</span>
      </button>
      <button type="button" className="icon-button" onClick={onNext} disabled={total === 0} aria-label={t('viewer.find.next')}>
        <span aria-hidden="true">↓</span>
      </button>
      <button type="button" className="button button--quiet" onClick={onClose}>
        {t('viewer.find.close')}
      </button>
    </div>
  );
}
