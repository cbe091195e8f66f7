/**
 * How features plug into the viewer without the viewer knowing them (as
 * pdf.js's viewer does not know its annotation editor's storage): a feature
 * describes itself as a `ViewerPlugin` — rows under the toolbar, layers on
 * each page, a sidebar tab, and a link to where the reader is — and whoever
 * composes the screen wraps the viewer in `<ProvideViewerPlugin>`. Plug-ins
 * nest: each provider adds its plug-in to those around it.
 */
import { createContext, useContext, useEffect, useMemo, type ComponentType, type ReactNode } from 'react';
import type { PageViewport, PDFDocumentProxy } from 'pdfjs-dist';

/** What a page lends the layers drawn on it, once it is loaded. */
export interface PageLayerProps {
  pageNumber: number;
  /** The page's viewport at the current zoom and rotation: PDF coordinates to CSS pixels on the page. */
  viewport: PageViewport;
  /** The page's text layer (pdf.js's), where the reader selects text; its parent is the page. */
  textLayer: HTMLElement;
}

export interface ViewerPlugin {
  /** Names the plug-in; its sidebar tab goes by it. */
  id: string;
  /** Rows under the viewer's toolbar (tools, offers). */
  Bar?: ComponentType<{ pdf: PDFDocumentProxy }>;
  /** Drawn on each page under its text layer, so the text stays selectable (marks). */
  PageUnderlay?: ComponentType<PageLayerProps>;
  /** Drawn on each page over its text layer and links (pins, drawing surfaces). */
  PageOverlay?: ComponentType<PageLayerProps>;
  /** A tab of the viewer's sidebar. */
  sidebarTab?: {
    /** Read when shown, so it follows the language. */
    label(): string;
    testId?: string;
    Panel: ComponentType<{ onGoToPage: (pageNumber: number) => void }>;
  };
  /** The page the reader is on, once the viewer has painted the page it opened at. */
  pageShown?(pageNumber: number): void;
  /** The viewer's way to show a page, or null when it goes away. */
  setGoToPage?(goToPage: ((pageNumber: number) => void) | null): void;
}

const ViewerPluginsContext = createContext<readonly ViewerPlugin[]>([]);

/** Adds `plugin` to the viewers inside. Keep the object stable: a new one re-renders the viewer. */
export function ProvideViewerPlugin({ plugin, children }: { plugin: ViewerPlugin; children: ReactNode }) {
  const around = useContext(ViewerPluginsContext);
  const plugins = useMemo(() => [...around, plugin], [around, plugin]);
  return <ViewerPluginsContext.Provider value={plugins}>{children}</ViewerPluginsContext.Provider>;
}

export function useViewerPlugins(): readonly ViewerPlugin[] {
  return useContext(ViewerPluginsContext);
}

/** What the viewer does for the components plug-ins put in it. */
export interface ViewerCommands {
  goToPage(pageNumber: number): void;
  /** Opens the sidebar at a plug-in's tab (by the plug-in's id). */
  openSidebarTab(pluginId: string): void;
}

export const ViewerCommandsContext = createContext<ViewerCommands | null>(null);

export function useViewerCommands(): ViewerCommands | null {
  return useContext(ViewerCommandsContext);
}

/**
 * For the viewer: report the page shown (null: none yet) and lend `goToPage` (null: not yet) to the
 * plug-ins that follow the reader.
 */
export function useReaderLink(plugins: readonly ViewerPlugin[], shownPage: number | null, goToPage: ((pageNumber: number) => void) | null): void {
  useEffect(() => {
    if (shownPage === null) return;
    for (const plugin of plugins) plugin.pageShown?.(shownPage);
  }, [plugins, shownPage]);
  useEffect(() => {
    if (!goToPage) return;
    for (const plugin of plugins) plugin.setGoToPage?.(goToPage);
    return () => {
      for (const plugin of plugins) plugin.setGoToPage?.(null);
    };
  }, [plugins, goToPage]);
}
