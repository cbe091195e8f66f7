import type { MeetingState } from '../../../common/wire.ts';
import { t } from '../i18n/index.ts';

export function StateBadge({ state }: { state: MeetingState }) {
  return <span className={`badge badge--${state}`}>{t(`state.${state}`)}</span>;
}
