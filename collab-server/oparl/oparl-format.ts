/**
 * OParl 1.1's value formats ("JSON-Ausgabe" → "Datums- und Zeitangaben") and
 * names. A date-time is exactly `yyyy-mm-ddThh:mm:ss±hh:mm` — no `Z`, no
 * fractions — so `toISOString()` output is never sent as it is.
 */
import { z } from 'zod';

export const OPARL_VERSION = 'https://schema.oparl.org/1.1/';
/** Where the API lives (publicPaths.oparlSystem): every object URL starts with it. */
export const OPARL_ROOT = '/oparl/v1.1';
/** Prefix of the properties OParl does not define ("Herstellerspezifische Erweiterungen"). */
export const VENDOR_PREFIX = 'chamber:';

export const oparlTypes = [
  'System', 'Body', 'LegislativeTerm', 'Organization', 'Person', 'Membership', 'Meeting', 'AgendaItem', 'Paper', 'Consultation', 'File', 'Location',
] as const;
export type OparlType = (typeof oparlTypes)[number];

export const oparlType = (type: OparlType | 'Error'): string => `${OPARL_VERSION}${type}`;

/** `2026-12-03T18:30:00+00:00`: the record's UTC time in whole seconds. */
export function oparlDateTime(iso: string): string {
  // The record's own times are already UTC (`…Z`): cut them, without parsing, thousands of times per build.
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z$/.test(iso)) return `${iso.slice(0, 19)}+00:00`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`Not a time: ${iso}`);
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

/** Whole seconds since the epoch: what a client sees of a time (filters compare at this precision). */
export function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/** `yyyy-mm-dd` of a time, in the council's time zone (a paper published at 00:30 local time is dated that day). */
export function oparlDateIn(timeZone: string): (iso: string) => string {
  // en-CA writes dates as yyyy-mm-dd.
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (iso) => format.format(new Date(iso));
}

/**
 * A filter's date-time (`modified_since=…`). The standard sends OParl's format; a
 * `Z` or fractions are accepted too. A `+` sent unencoded arrives as a space
 * (form decoding), so a space before the offset is read back as `+`.
 */
export const FilterDateTime = z
  .string()
  .transform((value) => value.replace(/^(\S+T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$/, '$1+$2'))
  .pipe(z.iso.datetime({ offset: true, error: 'a date-time with its offset, such as 2026-01-08T14:28:31+01:00' }));
