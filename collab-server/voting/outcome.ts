/**
 * The arithmetic of a meeting, kept pure so it can be tested on its own: how
 * many make a quorum, and whether a motion carried under the committee's rules.
 */
import type { CommitteeRules, QuorumRule, VoteCounts, VoteResult } from '../../common/wire.ts';
import { HttpError } from '../http/errors.ts';

/** Voting members needed for a quorum: a fixed number, or the fraction of voting members rounded up (at least 1). */
export function requiredQuorum(rule: QuorumRule, votingMembers: number): number {
  if (rule.kind === 'count') return rule.value;
  // Round away float noise first: 0.5 * 6 must be 3, not 3.0000000000000004 → 4.
  return Math.max(1, Math.ceil(Math.round(rule.value * votingMembers * 1e9) / 1e9));
}

export type Outcome = Pick<VoteResult, 'outcome' | 'decidedBy' | 'castingVote'>;

/**
 * The outcome of a closed vote. A tie (For equals Against, with votes either
 * way, under a simple majority) goes to the chair's casting vote or falls,
 * as the committee's tie rule says; without the required casting vote it throws 409.
 */
export function decideOutcome(
  counts: VoteCounts,
  presentCount: number,
  rules: Pick<CommitteeRules, 'majority' | 'tie'>,
  castingVote: 'for' | 'against' | undefined,
): Outcome {
  const cast = counts.for + counts.against;
  let carried: boolean;
  switch (rules.majority) {
    case 'simple-of-cast':
      carried = counts.for > counts.against;
      break;
    case 'simple-of-present':
      carried = counts.for * 2 > presentCount;
      break;
    case 'two-thirds-of-cast':
      carried = cast > 0 && counts.for * 3 >= cast * 2;
      break;
  }
  const tie = rules.majority !== 'two-thirds-of-cast' && !carried && counts.for === counts.against && counts.for > 0;
  if (!tie) return { outcome: carried ? 'carried' : 'lost', decidedBy: 'majority', castingVote: null };
  if (rules.tie === 'motion-falls') return { outcome: 'lost', decidedBy: 'tie-falls', castingVote: null };
  if (!castingVote) throw new HttpError(409, 'casting-vote-required', 'The vote is tied: the chair must give a casting vote (castingVote: "for" or "against")');
  return { outcome: castingVote === 'for' ? 'carried' : 'lost', decidedBy: 'casting-vote', castingVote };
}
