/**
 * How the public pages write dates, sizes and labels: in British English, in
 * the council's time zone (ServerContext.publicSettings.timeZone), whatever
 * zone the server runs in.
 */
import type { DocumentKind, MeetingState, VoteKind } from '../../../common/wire.ts';

const dateFormats = new Map<string, { dateTime: Intl.DateTimeFormat; date: Intl.DateTimeFormat; time: Intl.DateTimeFormat; year: Intl.DateTimeFormat }>();

function formatsFor(timeZone: string) {
  let formats = dateFormats.get(timeZone);
  if (!formats) {
    formats = {
      dateTime: new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true }),
      date: new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
      time: new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true }),
      year: new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' }),
    };
    dateFormats.set(timeZone, formats);
  }
  return formats;
}

/** "Thursday 3 December 2026 at 6:30 pm" in the council's zone. */
export function formatDateTime(iso: string, timeZone: string): string {
  const { date, time } = formatsFor(timeZone);
  const when = new Date(iso);
  return `${date.format(when)} at ${time.format(when)}`;
}

/** "Thursday 3 December 2026". */
export function formatDate(iso: string, timeZone: string): string {
  return formatsFor(timeZone).date.format(new Date(iso));
}

/** "6:30 pm". */
export function formatTime(iso: string, timeZone: string): string {
  return formatsFor(timeZone).time.format(new Date(iso));
}

/** The calendar year of a time in the council's zone, e.g. "2026". */
export function yearOf(iso: string, timeZone: string): string {
  return formatsFor(timeZone).year.format(new Date(iso));
}

/** "850 bytes", "14 KB", "1.2 MB" (binary multiples, as file managers count them). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = value >= 10 ? Math.round(value).toString() : (Math.round(value * 10) / 10).toString();
  return `${shown} ${units[unit]}`;
}

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

export const documentKindLabels: Record<DocumentKind, string> = {
  report: 'Report',
  supplement: 'Supplement',
  minutes: 'Minutes',
  agenda: 'Agenda',
  pack: 'Agenda pack',
  other: 'Document',
};

/** What a document link says after the paper's name: "Report, PDF, 1.2 MB, 14 pages". */
export function documentDescription(document: { kind: DocumentKind; size: number; pageCount: number }): string {
  const parts = [documentKindLabels[document.kind], 'PDF', formatFileSize(document.size)];
  if (document.pageCount > 0) parts.push(plural(document.pageCount, 'page'));
  return parts.join(', ');
}

/** A paper's name as a reader sees it: without the ".pdf" its file had. */
export function documentTitle(name: string): string {
  return name.replace(/\.pdf$/i, '').trim() || name;
}

/** A meeting's state as residents read it (a draft is never public). */
export const meetingStateLabels: Record<MeetingState, string> = {
  draft: 'Draft',
  published: 'Scheduled',
  'in-session': 'In session',
  adjourned: 'Adjourned',
  closed: 'Held',
  cancelled: 'Cancelled',
  postponed: 'Postponed',
};

export const voteKindLabels: Record<VoteKind, string> = {
  recorded: 'Recorded vote',
  'show-of-hands': 'Show of hands',
  secret: 'Secret ballot',
};
