/**
 * The stock-phrase picker: the council's standard wordings ("RESOLVED that
 * …") in a list filtered as you type (the WAI-ARIA combobox pattern: the
 * focus stays in the box, arrow keys move through the list), Enter puts the
 * phrase into the minutes where the caret was, Escape goes back to the text.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { StockPhrase } from '../../../common/minutes.ts';
import { t } from '../i18n/index.ts';

interface StockPhrasePickerProps {
  phrases: StockPhrase[] | null;
  onPick(phrase: StockPhrase): void;
  onClose(): void;
}

export function StockPhrasePicker({ phrases, onPick, onClose }: StockPhrasePickerProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(0);
  useEffect(() => input.current?.focus(), []);

  const words = filter.trim().toLowerCase();
  const shown = (phrases ?? []).filter((phrase) => !words || `${phrase.label} ${phrase.text}`.toLowerCase().includes(words));
  const activeIndex = Math.min(active, Math.max(0, shown.length - 1));
  const activePhrase = shown[activeIndex];

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') setActive(Math.min(activeIndex + 1, shown.length - 1));
    else if (event.key === 'ArrowUp') setActive(Math.max(activeIndex - 1, 0));
    else if (event.key === 'Home' && event.ctrlKey) setActive(0);
    else if (event.key === 'End' && event.ctrlKey) setActive(Math.max(0, shown.length - 1));
    else if (event.key === 'Enter' && activePhrase) onPick(activePhrase);
    else if (event.key === 'Escape') onClose();
    else return;
    event.preventDefault();
  };

  return (
    <div className="stock-phrases" role="dialog" aria-label={t('minutes.phrases.title')}>
      <label className="stock-phrases__label" htmlFor={`${id}-filter`}>
        {t('minutes.phrases.filter')}
      </label>
      <input
        ref={input}
        id={`${id}-filter`}
        className="stock-phrases__filter"
        type="text"
        role="combobox"
        aria-expanded={shown.length > 0}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={activePhrase ? `${id}-${activePhrase.id}` : undefined}
        value={filter}
        autoComplete="off"
        onChange={(event) => {
          setFilter(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={(event) => {
          // Leaving the picker (not for one of its options) closes it.
          if (!event.currentTarget.closest('.stock-phrases')?.contains(event.relatedTarget)) onClose();
        }}
      />
      {phrases === null || shown.length === 0 ? (
        <p className="muted" role="status">
          {phrases === null ? t('minutes.phrases.loading') : t('minutes.phrases.none')}
        </p>
      ) : (
        <ul className="stock-phrases__list" id={`${id}-list`} role="listbox" aria-label={t('minutes.phrases.title')}>
          {shown.map((phrase, index) => (
            <li
              key={phrase.id}
              id={`${id}-${phrase.id}`}
              role="option"
              aria-selected={index === activeIndex}
              className="stock-phrases__option"
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => onPick(phrase)}
            >
              <span className="stock-phrases__name">{phrase.label}</span>
              <span className="stock-phrases__text">{phrase.text}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="stock-phrases__hint muted">{t('minutes.phrases.hint')}</p>
    </div>
  );
}
