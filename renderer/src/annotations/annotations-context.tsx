/**
 * The annotations of one open document: its two layers (this member's
 * private layer and the committee's shared one) and the edits a member may
 * make to them. The provider also holds the tools in use (annotation-tools)
 * and the selection (annotation-selection), each in a context of its own so
 * that a change re-renders only what uses it. Without a provider (a local
 * file) there are no annotations.
 */
import { createContext, useCallback, useContext, useMemo, useRef, type ReactNode } from 'react';
import {
  type Annotation,
  type AnnotationColour,
  type AnnotationLayer,
  type LayeredAnnotation,
} from '../../../common/annotations.ts';
import { yjsDocName } from '../../../common/wire.ts';
import { AnnotationSelectionContext, useSelectionState } from './annotation-selection.tsx';
import { AnnotationToolsContext, useToolState } from './annotation-tools.tsx';
import { highlightOfSelection, type PageGeometry } from './selection-highlight.ts';
import { useAnnotationLayer, type LayerState } from './use-annotation-layer.ts';

export interface AnnotationAuthor {
  id: string;
  name: string;
}

/** A meeting's documents, for the meeting-wide list. */
export interface MeetingScope {
  meetingId: string;
  committeeId: string;
  userId: string;
  documents: Array<{ id: string; name: string }>;
}

/** An annotation to create: everything but what the store fills in. */
export type NewAnnotation =
  | Omit<Extract<Annotation, { kind: 'highlight' }>, CommonFields>
  | Omit<Extract<Annotation, { kind: 'note' }>, CommonFields>
  | Omit<Extract<Annotation, { kind: 'ink' }>, CommonFields>;
type CommonFields = 'id' | 'colour' | 'authorId' | 'authorName' | 'createdAt' | 'updatedAt';

export interface AnnotationsState {
  documentId: string;
  /** Whether the layers have been asked for yet (see `open` on the provider). */
  open: boolean;
  committeeId: string;
  /** The meeting the document belongs to, for the meeting-wide list. */
  meeting: MeetingScope | null;
  author: AnnotationAuthor;
  layers: Record<AnnotationLayer, LayerState>;
  /** Both layers' annotations, by page. */
  all: LayeredAnnotation[];
  /** False for an observer: the server lets them read the shared layer, not write it. */
  canShare: boolean;
  registerPage(pageNumber: number, geometry: PageGeometry | null): void;
  /** Creates in the chosen layer and colour unless told others. */
  create(annotation: NewAnnotation, layer?: AnnotationLayer, colour?: AnnotationColour): LayeredAnnotation | null;
  update(annotation: LayeredAnnotation, change: Partial<Pick<Annotation, 'colour'>> & { text?: string }): void;
  remove(annotation: LayeredAnnotation): void;
  /** Moves one of this member's private annotations (and its replies) to the shared layer. */
  share(annotation: LayeredAnnotation): void;
  /** Highlights the current text selection if it lies on one page; false when there is none. */
  highlightSelection(): boolean;
  /** Writes annotations whole (carry-forward); existing entries with the same ids are left as they are. */
  addAll(layer: AnnotationLayer, annotations: Annotation[]): number;
}

const AnnotationsContext = createContext<AnnotationsState | null>(null);

export function useAnnotations(): AnnotationsState | null {
  return useContext(AnnotationsContext);
}

interface ProviderProps {
  documentId: string;
  /** The committee whose shared layer this document has. */
  committeeId: string;
  author: AnnotationAuthor;
  meeting?: MeetingScope | null;
  canShare?: boolean;
  /**
   * False until the reader's first page is painted: opening the layers (two Yjs replicas synced with
   * the server) costs the host and the server CPU that, on a two-core laptop, the first page needs more.
   */
  open?: boolean;
  children: ReactNode;
}

