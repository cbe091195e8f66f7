/**
 * The agenda builder: one meeting's working copy on the server. The meeting's
 * details, adding items, the agenda itself (AgendaItems), previews as members
 * and the public see it, the agenda packs (PacksPanel), publishing (the first time, or a supplement with its
 * change note), and cancelling or postponing with a reason.
 */
import { useRef, useState } from 'react';
import type { ClerkMeetingResponse, ExemptionReason, Meeting } from '../../../common/wire.ts';
import { useBridgeQuery } from '../bridge/context.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { formatDateTime, t } from '../i18n/index.ts';
import { useFocusAfterNavigation } from '../routing/focus-after-navigation.ts';
import { clerkHref, clerkPreviewHref } from '../routing/hash-route.ts';
import { CommandError } from '../session/CommandError.tsx';
import { TextField } from '../settings/TextField.tsx';
import { AgendaItems } from './AgendaItems.tsx';
import { useClerkChange } from './clerk-call.ts';
import { ItemFields, emptyItemDraft, itemChange, type ItemDraft } from './ItemFields.tsx';
import { PacksPanel } from './PacksPanel.tsx';
import { localDate, localTime, startsAtOf } from './local-time.ts';
import './clerk.css';

export function AgendaBuilder({ meetingId }: { meetingId: string }) {
  const [refresh, setRefresh] = useState(0);
  const copy = useBridgeQuery('clerk.meeting', { meetingId }, `${meetingId}:${refresh}`);
  const reasons = useBridgeQuery('clerk.exemptionReasons', {}, 'reasons');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusAfterNavigation(headingRef);
  const reload = () => setRefresh((count) => count + 1);

  return (
    <main id="main" className="page clerk-page" tabIndex={-1}>
      <p>
        <a href={clerkHref()}>
          <span aria-hidden="true">← </span>
          {t('clerk.back')}
        </a>
      </p>
      {copy.status === 'error' && <ErrorNotice message={copy.error.message} onRetry={reload} />}
      {copy.data === null ? (
        copy.status === 'loading' && <p className="muted" role="status">{t('meeting.loading')}</p>
      ) : (
        <>
          <h1 className="page__title" ref={headingRef} tabIndex={-1}>
            {t('clerk.builder.heading', { title: copy.data.meeting.title })}
          </h1>
          <MeetingSummaryPanel copy={copy.data} onChanged={reload} />
          <section className="panel" aria-labelledby="builder-agenda">
            <h2 id="builder-agenda" className="section-title">
              {t('meeting.agenda')}
            </h2>
            {copy.data.items.length === 0 && <p className="muted">{t('meeting.agendaEmpty')}</p>}
            <AgendaItems
              items={copy.data.items}
              documents={copy.data.documents}
              reasons={reasons.data ?? []}
              maxUploadBytes={copy.data.maxUploadBytes}
              onChanged={reload}
            />
            <AddItemForm meetingId={meetingId} reasons={reasons.data ?? []} nextNumber={nextTopNumber(copy.data)} onAdded={reload} />
          </section>
          <PacksPanel
            meetingId={meetingId}
            published={copy.data.meeting.publishedVersion > 0}
            cancelled={copy.data.meeting.state === 'cancelled'}
            refreshKey={`${meetingId}:${refresh}`}
            onGenerated={reload}
          />
          <PublishPanel meeting={copy.data.meeting} onChanged={reload} />
          <CallOffPanel meeting={copy.data.meeting} onChanged={reload} />
        </>
      )}
    </main>
  );
}

function nextTopNumber(copy: ClerkMeetingResponse): string {
  return String(copy.items.filter((item) => item.parentItemId === null).length + 1);
}

