/**
 * An action point in the minutes: what is to be done, by whom, by when.
 * Those who write the minutes edit its fields in place; everyone else reads it.
 * The meeting's action list (ActionList) gathers them.
 */
import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { useId } from 'react';
import { t } from '../i18n/index.ts';
import { formatDueDate } from './action-points.ts';
import { useMinutes } from './minutes-context.ts';

export function ActionPointView({ node, updateAttributes, deleteNode }: ReactNodeViewProps) {
  const { canWrite } = useMinutes();
  const id = useId();
  const what = typeof node.attrs.what === 'string' ? node.attrs.what : '';
  const owner = typeof node.attrs.owner === 'string' ? node.attrs.owner : '';
  const due = typeof node.attrs.due === 'string' ? node.attrs.due : null;
  return (
    <NodeViewWrapper className="action-point" role="group" aria-label={t('minutes.action.label')}>
      <p className="action-point__title">{t('minutes.action.label')}</p>
      {canWrite ? (
        <div className="action-point__fields">
          <div className="action-point__field action-point__field--what">
            <label htmlFor={`${id}-what`}>{t('minutes.action.what')}</label>
            <input id={`${id}-what`} type="text" value={what} maxLength={2000} onChange={(event) => updateAttributes({ what: event.target.value })} />
          </div>
          <div className="action-point__field">
            <label htmlFor={`${id}-owner`}>{t('minutes.action.owner')}</label>
            <input id={`${id}-owner`} type="text" value={owner} maxLength={200} onChange={(event) => updateAttributes({ owner: event.target.value })} />
          </div>
          <div className="action-point__field">
            <label htmlFor={`${id}-due`}>{t('minutes.action.due')}</label>
            <input
              id={`${id}-due`}
              type="date"
              value={due ?? ''}
              onChange={(event) => updateAttributes({ due: /^\d{4}-\d{2}-\d{2}$/.test(event.target.value) ? event.target.value : null })}
            />
          </div>
          <button type="button" className="button button--small button--danger action-point__remove" onClick={deleteNode}>
            {t('minutes.action.remove')}
          </button>
        </div>
      ) : (
        <p className="action-point__text">
          {what || t('minutes.action.noWhat')} — {t('minutes.action.ownerIs', { owner: owner || t('minutes.action.noOwner') })}
          {due && <> — {t('minutes.action.dueOn', { date: formatDueDate(due) })}</>}
        </p>
      )}
    </NodeViewWrapper>
  );
}
