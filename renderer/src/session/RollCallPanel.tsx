/**
 * The roll: every member of the committee with their attendance, arrival and
 * departure times (the server's). The chair and clerk mark it; quorum follows.
 */
import type { Attendance, RollEntry } from '../../../common/wire.ts';
import { t } from '../i18n/index.ts';
import { CommandError } from './CommandError.tsx';
import { formatClock } from './format.ts';
import { useSession } from './session-context.ts';
import { useSessionCommand } from './session-command.ts';

const markable = ['present', 'apologies', 'absent', 'departed'] as const satisfies readonly Attendance[];

export function RollCallPanel() {
  const { detail, state, runsMeeting, applyState } = useSession();
  const command = useSessionCommand(detail.meeting.id, applyState);
  const mark = (entry: RollEntry, attendance: (typeof markable)[number]) =>
    void command.run({ type: 'set-attendance', userId: entry.userId, attendance });

  return (
    <section className="session-card roll" aria-labelledby="roll-heading" data-testid="roll-call">
      <div className="session-card__head">
        <h3 id="roll-heading">{t('session.roll.heading')}</h3>
        <p className="muted">{t('session.roll.summary', { present: state.quorum.present, required: state.quorum.required })}</p>
      </div>
      <table className="roll__table">
        <thead>
          <tr>
            <th scope="col">{t('session.roll.member')}</th>
            <th scope="col">{t('session.roll.role')}</th>
            <th scope="col">{t('session.roll.attendance')}</th>
            <th scope="col">{t('session.roll.arrived')}</th>
            <th scope="col">{t('session.roll.departed')}</th>
          </tr>
        </thead>
        <tbody>
          {state.roll.map((entry) => (
            <tr key={entry.userId} data-testid="roll-entry" data-user-id={entry.userId} data-attendance={entry.attendance}>
              <th scope="row" className="roll__name">
                {entry.displayName}
                {!entry.votingMember && <span className="roll__non-voting">{t('session.roll.nonVoting')}</span>}
              </th>
              <td>{t(`role.${entry.role}`)}</td>
              <td>
                {runsMeeting ? (
                  <select
                    aria-label={t('session.roll.attendanceOf', { name: entry.displayName })}
                    value={entry.attendance}
                    disabled={command.busy}
                    onChange={(event) => mark(entry, event.target.value as (typeof markable)[number])}
                  >
                    {entry.attendance === 'unmarked' && (
                      <option value="unmarked" disabled>
                        {t('session.attendance.unmarked')}
                      </option>
                    )}
                    {markable.map((attendance) => (
                      <option key={attendance} value={attendance}>
                        {t(`session.attendance.${attendance}`)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className={`attendance attendance--${entry.attendance}`}>{t(`session.attendance.${entry.attendance}`)}</span>
                )}
              </td>
              <td>
                {entry.arrivedAt ? formatClock(entry.arrivedAt) : '—'}
                {entry.late && <span className="roll__late">{t('session.roll.late')}</span>}
              </td>
              <td>{entry.departedAt ? formatClock(entry.departedAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CommandError message={command.error} />
    </section>
  );
}
