/**
 * How the PDF viewer and presence talk without knowing each other: the viewer
 * reports the page the reader is on and lends a way to show a page; presence
 * (following the presenter) asks for pages through it.
 */
import { createContext, useContext, useEffect } from 'react';

export interface ViewerLink {
  /** The page the reader is on, once the viewer has restored its position. */
  pageShown(page: number): void;
  /** The viewer's way to show a page, or null when it goes away. */
  setGoToPage(goToPage: ((page: number) => void) | null): void;
}

export const ViewerLinkContext = createContext<ViewerLink | null>(null);

/** For the viewer: report the current page and lend `goToPage` to whoever provides a link. */
export function useViewerLink(currentPage: number, ready: boolean, goToPage: (page: number) => void): void {
  const link = useContext(ViewerLinkContext);
  useEffect(() => {
    if (ready) link?.pageShown(currentPage);
  }, [link, ready, currentPage]);
  useEffect(() => {
    if (!link || !ready) return;
    link.setGoToPage(goToPage);
    return () => link.setGoToPage(null);
  }, [link, ready, goToPage]);
}
