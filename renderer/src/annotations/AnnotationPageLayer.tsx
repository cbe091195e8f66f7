/**
 * The annotations of one page, drawn in our own layers over pdf.js's canvas
 * (the viewer's page layers, see pdf/viewer-plugins.tsx): `AnnotationMarks`
 * (highlights and ink, an SVG under the text layer so text stays selectable)
 * and `AnnotationControls` (note pins, the note editor, and the surface the
 * note and ink tools draw on, above the text layer).
 */
import { useEffect, useRef, useState, type FormEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { LayeredAnnotation, PdfPoint } from '../../../common/annotations.ts';
import { t, tp } from '../i18n/index.ts';
import type { PageLayerProps } from '../pdf/viewer-plugins.tsx';
import { useAnnotationSelection } from './annotation-selection.tsx';
import { useAnnotationTools } from './annotation-tools.tsx';
import { useAnnotations } from './annotations-context.tsx';
import { describeAnnotation } from './describe.ts';
import { rectContains, toPdfPoint, toScreenPoint, toScreenRect } from './geometry.ts';

function onPage(all: LayeredAnnotation[], pageNumber: number): LayeredAnnotation[] {
  return all.filter((annotation) => annotation.page === pageNumber && !annotation.unplaced);
}

export function AnnotationMarks({ pageNumber, viewport }: PageLayerProps) {
  const state = useAnnotations();
  const selectedId = useAnnotationSelection()?.selectedId ?? null;
  if (!state) return null;
  const marks = onPage(state.all, pageNumber).filter((annotation) => annotation.kind !== 'note');
  return (
    <svg
      className="annotation-marks"
      width={viewport.width}
      height={viewport.height}
      aria-hidden="true"
      data-testid="annotation-marks"
    >
      {marks.map((annotation) => {
        const selected = annotation.id === selectedId;
        const className = `annotation-mark annotation-mark--${annotation.kind} annotation-colour--${annotation.colour}${selected ? ' annotation-mark--selected' : ''}`;
        if (annotation.kind === 'highlight') {
          return (
            <g key={annotation.id} className={className} data-annotation-id={annotation.id} data-layer={annotation.layer}>
              <title>{`${describeAnnotation(annotation)}: “${annotation.quote}”`}</title>
              {annotation.rects.map((rect, index) => {
                const box = toScreenRect(viewport, rect);
                return <rect key={index} x={box.left} y={box.top} width={box.width} height={box.height} rx={2} />;
              })}
            </g>
          );
        }
        if (annotation.kind === 'ink') {
          return (
            <g key={annotation.id} className={className} data-annotation-id={annotation.id} data-layer={annotation.layer}>
              <title>{describeAnnotation(annotation)}</title>
              {annotation.strokes.map((stroke, index) => (
                <polyline
                  key={index}
                  points={stroke.map((point) => Object.values(toScreenPoint(viewport, point)).join(',')).join(' ')}
                  strokeWidth={Math.max(1, annotation.width * viewport.scale)}
                />
              ))}
            </g>
          );
        }
        return null;
      })}
    </svg>
  );
}

export function AnnotationControls({ pageNumber, viewport, textLayer }: PageLayerProps) {
  const state = useAnnotations();
  const tools = useAnnotationTools();
  const selection = useAnnotationSelection();
  const registerPage = state?.registerPage;
  const layerRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<PdfPoint | null>(null);
  const [stroke, setStroke] = useState<Array<{ x: number; y: number }> | null>(null);
  /** For the page's own listeners, set up once per viewport. */
  const now = useRef({ state, tools, selection });
  now.current = { state, tools, selection };

  // Tell the annotation state where this page is drawn, so a text selection on it can become a highlight.
  useEffect(() => {
    const pageElement = textLayer.parentElement;
    if (!registerPage || !pageElement) return;
    registerPage(pageNumber, { viewport, pageElement, textLayer });
    return () => registerPage(pageNumber, null);
  }, [registerPage, pageNumber, viewport, textLayer]);

  // Clicking a mark selects it; with the highlight tool, letting go of a selection highlights it.
  useEffect(() => {
    const pageElement = layerRef.current?.closest<HTMLElement>('.pdf-page');
    if (!pageElement) return;
    const onClick = (event: MouseEvent) => {
      const { state: current, tools: currentTools, selection: currentSelection } = now.current;
      if (!current || currentTools?.tool !== 'select' || !window.getSelection()?.isCollapsed) return;
      const bounds = pageElement.getBoundingClientRect();
      const point = toPdfPoint(viewport, event.clientX - bounds.left, event.clientY - bounds.top);
      const hit = [...onPage(current.all, pageNumber)].reverse().find((annotation) => hits(annotation, point, viewport.scale));
      if (hit) currentSelection?.select(hit.id);
    };
    const onPointerUp = () => {
      if (now.current.tools?.tool !== 'highlight') return;
      // After the browser has settled the selection.
      setTimeout(() => now.current.state?.highlightSelection(), 0);
    };
    pageElement.addEventListener('click', onClick);
    pageElement.addEventListener('pointerup', onPointerUp);
    return () => {
      pageElement.removeEventListener('click', onClick);
      pageElement.removeEventListener('pointerup', onPointerUp);
    };
  }, [viewport, pageNumber]);

  if (!state || !tools || !selection) return null;
  const notes = onPage(state.all, pageNumber).filter(
    (annotation): annotation is Extract<LayeredAnnotation, { kind: 'note' }> => annotation.kind === 'note' && annotation.replyTo === null,
  );
  const drawing = tools.tool === 'note' || tools.tool === 'ink';

  const localPoint = (event: ReactPointerEvent) => {
    const bounds = event.currentTarget.getBoundingClientRect();
    return { x: event.clientX - bounds.left, y: event.clientY - bounds.top };
  };
  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return;
    if (tools.tool === 'note') {
      const { x, y } = localPoint(event);
      setDraft(toPdfPoint(viewport, x, y));
    } else if (tools.tool === 'ink') {
      event.currentTarget.setPointerCapture(event.pointerId);
      setStroke([localPoint(event)]);
    }
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!stroke) return;
    const point = localPoint(event);
    setStroke((points) => (points && points.length < 5000 ? [...points, point] : points));
  };
  const onPointerUp = () => {
    if (!stroke) return;
    const points = stroke.map(({ x, y }) => toPdfPoint(viewport, x, y));
    setStroke(null);
    // Line width in PDF units: 2 px at the zoom it was drawn at.
    state.create({ kind: 'ink', page: pageNumber, strokes: [points], width: Math.round((2 / viewport.scale) * 100) / 100 || 1 });
  };

  return (
    <div ref={layerRef} className="annotation-controls">
      {drawing && (
        <div
          className={`annotation-surface annotation-surface--${tools.tool}`}
          data-testid="annotation-surface"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => setStroke(null)}
        >
          {stroke && (
            <svg className="annotation-marks" width={viewport.width} height={viewport.height} aria-hidden="true">
              <polyline className={`annotation-mark--ink annotation-colour--${tools.colour}`} points={stroke.map((p) => `${p.x},${p.y}`).join(' ')} strokeWidth={2} />
            </svg>
          )}
        </div>
      )}
      {notes.map((note) => {
        const at = toScreenPoint(viewport, note.at);
        const replies = state.all.filter((a) => a.kind === 'note' && a.replyTo === note.id).length;
        return (
          <button
            key={note.id}
            type="button"
            className={`annotation-pin annotation-colour--${note.colour}${note.id === selection.selectedId ? ' annotation-pin--selected' : ''}`}
            style={{ left: at.x, top: at.y }}
            title={`${describeAnnotation(note)}\n${note.text}`}
            aria-label={`${describeAnnotation(note)}: ${note.text}${replies > 0 ? ` (${tp('annotations.replyCount', replies)})` : ''}`}
            // The reply count badge is drawn by CSS from this attribute; the name above says it in words.
            data-replies={replies > 0 ? replies : undefined}
            aria-pressed={note.id === selection.selectedId}
            data-testid="annotation-pin"
            data-annotation-id={note.id}
            data-layer={note.layer}
            onClick={() => selection.select(note.id)}
          >
            <NoteIcon />
          </button>
        );
      })}
      {draft && (
        <NoteEditor
          at={toScreenPoint(viewport, draft)}
          onCancel={() => setDraft(null)}
          onSave={(text) => {
            const created = state.create({ kind: 'note', page: pageNumber, at: draft, text, replyTo: null });
            setDraft(null);
            tools.setTool('select');
            if (created) selection.select(created.id);
          }}
        />
      )}
    </div>
  );
}

