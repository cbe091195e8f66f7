/**
 * The public side's settings: where the council's public site lives, its time
 * zone (calendar feeds, dates on pages), and the factors of the paper-saved
 * figures. Server settings (`--public-base-url`, `--time-zone`, `--paper-*`, or
 * AuthorityServerOptions.publicSettings), validated here; a setting left out
 * takes its default. docs/api/README.md ("Calendar feeds and paper saved") gives each default and its source.
 */
import { z } from 'zod';

/** True when the runtime knows the IANA time zone (Intl throws a RangeError otherwise). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));

/*
 * Defaults of the paper-saved factors, and where each comes from (also in
 * docs/api/README.md, "Calendar feeds and paper saved"):
 *
 * - costPerSheet 0.07 GBP: Warrington Borough Council told its policy committee
 *   (Warrington Guardian, 2019) that a full-council agenda of 87 pages costs about
 *   £401 to print for its 58 members plus some spares: at most £401 / (87 × 58)
 *   ≈ £0.080 a page, about £0.07 with a few spares. Christchurch City Council
 *   (2020) reported 3.5 million sheets and about NZ$300,000 of printing, binding
 *   and distribution saved, ≈ NZ$0.086 a sheet. Derry City and Strabane's whole
 *   print estate (FOI, 2021: 2,816,812 pages, £64,418) is £0.023 a page, printing
 *   alone with no delivery. 0.07 sits at the low end of the agenda-printing
 *   figures, so the savings shown are not overstated.
 * - gramsCo2ePerSheet 4.6: the UK Government's GHG conversion factors for company
 *   reporting (DESNZ/Defra, "Material use", "Paper and board: paper", primary
 *   material production) give 919.4 kg CO2e per tonne in the 2022 and 2023 sets;
 *   an A4 sheet of 80 g/m² paper weighs 0.06237 m² × 80 g = 4.99 g, so
 *   4.99 g × 0.9194 ≈ 4.6 g CO2e. It counts making the paper only — not toner,
 *   printer electricity, delivery or disposal — so it is a floor, not an average
 *   (published per-sheet estimates that include more run from 5 to 10 g).
 * - publicCopiesPerMeeting 5: an assumption, not a published figure: a few copies
 *   for the press table and for public inspection at the meeting. Councils differ
 *   widely; set it to yours.
 * - printedSides 'single': the formula, pages × recipients = sheets, is a
 *   sheet per page. A council that printed double-sided sets 'double' (each copy
 *   of a paper then takes ceil(pages / 2) sheets), so its figures are not doubled.
 */
export const PublicSettings = z
  .object({
    /**
     * The public site's address as residents see it (e.g. behind a reverse proxy or CDN):
     * absolute links in calendar feeds and open data use it. When absent, links are made
     * from the request's own Host (and X-Forwarded-* only from a trusted proxy).
     */
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'an http or https address such as https://meetings.example.gov.uk' })
      .refine((url) => !/[?#]/.test(url), 'a base URL has no query or fragment')
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    /** The council's IANA time zone: meeting times in calendar feeds and on pages are local to it. */
    timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/London').default('Europe/London'),
    /** Copies of each meeting's papers that would have been printed for the public and the press. */
    publicCopiesPerMeeting: z.number().int().min(0).max(10_000).default(5),
    /** What one printed sheet costs (paper, printing or copying, binding, delivery), in `currency`. */
    costPerSheet: z.number().min(0).max(1000).default(0.07),
    /** ISO 4217 code of `costPerSheet`. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as GBP')
      .refine((code) => knownCurrencies.has(code), 'a currency code in ISO 4217')
      .default('GBP'),
    /** Grams of CO2e one printed sheet stands for. */
    gramsCo2ePerSheet: z.number().min(0).max(1000).default(4.6),
    /** Whether the council printed on one side of each sheet or both. */
    printedSides: z.enum(['single', 'double']).default('single'),
  })
  .strict();
export type PublicSettings = z.output<typeof PublicSettings>;
/** The settings as given: each may be left out. */
export type PublicSettingsInput = z.input<typeof PublicSettings>;

export const DEFAULT_PUBLIC_SETTINGS: PublicSettings = PublicSettings.parse({});

/** Sheets one printed copy of a paper of `pages` pages takes. */
export function sheetsPerCopy(pages: number, printedSides: PublicSettings['printedSides']): number {
  return printedSides === 'double' ? Math.ceil(pages / 2) : pages;
}
