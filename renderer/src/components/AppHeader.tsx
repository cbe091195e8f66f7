/** The banner: app name (a link home), who is signed in, opening a PDF from this computer, and the sync state. */
import { useBridgeQuery } from '../bridge/context.tsx';
import { t } from '../i18n/index.ts';
import { OpenLocalFileButton } from '../local/OpenLocalFile.tsx';
import { meetingsHref } from '../routing/hash-route.ts';
import { SearchBox } from '../search/SearchBox.tsx';
import { SyncStatusPanel } from './SyncStatusPanel.tsx';

export function AppHeader() {
  const session = useBridgeQuery('session.get', {}, 'session').data;
  return (
    <header className="app-header">
      <a className="app-header__brand" href={meetingsHref()}>
        <span className="app-header__logo" aria-hidden="true">
          ◆
        </span>
        <span className="app-header__name">{t('app.name')}</span>
        <span className="app-header__tagline">{t('app.tagline')}</span>
      </a>
      {session && (
        <p className="app-header__session" data-testid="session">
          {session.embeddedServer && <span className="app-header__demo">{t('session.demo')}</span>}
          {session.user && <span>{t('session.signedInAs', { name: session.user.displayName })}</span>}
        </p>
      )}
      <OpenLocalFileButton />
      <SearchBox />
      <SyncStatusPanel />
    </header>
  );
}
