/**
 * Declarations of interest on an item (the current one unless another is
 * chosen). The chair and clerk see everyone's; a member sees and makes their
 * own. A disclosable pecuniary interest always takes the member out of the
 * room for the item; for the other kinds the member says so.
 */
import { useId, useState } from 'react';
import type { InterestKind } from '../../../common/wire.ts';
import { useBridge, useBridgeQuery } from '../bridge/context.tsx';
import { t } from '../i18n/index.ts';
import { CommandError } from './CommandError.tsx';
import { itemLabel, useSession } from './session-context.ts';
import { failureText, refusalText } from './session-command.ts';

const kinds = ['disclosable-pecuniary', 'other-registrable', 'non-registrable'] as const satisfies readonly InterestKind[];

export function DeclarationsPanel() {
  const { detail, state, runsMeeting, me, userId } = useSession();
  const [chosenItem, setChosenItem] = useState<string>('');
  const itemId = chosenItem || state.currentItemId || detail.items[0]?.id || '';
  const [refresh, setRefresh] = useState(0);
  // Someone declaring on the current item changes who has left the room: reload then too.
  const key = `${itemId}:${refresh}:${state.excludedFromCurrentItem.map((person) => person.userId).join(',')}`;
  const list = useBridgeQuery('declarations.list', { itemId }, key);
  const [formOpen, setFormOpen] = useState(false);
  const ids = useId();
  if (!itemId) return null;
  const declarations = list.data ?? [];
  const mayDeclare = me?.votingMember ?? false;

  return (
    <section className="session-card declarations" aria-labelledby="declarations-heading" data-testid="declarations">
      <div className="session-card__head">
        <h3 id="declarations-heading">{t('session.declarations.heading')}</h3>
        {mayDeclare && !formOpen && (
          <button type="button" className="button" onClick={() => setFormOpen(true)}>
            {t('session.declarations.declare')}
          </button>
        )}
      </div>
      <label className="field" htmlFor={`${ids}-item`}>
        {t('session.declarations.item')}
      </label>
      <select id={`${ids}-item`} className="field__input" value={itemId} onChange={(event) => setChosenItem(event.target.value)}>
        {detail.items.map((item) => (
          <option key={item.id} value={item.id}>
            {itemLabel(detail, item.id)}
            {item.id === state.currentItemId ? ` ${t('session.declarations.current')}` : ''}
          </option>
        ))}
      </select>
      {formOpen && (
        <DeclarationForm
          itemId={itemId}
          onDone={() => {
            setFormOpen(false);
            setRefresh((count) => count + 1);
          }}
          onCancel={() => setFormOpen(false)}
        />
      )}
      {list.status === 'error' && list.error.code === 'offline' ? (
        <p className="muted">{t('session.declarations.offline')}</p>
      ) : declarations.length === 0 ? (
        <p className="muted">{runsMeeting ? t('session.declarations.noneAll') : t('session.declarations.noneMine')}</p>
      ) : (
        <ul className="declarations__list" aria-label={t('session.declarations.listLabel')}>
          {declarations.map((declaration) => (
            <li key={declaration.userId} className="declaration" data-testid="declaration" data-user-id={declaration.userId}>
              <p>
                <strong>{declaration.userId === userId ? t('session.you') : declaration.displayName}</strong>{' '}
                <span className="declaration__kind">{t(`interest.${declaration.kind}`)}</span>
                {declaration.leavesRoom && <span className="declaration__leaves">{t('session.declarations.leavesRoom')}</span>}
              </p>
              <p className="muted">{declaration.description}</p>
              {declaration.userId === userId && (
                <WithdrawDeclaration itemId={itemId} onDone={() => setRefresh((count) => count + 1)} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Takes back this member's own declaration on the item (e.g. made on the wrong item). */
function WithdrawDeclaration({ itemId, onDone }: { itemId: string; onDone: () => void }) {
  const bridge = useBridge();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const withdraw = () => {
    setBusy(true);
    setError(null);
    bridge
      .invoke('declarations.withdraw', { itemId })
      .then(
        (outcome) => (outcome.ok ? onDone() : setError(refusalText(outcome.refusal))),
        (failure: unknown) => setError(failureText(failure)),
      )
      .finally(() => setBusy(false));
  };
  return (
    <div>
      <button type="button" className="button" disabled={busy} onClick={withdraw}>
        {t('session.declarations.withdraw')}
      </button>
      <CommandError message={error} />
    </div>
  );
}

function DeclarationForm({ itemId, onDone, onCancel }: { itemId: string; onDone: () => void; onCancel: () => void }) {
  const bridge = useBridge();
  const [kind, setKind] = useState<InterestKind>('other-registrable');
  const [description, setDescription] = useState('');
  const [leaves, setLeaves] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = useId();
  const forced = kind === 'disclosable-pecuniary';

  return (
    <form
      className="declaration-form"
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        bridge
          .invoke('declarations.declare', { itemId, kind, description, leavesRoom: forced || leaves })
          .then(
            (outcome) => (outcome.ok ? onDone() : setError(refusalText(outcome.refusal))),
            (failure: unknown) => setError(failureText(failure)),
          )
          .finally(() => setBusy(false));
      }}
    >
      <label className="field" htmlFor={`${ids}-kind`}>
        {t('session.declarations.kind')}
      </label>
      <select id={`${ids}-kind`} className="field__input" value={kind} onChange={(event) => setKind(event.target.value as InterestKind)}>
        {kinds.map((option) => (
          <option key={option} value={option}>
            {t(`interest.${option}`)}
          </option>
        ))}
      </select>
      <label className="field" htmlFor={`${ids}-description`}>
        {t('session.declarations.description')}
      </label>
      <textarea
        id={`${ids}-description`}
        className="field__input"
        rows={2}
        required
        maxLength={2000}
        value={description}
        onChange={(event) => setDescription(event.target.value)}
      />
      <label className="checkbox">
        <input type="checkbox" checked={forced || leaves} disabled={forced} onChange={(event) => setLeaves(event.target.checked)} />
        <span>{t('session.declarations.leaveRoom')}</span>
      </label>
      {forced && <p className="muted">{t('session.declarations.pecuniaryLeaves')}</p>}
      <div className="declaration-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('session.declarations.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('session.cancel')}
        </button>
      </div>
      <CommandError message={error} />
    </form>
  );
}
