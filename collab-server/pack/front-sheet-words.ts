/** The front sheet's words in each language a council may publish in (the renderer's catalogues are for screens, not for PDFs). */
import type { CommitteeRole } from '../../common/wire.ts';
import { committeeRoleNames } from '../committee-role-names.ts';
import type { AgendaPackSpec } from './pack-spec.ts';

export interface FrontSheetWords {
  /** BCP 47 tag written into the PDF, and the locale dates are formatted in. */
  locale: string;
  agendaPack: string;
  confidentialPack: string;
  confidentialNotice: string;
  /** A supplement pack's heading, `{n}` its number. */
  supplement: string;
  confidentialSupplement: string;
  supplementNotice: string;
  date: string;
  venue: string;
  membership: string;
  agenda: string;
  item: string;
  title: string;
  page: string;
  name: string;
  role: string;
  confidentialReason: string;
  roles: Record<CommitteeRole, string>;
}

export const frontSheetWords: Record<'en' | 'nb', FrontSheetWords> = {
  en: {
    locale: 'en-GB',
    agendaPack: 'Agenda pack',
    confidentialPack: 'Confidential agenda pack',
    confidentialNotice: 'Not for publication. For the members of the committee only.',
    supplement: 'Supplement {n} to the agenda pack',
    confidentialSupplement: 'Confidential supplement {n} to the agenda pack',
    supplementNotice: 'Papers published after the agenda pack. The page numbers of the agenda pack are unchanged.',
    date: 'Date',
    venue: 'Venue',
    membership: 'Membership',
    agenda: 'Agenda',
    item: 'Item',
    title: 'Title',
    page: 'Page',
    name: 'Name',
    role: 'Role',
    confidentialReason: 'Confidential',
    roles: committeeRoleNames.en,
  },
  nb: {
    locale: 'nb-NO',
    agendaPack: 'Saksdokumenter',
    confidentialPack: 'Saksdokumenter unntatt offentlighet',
    confidentialNotice: 'Unntatt offentlighet. Bare for utvalgets medlemmer.',
    supplement: 'Tillegg {n} til saksdokumentene',
    confidentialSupplement: 'Tillegg {n} til saksdokumentene, unntatt offentlighet',
    supplementNotice: 'Dokumenter publisert etter saksdokumentene. Sidetallene i saksdokumentene er uendret.',
    date: 'Tid',
    venue: 'Sted',
    membership: 'Medlemmer',
    agenda: 'Sakskart',
    item: 'Sak',
    title: 'Tittel',
    page: 'Side',
    name: 'Navn',
    role: 'Rolle',
    confidentialReason: 'Unntatt offentlighet',
    roles: committeeRoleNames.nb,
  },
};

/** What a pack is, as its front sheet's heading (and the document's name) says: "Agenda pack", "Supplement 2 to the agenda pack"… */
export function packHeading(spec: Pick<AgendaPackSpec, 'language' | 'audience' | 'supplement'>): string {
  const words = frontSheetWords[spec.language];
  const confidential = spec.audience === 'confidential';
  if (spec.supplement === null) return confidential ? words.confidentialPack : words.agendaPack;
  return (confidential ? words.confidentialSupplement : words.supplement).replace('{n}', String(spec.supplement));
}
