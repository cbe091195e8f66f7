/**
 * The annotation tools under the viewer's toolbar: which tool, which colour,
 * which layer new marks go to, and how the shared layer stands with the server.
 */
import type { AnnotationLayer } from '../../../common/annotations.ts';
import { t } from '../i18n/index.ts';
import { useAnnotations, type AnnotationTool } from './annotations-context.tsx';
import { ColourSwatches } from './ColourSwatches.tsx';

const tools: AnnotationTool[] = ['select', 'highlight', 'note', 'ink'];

export function AnnotationToolbar() {
  const state = useAnnotations();
  if (!state) return null;
  const shared = state.layers.shared.connection;

  return (
    <div className="annotation-toolbar" role="toolbar" aria-label={t('annotations.toolbar')} data-testid="annotation-toolbar">
      <div className="annotation-toolbar__group" role="group" aria-label={t('annotations.tool')}>
        {tools.map((tool) => (
          <button
            key={tool}
            type="button"
            className="button button--quiet button--small"
            aria-pressed={state.tool === tool}
            onClick={() => state.setTool(tool)}
            data-testid={`annotation-tool-${tool}`}
          >
            {t(`annotations.tool.${tool}`)}
          </button>
        ))}
      </div>
      <ColourSwatches selected={state.colour} onChoose={state.setColour} testIds />
      <label className="annotation-toolbar__layer">
        <span>{t('annotations.newLayer')}</span>
        <select
          value={state.newLayer}
          onChange={(event) => state.setNewLayer(event.target.value as AnnotationLayer)}
          data-testid="annotation-layer"
        >
          <option value="private">{t('annotations.layer.private')}</option>
          <option value="shared" disabled={!state.canShare}>
            {t('annotations.layer.sharedLong')}
          </option>
        </select>
      </label>
      {state.tool === 'highlight' && (
        <button
          type="button"
          className="button button--quiet button--small"
          // Keeps the page's text selection (a mouse-down on a button may otherwise clear it).
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => state.highlightSelection()}
        >
          {t('annotations.highlightSelection')}
        </button>
      )}
      <p className="annotation-toolbar__hint" aria-live="polite">
        {state.tool === 'highlight' && t('annotations.hint.highlight')}
        {state.tool === 'note' && t('annotations.hint.note')}
        {state.tool === 'ink' && t('annotations.hint.ink')}
      </p>
      <p className={`annotation-toolbar__status annotation-toolbar__status--${shared}`} data-testid="annotation-status" data-connection={shared}>
        {t(`annotations.status.${shared}`)}
      </p>
    </div>
  );
}
