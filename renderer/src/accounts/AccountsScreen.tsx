/**
 * `#/accounts`: sign in to a Chamber server, and the accounts on this computer
 * (the open one marked) with open / sign out / remove. Shown by itself when no
 * account is open. The password goes to the host once and is never kept.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { AccountList, AccountSummary, TokenStorage } from '../../../common/bridge.ts';
import { useBridge, useBridgeEvent, useBridgeQuery } from '../bridge/context.tsx';
import { toBridgeFailure, type BridgeFailure } from '../bridge/errors.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { t } from '../i18n/index.ts';
import { useFocusAfterNavigation } from '../routing/focus-after-navigation.ts';
import { accountsHref, meetingsHref, navigate, type SignInPrefill } from '../routing/hash-route.ts';
import { TextField } from '../settings/TextField.tsx';
import './accounts.css';

export function AccountsScreen({ prefill }: { prefill: SignInPrefill | null }) {
  const [refresh, setRefresh] = useState(0);
  useBridgeEvent('accounts.changed', () => setRefresh((count) => count + 1));
  const accounts = useBridgeQuery('accounts.list', {}, `accounts:${refresh}`);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusAfterNavigation(headingRef);

  return (
    <main id="main" className="page page--accounts" tabIndex={-1} data-testid="accounts-screen">
      <h1 className="page__title" ref={headingRef} tabIndex={-1}>
        {t('accounts.heading')}
      </h1>
      <p className="page__intro">{t('accounts.intro')}</p>
      {accounts.data && <TokenStorageNote storage={accounts.data.tokenStorage} />}
      <div className="accounts-layout">
        <SignInForm key={prefill ? `${prefill.serverUrl}\n${prefill.username}` : 'new'} prefill={prefill} />
        <section className="panel" aria-labelledby="accounts-list-heading">
          <h2 id="accounts-list-heading" className="section-title">
            {t('accounts.listHeading')}
          </h2>
          {accounts.status === 'error' ? (
            <ErrorNotice message={accounts.error.message} onRetry={() => setRefresh((count) => count + 1)} />
          ) : accounts.data === null ? null : accounts.data.accounts.length === 0 ? (
            <p className="muted">{t('accounts.none')}</p>
          ) : (
            <AccountRows list={accounts.data} />
          )}
          <p className="muted accounts-note">{t('accounts.signedOutNote')}</p>
        </section>
      </div>
    </main>
  );
}

/** Where the sign-in tokens are kept; a warning when Electron found no keyring to encrypt them with. */
function TokenStorageNote({ storage }: { storage: TokenStorage }) {
  return (
    <p
      className={storage === 'file-no-keyring' ? 'notice accounts-token-storage' : 'muted accounts-token-storage'}
      data-testid="token-storage"
      data-storage={storage}
    >
      {t(`accounts.tokenStorage.${storage}`)}
    </p>
  );
}

