/**
 * The fields of an agenda item, shared by the "add an item" form and the item
 * editor: title, number (automatic unless the clerk gives one), and whether it
 * is confidential, with its exemption reason picked from the council's list.
 */
import { useId } from 'react';
import type { ExemptionReason } from '../../../common/wire.ts';
import { t } from '../i18n/index.ts';
import { TextField } from '../settings/TextField.tsx';

export interface ItemDraft {
  title: string;
  /** Empty: numbered by its place in the agenda. */
  number: string;
  confidential: boolean;
  reason: string;
  titlePublic: boolean;
}

export const emptyItemDraft: ItemDraft = { title: '', number: '', confidential: false, reason: '', titlePublic: false };

interface ItemFieldsProps {
  draft: ItemDraft;
  onDraft: (draft: ItemDraft) => void;
  reasons: ExemptionReason[];
  /** The number the agenda gives the item now, shown as the automatic one. */
  automaticNumber: string | null;
}

export function ItemFields({ draft, onDraft, reasons, automaticNumber }: ItemFieldsProps) {
  const reasonHintId = useId();
  const set = (change: Partial<ItemDraft>) => onDraft({ ...draft, ...change });
  // A reason from before the list (or from another list) stays choosable.
  const options = reasons.some((reason) => reason.label === draft.reason) || draft.reason === '' ? reasons : [{ label: draft.reason, description: '' }, ...reasons];
  const chosen = options.find((reason) => reason.label === draft.reason);
  return (
    <div className="item-fields">
      <TextField label={t('clerk.item.title')} value={draft.title} onValue={(title) => set({ title })} required maxLength={1000} />
      <TextField
        label={t('clerk.item.number')}
        hint={automaticNumber ? t('clerk.item.numberHintAuto', { number: automaticNumber }) : t('clerk.item.numberHint')}
        value={draft.number}
        onValue={(number) => set({ number })}
        maxLength={20}
        short
      />
      <label className="checkbox-field">
        <input type="checkbox" checked={draft.confidential} onChange={(event) => set({ confidential: event.target.checked })} />
        {t('clerk.item.confidential')}
      </label>
      {draft.confidential && (
        <>
          <label className="field">
            <span className="field__label">{t('clerk.item.reason')}</span>
            <select
              className="field__input field__input--select"
              value={draft.reason}
              required
              aria-describedby={reasonHintId}
              onChange={(event) => set({ reason: event.target.value })}
            >
              <option value="">{t('clerk.item.reasonChoose')}</option>
              {options.map((reason) => (
                <option key={reason.label} value={reason.label}>
                  {reason.label}
                </option>
              ))}
            </select>
            <span id={reasonHintId} className="field__hint">
              {chosen?.description || t('clerk.item.reasonHint')}
            </span>
          </label>
          <label className="checkbox-field">
            <input type="checkbox" checked={draft.titlePublic} onChange={(event) => set({ titlePublic: event.target.checked })} />
            {t('clerk.item.titlePublic')}
          </label>
        </>
      )}
    </div>
  );
}

/** What the server needs of a draft; `null` number hands it back to automatic numbering. */
export function itemChange(draft: ItemDraft) {
  return {
    title: draft.title.trim(),
    number: draft.number.trim() === '' ? null : draft.number.trim(),
    confidential: draft.confidential,
    confidentialReason: draft.confidential ? draft.reason : null,
    titlePublic: draft.confidential && draft.titlePublic,
  };
}