function hits(annotation: LayeredAnnotation, point: PdfPoint, scale: number): boolean {
  if (annotation.kind === 'highlight') return annotation.rects.some((rect) => rectContains(rect, point));
  if (annotation.kind === 'ink') {
    const reach = 6 / scale;
    return annotation.strokes.some((stroke) => stroke.some((p) => Math.hypot(p.x - point.x, p.y - point.y) <= reach));
  }
  return false;
}

function NoteEditor({ at, onSave, onCancel }: { at: { x: number; y: number }; onSave: (text: string) => void; onCancel: () => void }) {
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) onSave(text.trim());
  };
  return (
    <form
      className="annotation-editor"
      style={{ left: at.x, top: at.y }}
      onSubmit={submit}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
      data-testid="note-editor"
    >
      <label htmlFor="annotation-note-text">{t('annotations.noteLabel')}</label>
      <textarea id="annotation-note-text" rows={3} value={text} autoFocus onChange={(event) => setText(event.target.value)} />
      <div className="annotation-editor__actions">
        <button type="submit" className="button button--primary" disabled={!text.trim()}>
          {t('annotations.save')}
        </button>
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t('annotations.cancel')}
        </button>
      </div>
    </form>
  );
}

export function NoteIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M2 2h12v9H8l-3 3v-3H2z" fill="currentColor" />
    </svg>
  );
}
