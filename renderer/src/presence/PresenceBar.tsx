/**
 * The strip above the viewer: who else is reading this document (initials and
 * page), presenting for the chair and clerk, and following the presenter.
 */
import type { PresencePeer } from '../../../common/bridge.ts';
import { t, tp } from '../i18n/index.ts';
import { colourFor, initials } from './avatar.ts';
import './presence.css';

interface PresenceBarProps {
  /** Others on the open document; null when no document is open. */
  documentPeers: PresencePeer[] | null;
  canPresent: boolean;
  presenting: boolean;
  followers: number;
  onPresent(): void;
  onStopPresenting(): void;
  /** Who presents (someone else, and still here), or null. */
  presenterName: string | null;
  presentedPage: number | null;
  following: boolean;
  left: 'stopped' | 'moved-away' | null;
  onFollow(): void;
  onStopFollowing(): void;
}

export function PresenceBar(props: PresenceBarProps) {
  const { documentPeers, canPresent, presenting, presenterName, following } = props;
  return (
    <section className="presence-bar" aria-label={t('presence.label')} data-testid="presence-bar">
      <div className="presence-bar__readers">{documentPeers && <Readers peers={documentPeers} />}</div>
      <div className="presence-bar__actions">
        {presenting ? (
          <>
            <span className="presence-bar__status presence-bar__status--live" data-testid="presenting-status">
              <span className="presence-bar__dot" aria-hidden="true" />
              {tp('presence.presentingTo', props.followers)}
            </span>
            <button type="button" className="button" aria-pressed="true" onClick={props.onStopPresenting} data-testid="present-toggle">
              {t('presence.stopPresenting')}
            </button>
          </>
        ) : (
          <>
            {following ? (
              <>
                <span className="presence-bar__status presence-bar__status--following" data-testid="follow-status">
                  {presenterName
                    ? t('presence.following', { name: presenterName, page: props.presentedPage ?? 1 })
                    : t('presence.waitingForPresenter')}
                </span>
                <button type="button" className="button" aria-pressed="true" onClick={props.onStopFollowing} data-testid="follow-toggle">
                  {t('presence.stopFollowing')}
                </button>
              </>
            ) : (
              <>
                <span className="presence-bar__status" data-testid="follow-status">
                  {presenterName
                    ? props.left === 'moved-away'
                      ? t('presence.leftFollow', { name: presenterName })
                      : t('presence.isPresenting', { name: presenterName })
                    : t('presence.nobodyPresenting')}
                </span>
                {presenterName && (
                  <button type="button" className="button" aria-pressed="false" onClick={props.onFollow} data-testid="follow-toggle">
                    {t('presence.follow')}
                  </button>
                )}
              </>
            )}
            {canPresent && (
              <button type="button" className="button button--primary" aria-pressed="false" onClick={props.onPresent} data-testid="present-toggle">
                {t('presence.present')}
              </button>
            )}
          </>
        )}
        <span className="visually-hidden" role="status" aria-live="polite" data-testid="presence-announcement">
          {props.left === 'moved-away' ? t('presence.leftFollowAnnouncement') : following ? t('presence.followingAnnouncement') : ''}
        </span>
      </div>
    </section>
  );
}

function Readers({ peers }: { peers: PresencePeer[] }) {
  if (peers.length === 0) {
    return (
      <span className="presence-bar__caption" data-testid="presence-alone">
        {t('presence.alone')}
      </span>
    );
  }
  return (
    <>
      <span className="presence-bar__caption" id="presence-readers-caption">
        {t('presence.alsoReading')}
      </span>
      <ul className="presence-avatars" aria-labelledby="presence-readers-caption" data-testid="presence-readers">
        {peers.map(({ state }) => {
          const label = state.page ? t('presence.readerOnPage', { name: state.name, page: state.page }) : state.name;
          return (
            <li key={state.userId} className="presence-reader" title={label} data-testid="presence-reader" data-user-id={state.userId} data-page={state.page ?? ''}>
              <span className="presence-avatar" style={{ background: colourFor(state.userId) }} aria-hidden="true">
                {initials(state.name)}
              </span>
              {state.page !== undefined && (
                <span className="presence-reader__page" aria-hidden="true">
                  {t('presence.pageShort', { page: state.page })}
                </span>
              )}
              {state.following && (
                <span className="presence-reader__following" aria-hidden="true">
                  {t('presence.followingShort')}
                </span>
              )}
              <span className="visually-hidden">{label}</span>
            </li>
          );
        })}
      </ul>
    </>
  );
}
