/**
 * Following the presenter: while on, the viewer is taken to the presented
 * document and page as they change. The reader leaves by pressing Stop, by
 * scrolling or paging away themself, or by choosing another document.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { meetingHref, navigate } from '../routing/hash-route.ts';

/** A page change this soon after the reader's own input is theirs, not ours. */
const ownInputWindowMs = 1500;
const navigationKeys = new Set(['PageUp', 'PageDown', 'ArrowUp', 'ArrowDown', 'Home', 'End', ' ', 'j', 'k', 'n', 'p']);

export interface FollowTarget {
  documentId: string;
  page: number;
}

export interface Follow {
  following: boolean;
  /** Why following ended, for the live region (null while following or never followed). */
  left: 'stopped' | 'moved-away' | null;
  start(): void;
  stop(): void;
  /** Handlers for the element around the viewer, to notice the reader's own scrolling. */
  inputHandlers: {
    onWheelCapture(): void;
    onPointerDownCapture(): void;
    onTouchStartCapture(): void;
    onKeyDownCapture(event: { key: string }): void;
  };
  /** From the viewer link: the reader is on this page. */
  pageShown(page: number): void;
  /** From the viewer link: how to show a page in the open document (null when it closes). */
  setGoToPage(goToPage: ((page: number) => void) | null): void;
}

/** `following` is kept by the caller, which also tells the others (presence) that we follow. */
export function useFollow(
  meetingId: string,
  documentId: string | null,
  target: FollowTarget | null,
  [following, setFollowing]: [boolean, (following: boolean) => void],
): Follow {
  const [left, setLeft] = useState<Follow['left']>(null);
  const lastInput = useRef(-Infinity);
  const goTo = useRef<((page: number) => void) | null>(null);
  const shownPage = useRef<number | null>(null);
  /** The document we navigated to ourselves (so arriving there is not "choosing another document"). */
  const ledTo = useRef<string | null>(null);
  const targetRef = useRef(target);
  targetRef.current = target;

  const leave = useCallback(
    (reason: 'stopped' | 'moved-away') => {
      setFollowing(false);
      setLeft(reason);
    },
    [setFollowing],
  );

  // Take the reader to the presented document and page.
  const targetKey = target ? `${target.documentId}:${target.page}` : '';
  useEffect(() => {
    if (!following || !target) return;
    if (target.documentId !== documentId) {
      ledTo.current = target.documentId;
      navigate(meetingHref(meetingId, target.documentId, { page: target.page, find: '' }));
    } else if (shownPage.current !== target.page) {
      goTo.current?.(target.page);
    }
    // documentId is read, not watched: a document the reader chose is handled below.
  }, [following, targetKey, meetingId]);

  // Choosing another document (in the agenda) while following leaves follow mode.
  useEffect(() => {
    if (!following || documentId === null) return;
    const presented = targetRef.current?.documentId;
    if (documentId !== presented && documentId !== ledTo.current) leave('moved-away');
  }, [documentId]);

  const markInput = useCallback(() => {
    lastInput.current = Date.now();
  }, []);

  useEffect(() => {
    // Keyboard paging goes to window when nothing in particular has focus.
    const onKey = (event: KeyboardEvent) => {
      if (event.target === document.body && navigationKeys.has(event.key)) markInput();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [markInput]);

  const pageShown = useCallback(
    (page: number) => {
      shownPage.current = page;
      const wanted = targetRef.current;
      if (!following || !wanted || page === wanted.page) return;
      if (Date.now() - lastInput.current < ownInputWindowMs) leave('moved-away');
    },
    [following, leave],
  );

  const setGoToPage = useCallback(
    (goToPage: ((page: number) => void) | null) => {
      goTo.current = goToPage;
      // A viewer that opened while we were following catches up with where the presenter is now.
      const wanted = targetRef.current;
      if (goToPage && following && wanted && wanted.documentId === documentId && shownPage.current !== wanted.page) goToPage(wanted.page);
    },
    [following, documentId],
  );

  return {
    following,
    left,
    start: () => {
      lastInput.current = -Infinity;
      setLeft(null);
      setFollowing(true);
    },
    stop: () => leave('stopped'),
    inputHandlers: {
      onWheelCapture: markInput,
      onPointerDownCapture: markInput,
      onTouchStartCapture: markInput,
      onKeyDownCapture: (event) => {
        if (navigationKeys.has(event.key)) markInput();
      },
    },
    pageShown,
    setGoToPage,
  };
}
