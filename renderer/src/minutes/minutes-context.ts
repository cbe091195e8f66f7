/**
 * What the minutes' node views need from the screen around the editor: the
 * meeting, the record they render from, and whether this reader may change
 * the text. Node views are drawn inside the editor's React tree, so they read
 * it with useMinutes().
 */
import { createContext, useContext } from 'react';
import type { MeetingDetail } from '../../../common/bridge.ts';
import type { MeetingRecord } from '../../../common/minutes.ts';

export interface MinutesContextValue {
  detail: MeetingDetail;
  /** The meeting record as last received, or null before the first answer. */
  record: MeetingRecord | null;
  /** False when `record` is an older copy (the server could not be asked just now). */
  recordFresh: boolean;
  /** This reader may change the text now (their role, the workflow state and the connection allow it). */
  canWrite: boolean;
}

export const MinutesContext = createContext<MinutesContextValue | null>(null);

export function useMinutes(): MinutesContextValue {
  const value = useContext(MinutesContext);
  if (!value) throw new Error('useMinutes() used outside <MinutesContext.Provider>');
  return value;
}

/** "5 Land north of Mill Lane" for an item id of the meeting. */
export function itemLabel(detail: MeetingDetail, itemId: string | null): string {
  const item = detail.items.find((candidate) => candidate.id === itemId);
  return item ? `${item.number} ${item.title}` : '';
}
