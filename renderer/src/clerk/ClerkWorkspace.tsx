/**
 * The clerk's workspace: for each committee the user clerks, its meetings
 * (working copies, drafts too), a new meeting from the committee's defaults,
 * the defaults themselves (venue, start time, standing items), its rules and
 * who sits on it. Read from the server through the host; shown only to clerks
 * (the server refuses everyone else anyway).
 */
import { useRef, useState } from 'react';
import type { ClerkCommittee, CommitteeDefaults, QuorumRule } from '../../../common/wire.ts';
import { useBridgeQuery } from '../bridge/context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { formatDateTime, formatPercent, t, tp } from '../i18n/index.ts';
import { useFocusAfterNavigation } from '../routing/focus-after-navigation.ts';
import { clerkMeetingHref, navigate } from '../routing/hash-route.ts';
import { CommandError } from '../session/CommandError.tsx';
import { TextField } from '../settings/TextField.tsx';
import { useClerkChange } from './clerk-call.ts';
import { startsAtOf } from './local-time.ts';
import './clerk.css';

export function ClerkWorkspace() {
  const [refresh, setRefresh] = useState(0);
  const committees = useBridgeQuery('clerk.committees', {}, String(refresh));
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusAfterNavigation(headingRef);
  const reload = () => setRefresh((count) => count + 1);
  return (
    <main id="main" className="page clerk-page" tabIndex={-1}>
      <h1 className="page__title" ref={headingRef} tabIndex={-1}>
        {t('clerk.heading')}
      </h1>
      <p className="page__intro">{t('clerk.intro')}</p>
      {committees.status === 'error' && <ErrorNotice message={committees.error.message} onRetry={reload} />}
      {committees.data === null
        ? committees.status === 'loading' && <p className="muted" role="status">{t('clerk.loading')}</p>
        : committees.data.map((entry) => <CommitteePanel key={entry.committee.id} entry={entry} onChanged={reload} />)}
    </main>
  );
}