export function AnnotationsProvider({ documentId, committeeId, author, meeting = null, canShare = true, open = true, children }: ProviderProps) {
  const privateLayer = useAnnotationLayer(yjsDocName.privateAnnotations(author.id, documentId), open);
  const sharedLayer = useAnnotationLayer(yjsDocName.sharedAnnotations(committeeId, documentId), open);
  const tools = useToolState(canShare);
  const selection = useSelectionState();
  const { deselect } = selection;
  // New marks take the tools' layer and colour as they are when made: read, not watched, so choosing
  // a colour does not re-render every mark.
  const toolsNow = useRef(tools);
  toolsNow.current = tools;
  const pages = useRef(new Map<number, PageGeometry>());

  const layers = useMemo(() => ({ private: privateLayer, shared: sharedLayer }), [privateLayer, sharedLayer]);
  const all = useMemo(
    () =>
      [
        ...privateLayer.annotations.map((a): LayeredAnnotation => ({ ...a, layer: 'private' })),
        ...sharedLayer.annotations.map((a): LayeredAnnotation => ({ ...a, layer: 'shared' })),
      ].sort((a, b) => a.page - b.page || a.createdAt.localeCompare(b.createdAt)),
    [privateLayer, sharedLayer],
  );

  const registerPage = useCallback((pageNumber: number, geometry: PageGeometry | null) => {
    if (geometry) pages.current.set(pageNumber, geometry);
    else pages.current.delete(pageNumber);
  }, []);

  const value = useMemo((): AnnotationsState => {
    const write = (layer: AnnotationLayer, annotation: Annotation): boolean => {
      const map = layers[layer].map;
      if (!map) return false;
      map.set(annotation.id, annotation);
      return true;
    };
    const create: AnnotationsState['create'] = (fields, layer = toolsNow.current.newLayer, chosenColour = toolsNow.current.colour) => {
      const now = new Date().toISOString();
      const annotation = {
        ...fields,
        id: newAnnotationId(),
        colour: chosenColour,
        authorId: author.id,
        authorName: author.name,
        createdAt: now,
        updatedAt: now,
      } as Annotation;
      return write(layer, annotation) ? { ...annotation, layer } : null;
    };
    const repliesOf = (annotation: LayeredAnnotation) =>
      all.filter((a) => a.kind === 'note' && a.replyTo === annotation.id && a.layer === annotation.layer);
    return {
      documentId,
      open,
      committeeId,
      meeting,
      author,
      layers,
      all,
      canShare,
      registerPage,
      create,
      update(annotation, change) {
        if (annotation.authorId !== author.id) return;
        const { layer, ...stored } = annotation;
        const next = { ...stored, ...change, updatedAt: new Date().toISOString() } as Annotation;
        if (next.kind !== 'note') delete (next as { text?: string }).text;
        write(layer, next);
      },
      remove(annotation) {
        if (annotation.authorId !== author.id) return;
        layers[annotation.layer].map?.delete(annotation.id);
        deselect(annotation.id);
      },
      share(annotation) {
        if (!canShare || annotation.layer !== 'private' || annotation.authorId !== author.id || !layers.shared.map) return;
        // Written to the shared layer first, then removed from the private one: a failure in between duplicates, never loses.
        for (const moving of [annotation, ...repliesOf(annotation)]) {
          const { layer: _from, ...stored } = moving;
          write('shared', { ...stored, updatedAt: new Date().toISOString() });
          layers.private.map?.delete(moving.id);
        }
      },
      highlightSelection() {
        const selection = window.getSelection();
        const highlight = highlightOfSelection(selection, pages.current);
        if (!highlight) return false;
        const created = create(highlight);
        selection?.removeAllRanges();
        return created !== null;
      },
      addAll(layer, annotations) {
        const map = layers[layer].map;
        if (!map || (layer === 'shared' && !canShare)) return 0;
        let added = 0;
        map.doc?.transact(() => {
          for (const annotation of annotations) {
            if (map.has(annotation.id)) continue;
            map.set(annotation.id, annotation);
            added += 1;
          }
        });
        return added;
      },
    };
  }, [documentId, open, committeeId, meeting, author, layers, all, canShare, registerPage, deselect]);

  return (
    <AnnotationsContext.Provider value={value}>
      <AnnotationToolsContext.Provider value={tools}>
        <AnnotationSelectionContext.Provider value={selection}>{children}</AnnotationSelectionContext.Provider>
      </AnnotationToolsContext.Provider>
    </AnnotationsContext.Provider>
  );
}

/** 128 random bits, hex (crypto.randomUUID needs a secure context, which a custom protocol may not be). */
function newAnnotationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
