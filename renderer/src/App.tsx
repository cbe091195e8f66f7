/** The app shell: skip link, banner with sync status, and the routed screen. */
import { useState, type MouseEvent } from 'react';
import { AccountsScreen } from './accounts/AccountsScreen.tsx';
import { AgendaBuilder } from './clerk/AgendaBuilder.tsx';
import { ClerkWorkspace } from './clerk/ClerkWorkspace.tsx';
import { MeetingPreview } from './clerk/MeetingPreview.tsx';
import type { ChamberBridge } from '../../common/bridge.ts';
import { BridgeContext, useBridgeEvent, useBridgeQuery } from './bridge/context.tsx';
import { askForNewLink } from './bridge/token.ts';
import { AccountSessionProvider, useAccountSession } from './bridge/account-session.tsx';
import { SyncStatusProvider } from './bridge/sync-status.tsx';
import { AppHeader } from './components/AppHeader.tsx';
import { ErrorNotice } from './components/ErrorNotice.tsx';
import { MeetingList } from './components/MeetingList.tsx';
import { MeetingView } from './components/MeetingView.tsx';
import { t } from './i18n/index.ts';
import { LocalDocumentScreen } from './local/LocalDocumentScreen.tsx';
import { LocalFileDropZone } from './local/OpenLocalFile.tsx';
import { noteRoute } from './routing/focus-after-navigation.ts';
import { SearchResultsScreen } from './search/SearchResultsScreen.tsx';
import { StorageScreen } from './settings/StorageScreen.tsx';
import { useRoute } from './routing/hash-route.ts';
import './components/shell.css';

export function App({ bridge }: { bridge: ChamberBridge }) {
  return (
    <BridgeContext.Provider value={bridge}>
      <AccountScope />
    </BridgeContext.Provider>
  );
}

/**
 * Everything below belongs to the active account: when another account opens (or none), it all mounts
 * afresh and re-queries the host, so nothing of the previous account stays on screen.
 */
function AccountScope() {
  const [generation, setGeneration] = useState(0);
  useBridgeEvent('accounts.changed', () => setGeneration((count) => count + 1));
  const session = useBridgeQuery('session.get', {}, `session:${generation}`);
  if (session.data === null) {
    return session.status === 'error' ? <ErrorNotice message={session.error.message} onRetry={() => setGeneration((count) => count + 1)} /> : null;
  }
  return (
    <AccountSessionProvider key={generation} initial={session.data}>
      <SyncStatusProvider>
        <Shell />
      </SyncStatusProvider>
    </AccountSessionProvider>
  );
}

function Shell() {
  const hasAccount = useAccountSession().account !== null;
  const route = useRoute();
  noteRoute('meetingId' in route ? `${route.name}:${route.meetingId}` : route.name);
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={focusMain}>
        {t('app.skipToContent')}
      </a>
      <AppHeader hasAccount={hasAccount} />
      <LocalFileDropZone />
      {!hasAccount || route.name === 'accounts' ? (
        <AccountsScreen prefill={route.name === 'accounts' ? route.prefill : null} />
      ) : route.name === 'storage' ? (
        <StorageScreen />
      ) : route.name === 'meeting' ? (
        <MeetingView key={route.meetingId} meetingId={route.meetingId} documentId={route.documentId} target={route.target} />
      ) : route.name === 'session' ? (
        <MeetingView key={route.meetingId} meetingId={route.meetingId} documentId={null} session />
      ) : route.name === 'minutes' ? (
        <MeetingView key={route.meetingId} meetingId={route.meetingId} documentId={null} minutes />
      ) : route.name === 'search' ? (
        <SearchResultsScreen key={route.query} query={route.query} />
      ) : route.name === 'local' ? (
        <LocalDocumentScreen />
      ) : route.name === 'clerk' ? (
        <ClerkWorkspace />
      ) : route.name === 'clerkMeeting' ? (
        <AgendaBuilder key={route.meetingId} meetingId={route.meetingId} />
      ) : route.name === 'clerkPreview' ? (
        <MeetingPreview key={`${route.meetingId}:${route.audience}`} meetingId={route.meetingId} audience={route.audience} />
      ) : (
        <main id="main" className="app-main" tabIndex={-1}>
          <MeetingList />
        </main>
      )}
    </div>
  );
}

/** The skip link must not change the hash: that is our router. */
function focusMain(event: MouseEvent) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

/**
 * Shown when there is no preload bridge and no browser-mode token. In browser mode the host served this page, so
 * it is running: it can print a new link in its terminal, where only the person who started it sees it.
 */
export function NoBridge({ linkRefused }: { linkRefused: boolean }) {
  const [asked, setAsked] = useState<'no' | 'busy' | 'printed' | 'failed'>('no');
  const ask = () => {
    setAsked('busy');
    void askForNewLink().then((printed) => setAsked(printed ? 'printed' : 'failed'));
  };
  return (
    <main id="main" className="no-bridge">
      <h1>{linkRefused ? t('app.noBridge.linkRefused') : t('app.noBridge.title')}</h1>
      <p>{t('app.noBridge.body')}</p>
      <button type="button" className="button button--primary no-bridge__ask" disabled={asked === 'busy'} onClick={ask}>
        {t('app.noBridge.newLink')}
      </button>
      <p role="status">{asked === 'printed' ? t('app.noBridge.newLinkPrinted') : asked === 'failed' ? t('app.noBridge.newLinkFailed') : ''}</p>
    </main>
  );
}
