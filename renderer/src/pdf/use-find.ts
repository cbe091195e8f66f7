/**
 * The find controller: the query typed, the matches found so far, which one
 * is current, and taking the reader to it — to its page at once, then (once
 * the page's text layer has marked it) to the match itself, as pdf.js's find
 * controller scrolls a match into view once per move, not on every redraw.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { findInDocument, type FindMatch } from './find.ts';

/** Find this text when the document opens, starting at this page (a search hit). */
export interface InitialFind {
  query: string;
  fromPage: number;
}

/** How find moves the reader. */
export interface FindNavigation {
  goToPage(pageNumber: number): void;
  scrollMatchIntoView(match: HTMLElement): void;
}

export function useFind(pdf: PDFDocumentProxy, navigation: FindNavigation, initialFind: InitialFind | null) {
  const [isOpen, setOpen] = useState(initialFind !== null);
  const [query, setQuery] = useState(initialFind?.query ?? '');
  /** The first search shows the first match from this page on (a search hit's page), later ones from page 1. */
  const fromPage = useRef(initialFind?.fromPage ?? 1);
  const [searchedQuery, setSearchedQuery] = useState('');
  const [matches, setMatches] = useState<FindMatch[]>([]);
  const [current, setCurrent] = useState(-1);
  const [searching, setSearching] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  /** The reader was sent to a match that is not yet scrolled into view (its page may still be drawing). */
  const scrollPending = useRef(false);
  /** Counts moves to a match, so that moving to the same one again (the only match) marks it again. */
  const [moves, setMoves] = useState(0);

  const showMatch = useCallback(
    (index: number, match: FindMatch) => {
      setCurrent(index);
      setMoves((count) => count + 1);
      scrollPending.current = true;
      navigation.goToPage(match.pageNumber);
    },
    [navigation],
  );

  // Search shortly after typing stops; each new query cancels the previous search.
  useEffect(() => {
    const wanted = isOpen ? query.trim() : '';
    setMatches([]);
    setCurrent(-1);
    setSearchedQuery(wanted);
    if (!wanted) {
      setSearching(false);
      return;
    }
    setSearching(true);
    const abort = new AbortController();
    const timer = setTimeout(() => {
      let jumped = false;
      void findInDocument(pdf, wanted, abort.signal, (found, pagesSearched) => {
        setMatches(found);
        const done = pagesSearched === pdf.numPages;
        if (done) setSearching(false);
        // Show the first match (from the wanted page on) as soon as it is found.
        let firstIndex = found.findIndex((match) => match.pageNumber >= fromPage.current);
        if (firstIndex < 0 && done && found.length > 0) firstIndex = 0;
        const first = found[firstIndex];
        if (!jumped && first) {
          jumped = true;
          fromPage.current = 1;
          showMatch(firstIndex, first);
        }
      });
    }, 250);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [pdf, query, isOpen, showMatch]);

  const step = (direction: 1 | -1) => {
    if (matches.length === 0) return;
    const next = (current + direction + matches.length) % matches.length;
    const match = matches[next];
    if (match) showMatch(next, match);
  };

  /** A page marked the current match: bring it into view if the reader was just sent to it. */
  const matchMarked = useCallback(
    (element: HTMLElement) => {
      if (!scrollPending.current) return;
      scrollPending.current = false;
      navigation.scrollMatchIntoView(element);
    },
    [navigation],
  );

  return {
    isOpen,
    query,
    setQuery,
    matches,
    current,
    searching,
    focusRequest,
    /** The query whose matches are marked on the pages ('' when closed). */
    activeQuery: searchedQuery,
    activeMatch: current >= 0 ? (matches[current] ?? null) : null,
    activeMatchMove: moves,
    step,
    matchMarked,
    open: () => {
      setOpen(true);
      setFocusRequest((count) => count + 1);
    },
    close: () => setOpen(false),
  };
}

export type Find = ReturnType<typeof useFind>;
