/**
 * The annotation tools under the viewer's toolbar: which tool, which colour,
 * which layer new marks go to, and how the shared layer stands with the server.
 */
import type { AnnotationLayer } from '../../../common/annotations.ts';
import { t } from '../i18n/index.ts';
import { useAnnotationTools, type AnnotationTool } from './annotation-tools.tsx';
import { useAnnotations } from './annotations-context.tsx';
import { ColourSwatches } from './ColourSwatches.tsx';

const toolOrder: AnnotationTool[] = ['select', 'highlight', 'note', 'ink'];

export function AnnotationToolbar() {
  const annotations = useAnnotations();
  const tools = useAnnotationTools();
  if (!annotations || !tools) return null;
  const shared = annotations.layers.shared.connection;

  return (
    <div className="annotation-toolbar" role="toolbar" aria-label={t('annotations.toolbar')} data-testid="annotation-toolbar">
      <div className="annotation-toolbar__group" role="group" aria-label={t('annotations.tool')}>
        {toolOrder.map((tool) => (
          <button
            key={tool}
            type="button"
            className="button button--quiet button--small"
            aria-pressed={tools.tool === tool}
            onClick={() => tools.setTool(tool)}
            data-testid={`annotation-tool-${tool}`}
          >
            {t(`annotations.tool.${tool}`)}
          </button>
        ))}
      </div>
      <ColourSwatches selected={tools.colour} onChoose={tools.setColour} testIds />
      <label className="annotation-toolbar__layer">
        <span>{t('annotations.newLayer')}</span>
        <select
          value={tools.newLayer}
          onChange={(event) => tools.setNewLayer(event.target.value as AnnotationLayer)}
          data-testid="annotation-layer"
        >
          <option value="private">{t('annotations.layer.private')}</option>
          <option value="shared" disabled={!tools.canShare}>
            {t('annotations.layer.sharedLong')}
          </option>
        </select>
      </label>
      {tools.tool === 'highlight' && (
        <button
          type="button"
          className="button button--quiet button--small"
          // Keeps the page's text selection (a mouse-down on a button may otherwise clear it).
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => annotations.highlightSelection()}
        >
          {t('annotations.highlightSelection')}
        </button>
      )}
      <p className="annotation-toolbar__hint" aria-live="polite">
        {tools.tool === 'highlight' && t('annotations.hint.highlight')}
        {tools.tool === 'note' && t('annotations.hint.note')}
        {tools.tool === 'ink' && t('annotations.hint.ink')}
      </p>
      <p className={`annotation-toolbar__status annotation-toolbar__status--${shared}`} data-testid="annotation-status" data-connection={shared}>
        {t(`annotations.status.${shared}`)}
      </p>
    </div>
  );
}
