import { type CommitteeRules, type UpdateCommitteeRulesRequest, defaultCommitteeRules } from '../../common/wire.ts';
import type { Db } from '../db/database.ts';

interface RulesRow {
  quorum_kind: 'count' | 'fraction';
  quorum_value: number;
  majority: CommitteeRules['majority'];
  tie: CommitteeRules['tie'];
  secret_ballot_allowed: number;
}

/** The committee's rules, or the defaults when nobody set any. */
export function committeeRules(db: Db, committeeId: string): CommitteeRules {
  const row = db.prepare('SELECT * FROM committee_rules WHERE committee_id = ?').get(committeeId) as RulesRow | undefined;
  if (!row) return defaultCommitteeRules;
  return {
    quorum: row.quorum_kind === 'count' ? { kind: 'count', value: row.quorum_value } : { kind: 'fraction', value: row.quorum_value },
    majority: row.majority,
    tie: row.tie,
    secretBallotAllowed: row.secret_ballot_allowed === 1,
  };
}

export function updateCommitteeRules(db: Db, committeeId: string, change: UpdateCommitteeRulesRequest): CommitteeRules {
  return db.transaction(() => {
    const rules: CommitteeRules = { ...committeeRules(db, committeeId), ...change };
    db.prepare(
      `INSERT INTO committee_rules (committee_id, quorum_kind, quorum_value, majority, tie, secret_ballot_allowed, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (committee_id) DO UPDATE SET quorum_kind = excluded.quorum_kind, quorum_value = excluded.quorum_value,
         majority = excluded.majority, tie = excluded.tie, secret_ballot_allowed = excluded.secret_ballot_allowed, updated_at = excluded.updated_at`,
    ).run(committeeId, rules.quorum.kind, rules.quorum.value, rules.majority, rules.tie, rules.secretBallotAllowed ? 1 : 0, new Date().toISOString());
    return rules;
  })();
}
