/**
 * Results of the meeting's closed votes, newest first, shown to everyone the
 * moment a vote closes: the outcome, the counts, how it was decided, and for a
 * recorded vote who voted how and who did not vote.
 */
import type { PersonRef, VoteResult } from '../../../common/wire.ts';
import { t } from '../i18n/index.ts';
import { formatClock } from './format.ts';
import { itemLabel, useSession } from './session-context.ts';

export function ResultsList() {
  const { state } = useSession();
  if (state.results.length === 0) return null;
  return (
    <section className="session-card results" aria-labelledby="results-heading">
      <h3 id="results-heading">{t('session.results.heading')}</h3>
      <ol className="results__list">
        {state.results.map((result) => (
          <li key={result.id}>
            <ResultCard result={result} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function ResultCard({ result }: { result: VoteResult }) {
  const { detail } = useSession();
  const { counts } = result;
  const total = counts.for + counts.against + counts.abstain;
  return (
    <article className={`result result--${result.outcome}`} data-testid="vote-result" data-vote-id={result.id} data-outcome={result.outcome}>
      <header className="result__head">
        <p className={`result__outcome result__outcome--${result.outcome}`}>{t(`session.outcome.${result.outcome}`)}</p>
        <p className="muted">
          {t(`session.voteKind.${result.kind}`)} · {t('session.results.closedAt', { time: formatClock(result.closedAt) })}
        </p>
      </header>
      <p className="result__item muted">{itemLabel(detail, result.itemId)}</p>
      <p className="result__motion">{result.motion.text}</p>
      <dl className="result__counts">
        {(['for', 'against', 'abstain'] as const).map((choice) => (
          <div key={choice} className={`result__count result__count--${choice}`}>
            <dt>{t(`session.choice.${choice}`)}</dt>
            <dd data-testid={`count-${choice}`}>{counts[choice]}</dd>
            <span className="result__bar" aria-hidden="true">
              <span style={{ width: total > 0 ? `${Math.round((counts[choice] / total) * 100)}%` : '0%' }} />
            </span>
          </div>
        ))}
      </dl>
      <p className="result__rule muted">
        {t(`session.majority.${result.majority}`)}
        {result.decidedBy === 'casting-vote' && result.castingVote && (
          <> · {t('session.results.castingVote', { choice: t(`session.choice.${result.castingVote}`) })}</>
        )}
        {result.decidedBy === 'tie-falls' && <> · {t('session.results.tieFalls')}</>}
      </p>
      {result.named && (
        <div className="result__named" data-testid="named-lists">
          <NamedList label={t('session.choice.for')} people={result.named.for} testId="named-for" />
          <NamedList label={t('session.choice.against')} people={result.named.against} testId="named-against" />
          <NamedList label={t('session.choice.abstain')} people={result.named.abstain} testId="named-abstain" />
          <NamedList label={t('session.results.didNotVote')} people={result.named.didNotVote} testId="named-did-not-vote" />
        </div>
      )}
    </article>
  );
}

function NamedList({ label, people, testId }: { label: string; people: PersonRef[]; testId: string }) {
  return (
    <div className="result__names">
      <h4>{label}</h4>
      <p data-testid={testId}>{people.length > 0 ? people.map((person) => person.displayName).join(', ') : '—'}</p>
    </div>
  );
}
