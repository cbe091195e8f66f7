/** The banner: app name (a link home) and the sync state. */
import { meetingsHref } from '../routing/hash-route.ts';
import { t } from '../i18n/index.ts';
import { SyncStatusPanel } from './SyncStatusPanel.tsx';

export function AppHeader() {
  return (
    <header className="app-header">
      <a className="app-header__brand" href={meetingsHref()}>
        <span className="app-header__logo" aria-hidden="true">
          ◆
        </span>
        <span className="app-header__name">{t('app.name')}</span>
        <span className="app-header__tagline">{t('app.tagline')}</span>
      </a>
      <SyncStatusPanel />
    </header>
  );
}
