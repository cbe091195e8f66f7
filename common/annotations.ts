/**
 * The annotation model: what a layer's Yjs document holds and how it is read.
 *
 * Each layer (`annotations.shared.<committee>.<document>` or
 * `annotations.private.<user>.<document>`, see common/yjs-names.ts) is a
 * Y.Doc with one `Y.Map` named `annotations`: annotation id → a plain JSON
 * object, always replaced whole.
 *
 * Why whole plain objects rather than nested Y.Maps: only an annotation's
 * author edits it, so concurrent edits of one annotation come from one person
 * on two devices, where last-writer-wins per annotation is what they expect;
 * replacing the whole value means a reader never sees a mix of two versions
 * (rects of one highlight with the quote of another), and each entry is
 * validated as one unit. Different annotations are different map keys, so
 * edits to them merge independently offline; a delete is a key removal.
 *
 * Geometry is in PDF page coordinates (user space of the unrotated page, y
 * upwards), so marks stay put at any zoom and rotation. Everything read out of
 * a Yjs doc is validated here: a remote peer may send anything, and an invalid
 * entry is skipped, never trusted and never a crash.
 */
import { z } from 'zod';

export const annotationsMapName = 'annotations';

/** Colours are names from a fixed palette (never raw CSS from a peer). */
export const AnnotationColour = z.enum(['yellow', 'green', 'blue', 'pink', 'orange']);
export type AnnotationColour = z.infer<typeof AnnotationColour>;
export const annotationColours = AnnotationColour.options;

export const AnnotationLayer = z.enum(['private', 'shared']);
export type AnnotationLayer = z.infer<typeof AnnotationLayer>;

const coordinate = z.number().finite().min(-100_000).max(100_000);
export const PdfPoint = z.object({ x: coordinate, y: coordinate });
export type PdfPoint = z.infer<typeof PdfPoint>;
/** `[x1, y1, x2, y2]` in PDF user space with x1 ≤ x2 and y1 ≤ y2. */
export const PdfRect = z
  .tuple([coordinate, coordinate, coordinate, coordinate])
  .refine(([x1, y1, x2, y2]) => x1 <= x2 && y1 <= y2, 'a rectangle [x1, y1, x2, y2] with x1 ≤ x2 and y1 ≤ y2');
export type PdfRect = z.infer<typeof PdfRect>;

const AnnotationId = z.string().regex(/^[A-Za-z0-9_~-]{1,120}$/, 'an annotation id');
const Timestamp = z.iso.datetime({ offset: true });

/** Where an annotation came from when it was carried forward from an earlier version of the document. */
export const CarriedFrom = z.object({ documentId: z.string().min(1).max(64), annotationId: AnnotationId });

const common = {
  id: AnnotationId,
  /** 1-based page number. */
  page: z.number().int().min(1).max(1_000_000),
  colour: AnnotationColour,
  authorId: z.string().min(1).max(64),
  authorName: z.string().min(1).max(200),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  carriedFrom: CarriedFrom.optional(),
  /**
   * Carried forward but not placeable in this version (its text is gone, or its page is):
   * kept and listed, never drawn, never dropped.
   */
  unplaced: z.boolean().optional(),
};

export const HighlightAnnotation = z.object({
  ...common,
  kind: z.literal('highlight'),
  rects: z.array(PdfRect).max(500),
  /** The highlighted text, used to re-anchor it in a new version of the document. */
  quote: z.string().max(10_000),
  /** A little text either side of the quote on its page, to tell repeated phrases apart. */
  prefix: z.string().max(200).default(''),
  suffix: z.string().max(200).default(''),
});

export const NoteAnnotation = z.object({
  ...common,
  kind: z.literal('note'),
  /** Where the sticky note is pinned (for a reply or a comment on a highlight: its target's place). */
  at: PdfPoint,
  text: z.string().max(20_000),
  /** A reply to (or a comment on) another annotation of the same document; null for a free note. */
  replyTo: AnnotationId.nullable().default(null),
});

export const InkAnnotation = z.object({
  ...common,
  kind: z.literal('ink'),
  strokes: z.array(z.array(PdfPoint).min(1).max(5_000)).min(1).max(200),
  /** Line width in PDF units. */
  width: z.number().finite().min(0.1).max(50),
});

export const Annotation = z.discriminatedUnion('kind', [HighlightAnnotation, NoteAnnotation, InkAnnotation]);
export type Annotation = z.infer<typeof Annotation>;
export type HighlightAnnotation = z.infer<typeof HighlightAnnotation>;
export type NoteAnnotation = z.infer<typeof NoteAnnotation>;
export type InkAnnotation = z.infer<typeof InkAnnotation>;
export type AnnotationKind = Annotation['kind'];

/** An annotation as the UI uses it: which layer it lives in. */
export type LayeredAnnotation = Annotation & { layer: AnnotationLayer };

export interface ReadAnnotations {
  annotations: Annotation[];
  /** Entries that did not validate (a peer's junk or a newer format): skipped, never shown. */
  skipped: number;
}

/**
 * Reads a layer's entries (the `annotations` map's JSON, e.g. `map.toJSON()`):
 * every entry validated, keys must match ids, invalid ones skipped.
 */
export function readAnnotations(entries: Record<string, unknown>): ReadAnnotations {
  const annotations: Annotation[] = [];
  let skipped = 0;
  for (const [key, value] of Object.entries(entries)) {
    const parsed = Annotation.safeParse(value);
    if (parsed.success && parsed.data.id === key) annotations.push(parsed.data);
    else skipped += 1;
  }
  annotations.sort((a, b) => a.page - b.page || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return { annotations, skipped };
}

/**
 * The id an annotation gets when carried forward into a document: the same for
 * every member who carries it, so two members carrying a shared layer forward
 * write one entry, not two.
 */
export function carriedAnnotationId(annotationId: string, fromDocumentId: string): string {
  const id = `${annotationId}~${fromDocumentId.slice(0, 36)}`;
  return id.length <= 120 ? id : id.slice(0, 120);
}
