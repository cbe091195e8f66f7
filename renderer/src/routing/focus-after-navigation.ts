/**
 * After an in-app navigation the element the user activated is usually gone,
 * leaving focus on <body>: keyboard and screen-reader users would start over at
 * the top. The new screen's heading takes focus instead, but only after a real
 * navigation (never on first load, where the skip link must come first) and
 * only when nothing else already holds focus.
 */
import { useEffect, type RefObject } from 'react';

let lastRouteKey: string | null = null;
let navigated = false;

/** Called by the shell while rendering each route. */
export function noteRoute(routeKey: string): void {
  if (lastRouteKey !== null && lastRouteKey !== routeKey) navigated = true;
  lastRouteKey = routeKey;
}

export function useFocusAfterNavigation(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const active = document.activeElement;
    if (navigated && (active === null || active === document.body)) ref.current?.focus();
  }, [ref]);
}
