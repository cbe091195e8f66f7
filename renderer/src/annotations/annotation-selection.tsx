/**
 * Which annotation is selected (clicked on the page, or opened in the list),
 * and requests for the viewer to show the list. A context of its own, so
 * selecting re-renders what shows the selection, not the tools.
 */
import { createContext, useCallback, useContext, useMemo, useState } from 'react';

export interface AnnotationSelection {
  selectedId: string | null;
  select(id: string | null): void;
  /** Drops the selection if it is this annotation (it was deleted). */
  deselect(id: string): void;
  /** Asks the viewer to show the annotation list (a click on a mark). */
  listRequest: number;
}

export const AnnotationSelectionContext = createContext<AnnotationSelection | null>(null);

/** Null without annotations (a local file). */
export function useAnnotationSelection(): AnnotationSelection | null {
  return useContext(AnnotationSelectionContext);
}

/** The selection's state, for the provider. */
export function useSelectionState(): AnnotationSelection {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [listRequest, setListRequest] = useState(0);
  const select = useCallback((id: string | null) => {
    setSelectedId(id);
    if (id) setListRequest((count) => count + 1);
  }, []);
  const deselect = useCallback((id: string) => setSelectedId((current) => (current === id ? null : current)), []);
  return useMemo(() => ({ selectedId, select, deselect, listRequest }), [selectedId, select, deselect, listRequest]);
}
