/**
 * How the PDF viewer and presence talk without knowing each other: the viewer
 * reports the page the reader is on and lends a way to show a page; presence
 * (following the presenter) asks for pages through it.
 */
import { createContext, useContext, useEffect } from 'react';

export interface ViewerLink {
  /** The page the reader is on, once the viewer has painted the page it opened at. */
  pageShown(page: number): void;
  /** The viewer's way to show a page, or null when it goes away. */
  setGoToPage(goToPage: ((page: number) => void) | null): void;
}

export const ViewerLinkContext = createContext<ViewerLink | null>(null);

/**
 * For the viewer: report the page shown (null: none yet) and lend `goToPage` (null: not yet) to whoever
 * provides a link.
 */
export function useViewerLink(shownPage: number | null, goToPage: ((page: number) => void) | null): void {
  const link = useContext(ViewerLinkContext);
  useEffect(() => {
    if (shownPage !== null) link?.pageShown(shownPage);
  }, [link, shownPage]);
  useEffect(() => {
    if (!link || !goToPage) return;
    link.setGoToPage(goToPage);
    return () => link.setGoToPage(null);
  }, [link, goToPage]);
}