function MeetingSummaryPanel({ copy, onChanged }: { copy: ClerkMeetingResponse; onChanged: () => void }) {
  const { meeting, committee } = copy;
  const [editing, setEditing] = useState(false);
  return (
    <section className="panel" aria-labelledby="builder-details">
      <h2 id="builder-details" className="section-title">
        {t('clerk.builder.details')}
      </h2>
      <p className="clerk-meta">
        {committee.name} · <time dateTime={meeting.startsAt}>{formatDateTime(meeting.startsAt)}</time> · {meeting.venue ?? t('meetings.venueUnknown')} ·{' '}
        <StateBadge state={meeting.state} />
      </p>
      {meeting.changeNote && <p className="clerk-note">{t('meetings.changeNote', { note: meeting.changeNote })}</p>}
      <p className="form-actions">
        <button type="button" className="button" aria-expanded={editing} onClick={() => setEditing((open) => !open)}>
          {t('clerk.builder.editDetails')}
        </button>
        <a className="button" href={clerkPreviewHref(meeting.id, 'member')}>
          {t('clerk.preview.asMember')}
        </a>
        <a className="button" href={clerkPreviewHref(meeting.id, 'public')}>
          {t('clerk.preview.asPublic')}
        </a>
      </p>
      {editing && (
        <MeetingDetailsForm
          meeting={meeting}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
    </section>
  );
}

function MeetingDetailsForm({ meeting, onSaved }: { meeting: Meeting; onSaved: () => void }) {
  const save = useClerkChange();
  const [title, setTitle] = useState(meeting.title);
  const [date, setDate] = useState(localDate(meeting.startsAt));
  const [time, setTime] = useState(localTime(meeting.startsAt));
  const [venue, setVenue] = useState(meeting.venue ?? '');
  return (
    <form
      className="clerk-form"
      aria-label={t('clerk.builder.editDetails')}
      onSubmit={(event) => {
        event.preventDefault();
        // A postponed meeting given its new date is back on (published again once the clerk publishes).
        const back = meeting.state === 'postponed' ? { state: meeting.publishedVersion > 0 ? ('published' as const) : ('draft' as const) } : {};
        const change = { title: title.trim(), startsAt: startsAtOf(date, time), venue: venue.trim() || null, ...back };
        void save.run('clerk.updateMeeting', { meetingId: meeting.id, change }).then((saved) => saved && onSaved());
      }}
    >
      <TextField label={t('clerk.meeting.title')} value={title} onValue={setTitle} required maxLength={500} />
      <TextField label={t('clerk.meeting.date')} type="date" value={date} onValue={setDate} required />
      <TextField label={t('clerk.meeting.time')} type="time" value={time} onValue={setTime} required short />
      <TextField label={t('clerk.meeting.venue')} value={venue} onValue={setVenue} maxLength={500} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.busy}>
          {t('clerk.meeting.save')}
        </button>
      </div>
      <CommandError message={save.error} />
    </form>
  );
}

interface AddItemFormProps {
  meetingId: string;
  reasons: ExemptionReason[];
  nextNumber: string;
  onAdded: () => void;
}

function AddItemForm({ meetingId, reasons, nextNumber, onAdded }: AddItemFormProps) {
  const add = useClerkChange();
  const [draft, setDraft] = useState<ItemDraft>(emptyItemDraft);
  const [added, setAdded] = useState('');
  return (
    <form
      className="clerk-form builder-add"
      aria-labelledby="builder-add-heading"
      onSubmit={(event) => {
        event.preventDefault();
        const { number, ...rest } = itemChange(draft);
        void add.run('clerk.addItem', { meetingId, item: number === null ? rest : { ...rest, number } }).then((item) => {
          if (!item) return;
          setAdded(t('clerk.item.added', { number: item.number, title: item.title }));
          // Ready for the next item; the confidential choice is per item.
          setDraft(emptyItemDraft);
          onAdded();
        });
      }}
    >
      <h3 id="builder-add-heading" className="section-title">
        {t('clerk.item.addHeading')}
      </h3>
      <ItemFields draft={draft} onDraft={setDraft} reasons={reasons} automaticNumber={nextNumber} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={add.busy}>
          {t('clerk.item.add')}
        </button>
      </div>
      <p className="form-status" role="status">
        {added}
      </p>
      <CommandError message={add.error} />
    </form>
  );
}

function PublishPanel({ meeting, onChanged }: { meeting: Meeting; onChanged: () => void }) {
  const publish = useClerkChange();
  const [note, setNote] = useState('');
  const [done, setDone] = useState('');
  const first = meeting.publishedVersion === 0;
  const calledOff = meeting.state === 'cancelled';
  return (
    <section className="panel" aria-labelledby="builder-publish">
      <h2 id="builder-publish" className="section-title">
        {t('clerk.publish.heading')}
      </h2>
      <p>{first ? t('clerk.publish.firstIntro') : t('clerk.publish.supplementIntro', { version: meeting.publishedVersion })}</p>
      <form
        className="clerk-form"
        onSubmit={(event) => {
          event.preventDefault();
          void publish.run('clerk.publish', { meetingId: meeting.id, changeNote: note.trim() || null }).then((published) => {
            if (!published) return;
            setDone(t('clerk.publish.done', { version: published.publishedVersion }));
            setNote('');
            onChanged();
          });
        }}
      >
        <label className="field">
          <span className="field__label">{first ? t('clerk.publish.noteFirst') : t('clerk.publish.note')}</span>
          <textarea className="field__input" rows={2} value={note} maxLength={2000} required={!first} onChange={(event) => setNote(event.target.value)} />
        </label>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={publish.busy || calledOff}>
            {first ? t('clerk.publish.first') : t('clerk.publish.supplement')}
          </button>
        </div>
        <p className="form-status" role="status">
          {done}
        </p>
        <CommandError message={publish.error} />
      </form>
    </section>
  );
}

function CallOffPanel({ meeting, onChanged }: { meeting: Meeting; onChanged: () => void }) {
  const callOff = useClerkChange();
  const [reason, setReason] = useState('');
  if (meeting.state === 'cancelled' || meeting.state === 'in-session' || meeting.state === 'adjourned' || meeting.state === 'closed') return null;
  const run = (state: 'cancelled' | 'postponed') => {
    void callOff.run('clerk.callOff', { meetingId: meeting.id, state, reason: reason.trim() }).then((changed) => {
      if (!changed) return;
      setReason('');
      onChanged();
    });
  };
  return (
    <section className="panel" aria-labelledby="builder-calloff">
      <h2 id="builder-calloff" className="section-title">
        {t('clerk.callOff.heading')}
      </h2>
      <p>{meeting.publishedVersion > 0 ? t('clerk.callOff.told') : t('clerk.callOff.draft')}</p>
      <form className="clerk-form" onSubmit={(event) => event.preventDefault()}>
        <label className="field">
          <span className="field__label">{t('clerk.callOff.reason')}</span>
          <textarea className="field__input" rows={2} value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
        </label>
        <div className="form-actions">
          <button type="button" className="button" disabled={callOff.busy || !reason.trim() || meeting.state === 'postponed'} onClick={() => run('postponed')}>
            {t('clerk.callOff.postpone')}
          </button>
          <button type="button" className="button button--danger" disabled={callOff.busy || !reason.trim()} onClick={() => run('cancelled')}>
            {t('clerk.callOff.cancel')}
          </button>
        </div>
        <CommandError message={callOff.error} />
      </form>
    </section>
  );
}
