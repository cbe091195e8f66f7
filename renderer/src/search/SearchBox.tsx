/** "Search all papers" in the banner: a search landmark whose field Ctrl+Shift+F focuses from anywhere. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { t } from '../i18n/index.ts';
import { navigate, searchHref, useRoute } from '../routing/hash-route.ts';
import './search.css';

export function SearchBox() {
  const route = useRoute();
  const routeQuery = route.name === 'search' ? route.query : '';
  const [text, setText] = useState(routeQuery);
  const inputRef = useRef<HTMLInputElement>(null);

  // Show the query of the results on screen (e.g. after Back).
  useEffect(() => setText(routeQuery), [routeQuery]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = text.trim().slice(0, 200);
    if (query) navigate(searchHref(query));
  };

  return (
    <form className="search-box" role="search" aria-label={t('search.label')} onSubmit={submit} data-testid="search-box">
      <label className="visually-hidden" htmlFor="search-all-papers">
        {t('search.label')}
      </label>
      <input
        id="search-all-papers"
        ref={inputRef}
        type="search"
        className="search-box__input"
        placeholder={t('search.placeholder')}
        value={text}
        maxLength={200}
        onChange={(event) => setText(event.target.value)}
        aria-keyshortcuts="Control+Shift+F"
        autoComplete="off"
      />
      <button type="submit" className="button">
        {t('search.submit')}
      </button>
    </form>
  );
}