function CommitteePanel({ entry, onChanged }: { entry: ClerkCommittee; onChanged: () => void }) {
  const { committee, meetings } = entry;
  const headingId = `committee-${committee.id}`;
  return (
    <section className="panel clerk-committee" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {committee.name}
      </h2>
      <h3 className="clerk-subheading">{t('clerk.committee.meetings')}</h3>
      {meetings.length === 0 ? (
        <p className="muted">{t('clerk.committee.noMeetings')}</p>
      ) : (
        <ul className="clerk-meetings">
          {meetings.map((meeting) => (
            <li key={meeting.id} className="clerk-meetings__entry">
              <a href={clerkMeetingHref(meeting.id)}>{meeting.title}</a>
              <time dateTime={meeting.startsAt}>{formatDateTime(meeting.startsAt)}</time>
              <StateBadge state={meeting.state} />
            </li>
          ))}
        </ul>
      )}
      {/* Fresh from the defaults whenever they change. */}
      <NewMeetingForm key={JSON.stringify(entry.defaults)} entry={entry} />
      <DefaultsForm entry={entry} onSaved={onChanged} />
      <details className="clerk-details">
        <summary>{t('clerk.committee.membersAndRules')}</summary>
        <p>{quorumText(entry.rules.quorum)}</p>
        <ul className="clerk-members" aria-label={t('clerk.committee.members', { committee: committee.name })}>
          {entry.members.map((member) => (
            <li key={member.userId}>
              {member.displayName} — {t(`role.${member.role}`)}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function quorumText(quorum: QuorumRule): string {
  return quorum.kind === 'count' ? t('clerk.committee.quorumCount', { count: quorum.value }) : t('clerk.committee.quorumFraction', { share: formatPercent(quorum.value) });
}

function NewMeetingForm({ entry }: { entry: ClerkCommittee }) {
  const create = useClerkChange();
  const { committee, defaults } = entry;
  const [date, setDate] = useState('');
  const [time, setTime] = useState(defaults.startTime ?? '');
  const [title, setTitle] = useState(committee.name);
  const [venue, setVenue] = useState(defaults.venue ?? '');
  return (
    <form
      className="clerk-form"
      aria-label={t('clerk.newMeeting.heading', { committee: committee.name })}
      onSubmit={(event) => {
        event.preventDefault();
        const meeting = { startsAt: startsAtOf(date, time), title: title.trim() || committee.name, venue: venue.trim() || null };
        void create.run('clerk.createMeeting', { committeeId: committee.id, meeting }).then((created) => created && navigate(clerkMeetingHref(created.id)));
      }}
    >
      <h3 className="clerk-subheading">{t('clerk.newMeeting.heading', { committee: committee.name })}</h3>
      <p className="field__hint">{tp('clerk.newMeeting.intro', defaults.standingItems.length)}</p>
      <div className="clerk-form__row">
        <TextField label={t('clerk.meeting.date')} type="date" value={date} onValue={setDate} required />
        <TextField label={t('clerk.meeting.time')} type="time" value={time} onValue={setTime} required short />
      </div>
      <TextField label={t('clerk.meeting.title')} value={title} onValue={setTitle} maxLength={500} />
      <TextField label={t('clerk.meeting.venue')} value={venue} onValue={setVenue} maxLength={500} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={create.busy}>
          {t('clerk.newMeeting.create')}
        </button>
      </div>
      <CommandError message={create.error} />
    </form>
  );
}

function DefaultsForm({ entry, onSaved }: { entry: ClerkCommittee; onSaved: () => void }) {
  const { committee, defaults, rules } = entry;
  const committeeId = committee.id;
  const save = useClerkChange();
  const [quorumKind, setQuorumKind] = useState<QuorumRule['kind']>(rules.quorum.kind);
  // A share is typed as a percentage.
  const [quorumValue, setQuorumValue] = useState(String(rules.quorum.kind === 'fraction' ? Math.round(rules.quorum.value * 100) : rules.quorum.value));
  const [venue, setVenue] = useState(defaults.venue ?? '');
  const [startTime, setStartTime] = useState(defaults.startTime ?? '');
  const [standing, setStanding] = useState(defaults.standingItems.join('\n'));
  const [saved, setSaved] = useState('');
  return (
    <details className="clerk-details">
      <summary>{t('clerk.defaults.heading')}</summary>
      <form
        className="clerk-form"
        aria-label={t('clerk.defaults.formLabel', { committee: committee.name })}
        onSubmit={(event) => {
          event.preventDefault();
          const next: CommitteeDefaults = {
            venue: venue.trim() || null,
            startTime: startTime || null,
            standingItems: standing.split('\n').map((line) => line.trim()).filter(Boolean),
          };
          const value = Number(quorumValue);
          const quorum: QuorumRule = quorumKind === 'fraction' ? { kind: 'fraction', value: value / 100 } : { kind: 'count', value };
          void (async () => {
            if (!(await save.run('clerk.setDefaults', { committeeId, defaults: next }))) return;
            if (!(await save.run('clerk.setRules', { committeeId, rules: { quorum } }))) return;
            setSaved(t('clerk.defaults.saved'));
            onSaved();
          })();
        }}
      >
        <TextField label={t('clerk.defaults.venue')} value={venue} onValue={setVenue} maxLength={500} />
        <TextField label={t('clerk.defaults.startTime')} type="time" value={startTime} onValue={setStartTime} short />
        <label className="field">
          <span className="field__label">{t('clerk.defaults.standingItems')}</span>
          <textarea className="field__input" rows={4} value={standing} onChange={(event) => setStanding(event.target.value)} />
          <span className="field__hint">{t('clerk.defaults.standingItemsHint')}</span>
        </label>
        <div className="clerk-form__row">
          <label className="field">
            <span className="field__label">{t('clerk.defaults.quorumKind')}</span>
            <select className="field__input field__input--select" value={quorumKind} onChange={(event) => setQuorumKind(event.target.value === 'count' ? 'count' : 'fraction')}>
              <option value="fraction">{t('clerk.defaults.quorumFraction')}</option>
              <option value="count">{t('clerk.defaults.quorumCount')}</option>
            </select>
          </label>
          <TextField
            label={quorumKind === 'fraction' ? t('clerk.defaults.quorumPercent') : t('clerk.defaults.quorumMembers')}
            type="number"
            min={1}
            max={quorumKind === 'fraction' ? 100 : 1000}
            step={1}
            required
            value={quorumValue}
            onValue={setQuorumValue}
            short
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={save.busy}>
            {t('clerk.defaults.save')}
          </button>
        </div>
        <p className="form-status" role="status">
          {saved}
        </p>
        <CommandError message={save.error} />
      </form>
    </details>
  );
}
