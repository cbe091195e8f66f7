/**
 * The public side's URLs, in one place: the pages, the calendar feeds and
 * the public file URLs link to each other, and open data (OParl) points at
 * the same files. Everything here is readable without signing in, and shows
 * only the public record (public-record.ts).
 */
const segment = encodeURIComponent;

export const publicPaths = {
  home: '/',
  committees: '/committees',
  committee: (committeeId: string) => `/committees/${segment(committeeId)}`,
  meetings: '/meetings',
  meeting: (meetingId: string) => `/meetings/${segment(meetingId)}`,
  person: (personId: string) => `/people/${segment(personId)}`,
  /** `?q=…` full-text search over published public papers. */
  search: '/search',
  paperSaved: '/paper-saved',
  /** The same figures as JSON (documented in docs/api/README.md). */
  paperSavedJson: '/paper-saved.json',
  councilCalendar: '/calendar.ics',
  committeeCalendar: (committeeId: string) => `/committees/${segment(committeeId)}/calendar.ics`,
  /** A public paper's bytes shown in the browser (OParl File.accessUrl). */
  fileView: (documentId: string) => `/files/${segment(documentId)}/view`,
  /** The same bytes as an attachment with the paper's file name (OParl File.downloadUrl). */
  fileDownload: (documentId: string) => `/files/${segment(documentId)}/download`,
  /** The public side's one stylesheet (no scripts anywhere on the public side). */
  stylesheet: '/public.css',
  oparlSystem: '/oparl/v1.1',
} as const;