function SignInForm({ prefill }: { prefill: SignInPrefill | null }) {
  const bridge = useBridge();
  const [serverUrl, setServerUrl] = useState(prefill?.serverUrl ?? '');
  const [username, setUsername] = useState(prefill?.username ?? '');
  const [password, setPassword] = useState('');
  const [allowInsecure, setAllowInsecure] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<BridgeFailure | null>(null);

  // The host decides which http:// addresses need it (not this computer's); the choice is only offered for http://.
  const offersInsecure = /^\s*http:/i.test(serverUrl);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    bridge.invoke('accounts.signIn', { serverUrl, username, password, allowInsecure: offersInsecure && allowInsecure }).then(
      () => {
        setPassword('');
        setBusy(false);
        navigate(meetingsHref());
      },
      (error: unknown) => {
        setPassword('');
        setBusy(false);
        setFailure(toBridgeFailure(error));
      },
    );
  };

  return (
    <section className="panel" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading" className="section-title">
        {prefill ? t('accounts.signInAgainHeading', { server: prefill.serverUrl }) : t('accounts.signInHeading')}
      </h2>
      <form className="sign-in-form" onSubmit={submit} aria-labelledby="sign-in-heading" data-testid="sign-in-form">
        <TextField
          label={t('accounts.serverUrl')}
          hint={t('accounts.serverUrlHint')}
          type="url"
          name="serverUrl"
          inputMode="url"
          autoComplete="url"
          required
          value={serverUrl}
          onValue={setServerUrl}
        />
        <TextField label={t('accounts.username')} name="username" autoComplete="username" required value={username} onValue={setUsername} />
        <TextField
          label={t('accounts.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onValue={setPassword}
        />
        {offersInsecure && (
          <label className="sign-in-form__insecure">
            <input type="checkbox" name="allowInsecure" checked={allowInsecure} onChange={(event) => setAllowInsecure(event.target.checked)} />
            {t('accounts.allowInsecure')}
          </label>
        )}
        {failure && (
          <p className="notice notice--error" role="alert" data-testid="sign-in-error" data-code={failure.code ?? ''}>
            {signInErrorText(failure)}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('accounts.signingIn') : t('accounts.signIn')}
        </button>
      </form>
    </section>
  );
}

const knownSignInErrors = ['invalid-arguments', 'insecure-http', 'offline', 'not-chamber-server', 'unauthorised', 'throttled'] as const;

function signInErrorText(failure: BridgeFailure): string {
  const known = knownSignInErrors.find((code) => code === failure.code);
  return known ? t(`accounts.error.${known}`) : t('accounts.error.other', { message: failure.message });
}

function AccountRows({ list }: { list: AccountList }) {
  const bridge = useBridge();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = (work: Promise<unknown>, after?: () => void) => {
    setBusy(true);
    setFailure(null);
    work.then(
      () => {
        setBusy(false);
        after?.();
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(toBridgeFailure(error).message);
      },
    );
  };

  const remove = (account: AccountSummary) => {
    const name = account.displayName ?? account.username;
    if (!window.confirm(t('accounts.removeConfirm', { name, server: account.serverUrl }))) return;
    run(bridge.invoke('accounts.remove', { accountId: account.id }));
  };

  return (
    <>
      {failure && (
        <p className="notice notice--error" role="alert">
          {t('accounts.actionFailed', { message: failure })}
        </p>
      )}
      <ul className="account-list" data-testid="account-list">
        {list.accounts.map((account) => (
          <li
            key={account.id}
            className={account.active ? 'account account--active' : 'account'}
            data-testid="account"
            data-account-id={account.id}
            data-active={account.active}
            aria-current={account.active ? 'true' : undefined}
          >
            <div className="account__who">
              <span className="account__name" id={`account-name-${account.id}`}>
                {account.displayName ?? account.username}
              </span>
              <span className="account__server">
                {account.username} · {account.embeddedServer ? t('accounts.demo') : account.serverUrl}
              </span>
            </div>
            <span className={`account__state account__state--${account.active ? 'active' : account.signedIn ? 'in' : 'out'}`}>
              {account.active ? t('accounts.active') : account.signedIn ? t('accounts.signedIn') : t('accounts.signedOut')}
            </span>
            <div className="account__actions">
              {!account.active && account.signedIn && (
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  aria-describedby={`account-name-${account.id}`}
                  onClick={() => run(bridge.invoke('accounts.switch', { accountId: account.id }), () => navigate(meetingsHref()))}
                >
                  {t('accounts.switch')}
                </button>
              )}
              {!account.signedIn && (
                <a className="button" aria-describedby={`account-name-${account.id}`} href={accountsHref({ serverUrl: account.serverUrl, username: account.username })}>
                  {t('accounts.signInAs')}
                </a>
              )}
              {account.signedIn && (
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  aria-describedby={`account-name-${account.id}`}
                  onClick={() => run(bridge.invoke('accounts.signOut', { accountId: account.id }))}>
                  {t('accounts.signOut')}
                </button>
              )}
              <button
                type="button"
                className="button button--danger"
                disabled={busy}
                aria-describedby={`account-name-${account.id}`}
                onClick={() => remove(account)}
              >
                {t('accounts.remove')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
