/**
 * The meeting's action list: every action point in the minutes, in order,
 * with its item, and the CSV export of it.
 */
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { t } from '../i18n/index.ts';
import { actionPointsOf, formatDueDate, type ActionPointEntry } from './action-points.ts';
import { useMinutesExport } from './use-export.ts';

export function ActionList({ meetingId, editor }: { meetingId: string; editor: Editor | null }) {
  const exporter = useMinutesExport(meetingId);
  return (
    <section className="minutes-actions panel" aria-labelledby="minutes-actions-heading">
      <div className="minutes-actions__head">
        <h3 id="minutes-actions-heading">{t('minutes.actions.heading')}</h3>
        <button type="button" className="button button--small" disabled={exporter.busy !== null} onClick={() => exporter.start('actions-csv')}>
          {t('minutes.actions.exportCsv')}
        </button>
      </div>
      {editor ? <ActionTable editor={editor} /> : <p className="muted">{t('minutes.actions.none')}</p>}
      <p role="status" className="minutes-workflow__message">
        {exporter.message}
      </p>
    </section>
  );
}

function ActionTable({ editor }: { editor: Editor }) {
  const entries = useEditorState({
    editor,
    selector: ({ editor: current }) => actionPointsOf(current.state.doc),
    equalityFn: (a: ActionPointEntry[], b: ActionPointEntry[] | null) => JSON.stringify(a) === JSON.stringify(b),
  });
  if (entries.length === 0) return <p className="muted">{t('minutes.actions.none')}</p>;
  return (
    <table className="minutes-actions__table">
      <thead>
        <tr>
          <th scope="col">{t('minutes.actions.item')}</th>
          <th scope="col">{t('minutes.action.what')}</th>
          <th scope="col">{t('minutes.action.owner')}</th>
          <th scope="col">{t('minutes.action.due')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry, index) => (
          <tr key={index}>
            <td>{entry.item ?? ''}</td>
            <td>{entry.what || t('minutes.action.noWhat')}</td>
            <td>{entry.owner || t('minutes.action.noOwner')}</td>
            <td>{entry.due ? formatDueDate(entry.due) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
