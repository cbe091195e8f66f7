/**
 * A block of the minutes filled from the meeting record (attendance,
 * declarations on an item, a motion, a vote): while live it shows the record
 * as it stands and follows it; "Freeze as text" keeps its wording as it is now
 * in the document, where the minute-taker may reword it.
 */
import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { useId } from 'react';
import { RecordBlockKind } from '../../../common/minutes.ts';
import { t } from '../i18n/index.ts';
import { useMinutes } from './minutes-context.ts';
import { recordBlockLines, recordLinesText, type RecordLine } from './record-text.ts';

const titles = {
  attendance: 'minutes.block.attendance',
  declarations: 'minutes.block.declarations',
  motion: 'minutes.block.motion',
  vote: 'minutes.block.vote',
} as const;

export function RecordBlockView({ node, updateAttributes }: ReactNodeViewProps) {
  const { record, recordFresh, canWrite } = useMinutes();
  const textId = useId();
  const kind = RecordBlockKind.safeParse(node.attrs.kind);
  if (!kind.success) {
    return (
      <NodeViewWrapper className="record-block record-block--unknown">
        <p>{t('minutes.block.unknown')}</p>
      </NodeViewWrapper>
    );
  }
  const block = {
    kind: kind.data,
    itemId: typeof node.attrs.itemId === 'string' ? node.attrs.itemId : null,
    voteId: typeof node.attrs.voteId === 'string' ? node.attrs.voteId : null,
  };
  const title = t(titles[block.kind]);
  const frozen = node.attrs.frozen === true;
  const frozenText = typeof node.attrs.frozenText === 'string' ? node.attrs.frozenText : '';
  const lines = record ? recordBlockLines(block, record) : null;

  return (
    <NodeViewWrapper
      className={`record-block record-block--${block.kind}${frozen ? ' record-block--frozen' : ''}`}
      role="group"
      aria-label={title}
      data-kind={block.kind}
      data-frozen={frozen}
    >
      <div className="record-block__head">
        <h4 className="record-block__title">{title}</h4>
        <span className="record-block__source">
          {frozen ? t('minutes.block.frozen') : recordFresh ? t('minutes.block.live') : t('minutes.block.liveOffline')}
        </span>
      </div>
      {frozen ? (
        canWrite ? (
          <>
            <label className="record-block__label" htmlFor={textId}>
              {t('minutes.block.wording', { title })}
            </label>
            <textarea
              id={textId}
              className="record-block__text"
              value={frozenText}
              rows={Math.min(12, Math.max(2, frozenText.split('\n').length + 1))}
              onChange={(event) => updateAttributes({ frozenText: event.target.value })}
            />
          </>
        ) : (
          <div className="record-block__lines">
            {frozenText.split('\n').map((line, index) => (
              <p key={index}>{line}</p>
            ))}
          </div>
        )
      ) : lines ? (
        <RecordLines lines={lines} />
      ) : (
        <p className="muted">{t('minutes.block.loading')}</p>
      )}
      {canWrite && (
        <div className="record-block__actions">
          {frozen ? (
            <button type="button" className="button button--small" onClick={() => updateAttributes({ frozen: false, frozenText: null })}>
              {t('minutes.block.unfreeze', { title })}
            </button>
          ) : (
            lines && (
              <button type="button" className="button button--small" onClick={() => updateAttributes({ frozen: true, frozenText: recordLinesText(lines) })}>
                {t('minutes.block.freeze', { title })}
              </button>
            )
          )}
        </div>
      )}
    </NodeViewWrapper>
  );
}

function RecordLines({ lines }: { lines: RecordLine[] }) {
  return (
    <div className="record-block__lines">
      {lines.map((line, index) => (
        <p key={index}>
          {line.label && <span className="record-block__label-text">{line.label}: </span>}
          {line.text}
        </p>
      ))}
    </div>
  );
}
