/**
 * An agenda item's heading in the minutes: its number and title as the agenda
 * has them, and, for a confidential item, that it is exempt and why (its text
 * stays with the committee and never reaches the public version).
 */
import { NodeViewWrapper, type ReactNodeViewProps } from '@tiptap/react';
import { LockIcon } from '../components/LockIcon.tsx';
import { t } from '../i18n/index.ts';
import { useMinutes } from './minutes-context.ts';

export function MinutesItemView({ node }: ReactNodeViewProps) {
  const { detail } = useMinutes();
  const itemId = typeof node.attrs.itemId === 'string' ? node.attrs.itemId : null;
  const confidential = node.attrs.confidential === true;
  const reason = detail.items.find((item) => item.id === itemId)?.confidentialReason ?? null;
  return (
    <NodeViewWrapper className={`minutes-item${confidential ? ' minutes-item--confidential' : ''}`} data-item-id={itemId ?? undefined}>
      <h3 className="minutes-item__heading">
        <span className="minutes-item__number">{String(node.attrs.number ?? '')}</span> {String(node.attrs.title ?? '')}
      </h3>
      {confidential && (
        <p className="minutes-item__confidential">
          <LockIcon />
          {reason ? t('minutes.item.confidentialReason', { reason }) : t('minutes.item.confidential')}
        </p>
      )}
    </NodeViewWrapper>
  );
}
