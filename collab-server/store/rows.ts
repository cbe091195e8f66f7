/** Row shapes of the server's database; the mapping to wire types is shared with the mirror (common/rows.ts). */
import type { ItemRow as SharedItemRow } from '../../common/rows.ts';
import type { CommitteeRole } from '../../common/wire.ts';

export { toCommittee, toDocument, toItem, toMeeting } from '../../common/rows.ts';
export type { CommitteeRow, DocumentRow, MeetingRow } from '../../common/rows.ts';

/** The server keeps deleted items (for tombstones); the mirror simply drops them. */
export interface ItemRow extends SharedItemRow {
  deleted_at: string | null;
  /** 1 when the clerk gave the number; 0 when it follows the item's place (store/agenda-numbering.ts). */
  number_overridden: number;
}
export interface MembershipRow { committee_id: string; user_id: string; role: CommitteeRole }
