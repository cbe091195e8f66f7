/**
 * Translation: `t(id, params)` and `tp(base, count, params)` over the message
 * catalogues, plus locale-aware date and number formatting. The catalogue
 * language comes from navigator.language (English when we have no catalogue);
 * dates and numbers always follow the user's own locale.
 */
import { en, type MessageId } from './en.ts';
import { nb } from './nb.ts';

type Catalogue = Record<MessageId, string>;
type Params = Record<string, string | number>;

/** Ids that have plural forms, without their `#other` suffix. */
export type PluralBase = MessageId extends infer Id ? (Id extends `${infer Base}#other` ? Base : never) : never;

const catalogues: Record<string, Catalogue> = { en, nb, no: nb, nn: nb };

const userLocale = (typeof navigator !== 'undefined' && navigator.language) || 'en';

function chooseLanguage(locale: string): string {
  const primary = locale.toLowerCase().split('-')[0] ?? 'en';
  return primary in catalogues ? primary : 'en';
}

const language = chooseLanguage(userLocale);
const catalogue: Catalogue = catalogues[language] ?? en;
/** The catalogue's language as a BCP 47 tag for `<html lang>` (nn and no read the Bokmål catalogue). */
export const catalogueLanguage = language === 'en' ? 'en' : 'nb';
const pluralRules = new Intl.PluralRules(catalogueLanguage);

function interpolate(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

export function t(id: MessageId, params?: Params): string {
  return interpolate(catalogue[id] ?? en[id], params);
}

/** A plural message: `{count}` is filled in and picks the form via Intl.PluralRules. */
export function tp(base: PluralBase, count: number, params?: Params): string {
  const form = pluralRules.select(count);
  const id = `${base}#${form}`;
  const chosen = (id in catalogue ? id : `${base}#other`) as MessageId;
  return t(chosen, { count, ...params });
}

const dateTimeFormat = new Intl.DateTimeFormat(userLocale, { dateStyle: 'full', timeStyle: 'short' });
const shortDateTimeFormat = new Intl.DateTimeFormat(userLocale, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(userLocale, { timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat(userLocale);
const megabyteFormat = new Intl.NumberFormat(userLocale, {
  style: 'unit',
  unit: 'megabyte',
  maximumFractionDigits: 1,
});
const percentFormat = new Intl.NumberFormat(userLocale, { style: 'percent', maximumFractionDigits: 0 });

export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** Today's times as a bare time; other days with their date. */
export function formatSyncTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  return date.toDateString() === now.toDateString() ? timeFormat.format(date) : shortDateTimeFormat.format(date);
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

export function formatMegabytes(bytes: number): string {
  return megabyteFormat.format(bytes / 1_000_000);
}

export function formatPercent(ratio: number): string {
  return percentFormat.format(ratio);
}

/** Puts the catalogue language on `<html lang>` so screen readers pronounce the UI right. */
export function applyDocumentLanguage(): void {
  document.documentElement.lang = catalogueLanguage;
}
