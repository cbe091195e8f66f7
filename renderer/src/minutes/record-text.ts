/**
 * The wording of a record block, from the meeting record: the same lines are
 * shown while the block is live and become its text when it is frozen, so
 * what the minute-taker saw is what the minutes keep.
 */
import type { MeetingRecord, RecordBlockKind } from '../../../common/minutes.ts';
import type { PersonRef, RollEntry, VoteResult } from '../../../common/wire.ts';
import { t } from '../i18n/index.ts';

/** One line of a record block: an optional label ("Present") and its text. */
export interface RecordLine {
  label: string | null;
  text: string;
}

export interface RecordBlockRef {
  kind: RecordBlockKind;
  itemId: string | null;
  voteId: string | null;
}

const timeFormat = new Intl.DateTimeFormat(typeof navigator !== 'undefined' ? navigator.language : 'en', { hour: '2-digit', minute: '2-digit' });

function clock(iso: string): string {
  return timeFormat.format(new Date(iso));
}

function names(people: Array<{ displayName: string }>): string {
  return people.length > 0 ? people.map((person) => person.displayName).join(', ') : t('minutes.record.nobody');
}

/** "Cllr Priya Shah (chair)" for the chair; others by name. */
function rollName(entry: RollEntry): string {
  return entry.role === 'chair' ? t('minutes.record.asChair', { name: entry.displayName }) : entry.displayName;
}

function attendanceLines(record: MeetingRecord): RecordLine[] {
  const voting = record.roll.filter((entry) => entry.votingMember);
  const officers = record.roll.filter((entry) => !entry.votingMember && (entry.attendance === 'present' || entry.attendance === 'departed'));
  const wasThere = (entry: RollEntry) => entry.attendance === 'present' || entry.attendance === 'departed';
  const lines: RecordLine[] = [
    { label: t('minutes.record.present'), text: names(voting.filter(wasThere).map((entry) => ({ displayName: rollName(entry) }))) },
    { label: t('minutes.record.apologies'), text: names(voting.filter((entry) => entry.attendance === 'apologies')) },
    { label: t('minutes.record.absent'), text: names(voting.filter((entry) => entry.attendance === 'absent')) },
  ];
  if (officers.length > 0) {
    lines.push({
      label: t('minutes.record.inAttendance'),
      text: officers.map((entry) => t('minutes.record.withRole', { name: entry.displayName, role: t(`role.${entry.role}`) })).join(', '),
    });
  }
  const movements = record.roll
    .flatMap((entry) => [
      ...(entry.late && entry.arrivedAt ? [{ at: entry.arrivedAt, text: t('minutes.record.arrived', { name: entry.displayName, time: clock(entry.arrivedAt) }) }] : []),
      ...(entry.departedAt ? [{ at: entry.departedAt, text: t('minutes.record.departed', { name: entry.displayName, time: clock(entry.departedAt) }) }] : []),
    ])
    .sort((a, b) => a.at.localeCompare(b.at));
  if (movements.length > 0) lines.push({ label: t('minutes.record.movements'), text: movements.map((movement) => movement.text).join('; ') });
  if (record.roll.every((entry) => entry.attendance === 'unmarked')) lines.push({ label: null, text: t('minutes.record.rollNotTaken') });
  return lines;
}

function declarationLines(record: MeetingRecord, itemId: string | null): RecordLine[] {
  const declarations = record.declarations.filter((declaration) => declaration.itemId === itemId);
  if (declarations.length === 0) return [{ label: null, text: t('minutes.record.noDeclarations') }];
  return declarations.map((declaration) => ({
    label: declaration.displayName,
    text: t(declaration.leavesRoom ? 'minutes.record.declaredLeft' : 'minutes.record.declared', {
      kind: t(`interest.${declaration.kind}`),
      description: declaration.description,
    }),
  }));
}

function motionLines(vote: VoteResult): RecordLine[] {
  const lines: RecordLine[] = [{ label: t('minutes.record.motion'), text: vote.motion.text }];
  const { proposer, seconder } = vote.motion;
  if (proposer || seconder) {
    lines.push({
      label: null,
      text: [
        proposer ? t('minutes.record.proposedBy', { name: proposer.displayName }) : null,
        seconder ? t('minutes.record.secondedBy', { name: seconder.displayName }) : null,
      ]
        .filter((part) => part !== null)
        .join(', '),
    });
  }
  return lines;
}

function resultLines(vote: VoteResult): RecordLine[] {
  const { counts } = vote;
  const lines: RecordLine[] = [
    {
      label: t(`session.voteKind.${vote.kind}`),
      text: t('minutes.record.counts', { for: counts.for, against: counts.against, abstain: counts.abstain, outcome: t(`session.outcome.${vote.outcome}`) }),
    },
  ];
  if (vote.named) {
    const named = (label: string, people: PersonRef[]) => lines.push({ label, text: names(people) });
    named(t('minutes.record.votedFor'), vote.named.for);
    named(t('minutes.record.votedAgainst'), vote.named.against);
    named(t('minutes.record.abstained'), vote.named.abstain);
    if (vote.named.didNotVote.length > 0) named(t('session.results.didNotVote'), vote.named.didNotVote);
  }
  if (vote.decidedBy === 'casting-vote' && vote.castingVote) {
    lines.push({ label: null, text: t('minutes.record.castingVote', { choice: t(`session.choice.${vote.castingVote}`) }) });
  } else if (vote.decidedBy === 'tie-falls') {
    lines.push({ label: null, text: t('session.results.tieFalls') });
  }
  lines.push({ label: null, text: t(vote.outcome === 'carried' ? 'minutes.record.resolved' : 'minutes.record.notResolved') });
  return lines;
}

/** The lines a record block shows now; a vote not (yet) in the record says so. */
export function recordBlockLines(block: RecordBlockRef, record: MeetingRecord): RecordLine[] {
  switch (block.kind) {
    case 'attendance':
      return attendanceLines(record);
    case 'declarations':
      return declarationLines(record, block.itemId);
    case 'motion':
    case 'vote': {
      const vote = record.votes.find((candidate) => candidate.id === block.voteId);
      if (!vote) return [{ label: null, text: t('minutes.record.voteNotInRecord') }];
      return block.kind === 'motion' ? motionLines(vote) : [...motionLines(vote), ...resultLines(vote)];
    }
  }
}

/** The lines as the text a frozen block keeps (one line each, "Label: text"). */
export function recordLinesText(lines: RecordLine[]): string {
  return lines.map((line) => (line.label ? `${line.label}: ${line.text}` : line.text)).join('\n');
}
