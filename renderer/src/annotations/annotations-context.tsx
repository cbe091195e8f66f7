/**
 * The annotation state of one open document: its two layers (this member's
 * private layer and the committee's shared one), the tool and colour in use,
 * the selected annotation, and the edits a member may make. The viewer's pages
 * and sidebar read it from context; without a provider (a local file) there
 * are no annotations.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { PageViewport } from 'pdfjs-dist';
import {
  type Annotation,
  type AnnotationColour,
  type AnnotationLayer,
  type LayeredAnnotation,
} from '../../../common/annotations.ts';
import { yjsDocName } from '../../../common/wire.ts';
import { selectionRects, toPdfRect } from './geometry.ts';
import type { MeetingScope } from './MeetingAnnotations.tsx';
import { useAnnotationLayer, type LayerState } from './use-annotation-layer.ts';

export type AnnotationTool = 'select' | 'highlight' | 'note' | 'ink';

export interface AnnotationAuthor {
  id: string;
  name: string;
}

/** What a page tells the annotation state about itself while it is drawn. */
export interface PageGeometry {
  viewport: PageViewport;
  pageElement: HTMLElement;
  textLayer: HTMLElement;
}

/** An annotation to create: everything but what the state fills in. */
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
  tool: AnnotationTool;
  setTool(tool: AnnotationTool): void;
  colour: AnnotationColour;
  setColour(colour: AnnotationColour): void;
  /** False for an observer: the server lets them read the shared layer, not write it. */
  canShare: boolean;
  /** The layer new annotations go to. */
  newLayer: AnnotationLayer;
  setNewLayer(layer: AnnotationLayer): void;
  selectedId: string | null;
  select(id: string | null): void;
  /** Asks the viewer to show the annotation list (a click on a mark). */
  listRequest: number;
  registerPage(pageNumber: number, geometry: PageGeometry | null): void;
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
  const [tool, setTool] = useState<AnnotationTool>('select');
  const [colour, setColour] = useState<AnnotationColour>('yellow');
  // Private by default: nothing reaches the committee unless the member chooses to share it.
  const [chosenLayer, setNewLayer] = useState<AnnotationLayer>('private');
  const newLayer = canShare ? chosenLayer : 'private';
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [listRequest, setListRequest] = useState(0);
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

  const select = useCallback((id: string | null) => {
    setSelectedId(id);
    if (id) setListRequest((count) => count + 1);
  }, []);

  const value = useMemo((): AnnotationsState => {
    const write = (layer: AnnotationLayer, annotation: Annotation): boolean => {
      const map = layers[layer].map;
      if (!map) return false;
      map.set(annotation.id, annotation);
      return true;
    };
    const create: AnnotationsState['create'] = (fields, layer = newLayer, chosenColour = colour) => {
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
      tool,
      setTool,
      colour,
      setColour,
      canShare,
      newLayer,
      setNewLayer,
      selectedId,
      select,
      listRequest,
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
        if (selectedId === annotation.id) setSelectedId(null);
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
        if (!selection || selection.isCollapsed || selection.rangeCount === 0) return false;
        const range = selection.getRangeAt(0);
        const pageElement = (range.startContainer.parentElement ?? null)?.closest<HTMLElement>('.pdf-page');
        const pageNumber = Number(pageElement?.dataset.pageNumber);
        const geometry = pages.current.get(pageNumber);
        if (!geometry || !geometry.pageElement.contains(range.endContainer)) return false;
        const quote = selection.toString().replace(/\s+/g, ' ').trim();
        const rects = selectionRects(range.getClientRects(), geometry.pageElement.getBoundingClientRect()).map((rect) =>
          toPdfRect(geometry.viewport, rect),
        );
        if (!quote || rects.length === 0) return false;
        const created = create({ kind: 'highlight', page: pageNumber, rects, quote, ...surroundings(geometry.textLayer, range) });
        selection.removeAllRanges();
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
  }, [documentId, open, committeeId, meeting, author, layers, all, tool, colour, canShare, newLayer, selectedId, select, listRequest, registerPage]);

  return <AnnotationsContext.Provider value={value}>{children}</AnnotationsContext.Provider>;
}

/** Up to 40 characters of the page's text either side of the selection, to re-anchor it later. */
function surroundings(textLayer: HTMLElement, range: Range): { prefix: string; suffix: string } {
  const before = document.createRange();
  before.setStart(textLayer, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const after = document.createRange();
  after.setStart(range.endContainer, range.endOffset);
  after.setEnd(textLayer, textLayer.childNodes.length);
  return { prefix: before.toString().slice(-40), suffix: after.toString().slice(0, 40) };
}

/** 128 random bits, hex (crypto.randomUUID needs a secure context, which a custom protocol may not be). */
function newAnnotationId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
