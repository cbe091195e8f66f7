/**
 * Committee roles as the server's own words name them: on the public pages, in the open data, in
 * the minutes and on an agenda pack's front sheet (in the council's publishing language). The
 * renderer names them from its own catalogues.
 */
import type { CommitteeRole } from '../common/wire.ts';

export const committeeRoleNames: Record<'en' | 'nb', Record<CommitteeRole, string>> = {
  en: { clerk: 'Clerk', chair: 'Chair', member: 'Member', 'minute-taker': 'Minute-taker', observer: 'Observer', substitute: 'Substitute', officer: 'Officer' },
  nb: { clerk: 'Sekretær', chair: 'Leder', member: 'Medlem', 'minute-taker': 'Referent', observer: 'Observatør', substitute: 'Varamedlem', officer: 'Saksbehandler' },
};
