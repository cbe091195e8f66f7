/**
 * The banner: app name (a link home), who is signed in (a link to the accounts screen), storage, opening a PDF
 * from this computer, search and the sync state. With no account open, only the name and the accounts link.
 */
import { useAccountSession } from '../bridge/account-session.tsx';
import { t } from '../i18n/index.ts';
import { OpenLocalFileButton } from '../local/OpenLocalFile.tsx';
import { accountsHref, clerkHref, meetingsHref, storageHref } from '../routing/hash-route.ts';
import { SearchBox } from '../search/SearchBox.tsx';
import { SearchIndexingStatus } from '../search/search-progress.tsx';
import { SyncStatusPanel } from './SyncStatusPanel.tsx';
import './shell.css';

export function AppHeader({ hasAccount }: { hasAccount: boolean }) {
  const session = useAccountSession();
  return (
    <header className="app-header">
      <a className="app-header__brand" href={meetingsHref()}>
        <span className="app-header__logo" aria-hidden="true">
          ◆
        </span>
        <span className="app-header__name">{t('app.name')}</span>
        <span className="app-header__tagline">{t('app.tagline')}</span>
      </a>
      <p className="app-header__session" data-testid="session">
        {session.embeddedServer && <span className="app-header__demo">{t('session.demo')}</span>}
        {session.user && <span>{t('session.signedInAs', { name: session.user.displayName })}</span>}
      </p>
      <nav className="app-header__nav" aria-label={t('session.accounts')}>
        <a className="app-header__link" href={accountsHref()} data-testid="accounts-link">
          {t('session.accounts')}
        </a>
        {hasAccount && (
          <a className="app-header__link" href={storageHref()} data-testid="storage-link">
            {t('session.storage')}
          </a>
        )}
        {hasAccount && session.user?.memberships.some((membership) => membership.role === 'clerk') && (
          <a className="app-header__link" href={clerkHref()}>
            {t('clerk.link')}
          </a>
        )}
      </nav>
      {hasAccount && (
        <>
          <OpenLocalFileButton />
          <SearchBox />
          <SearchIndexingStatus />
          <SyncStatusPanel />
        </>
      )}
    </header>
  );
}
