/**
 * Bridge part: running a meeting — its session state, commands, this member's
 * ballots — and declarations of interest.
 */
import { z } from 'zod';
import {
  Id,
  InterestKind,
  SessionCommand,
  VoteChoice,
  type BallotReceipt,
  type InterestDeclaration,
  type MeetingSessionState,
} from '../wire.ts';
import { defineEvents, defineMethods, event, method, type HandlersOf } from './define.ts';

/** The server understood a request and turned it down; `code` is its ApiError code (e.g. `not-present`). */
export interface ServerRefusal {
  code: string;
  message: string;
}

/**
 * This member's ballot on one vote, as the host keeps it: `sending` until the
 * server's receipt (or refusal) arrives — the host resends with the same
 * `ballotId` meanwhile, also after a restart — then `recorded` or `refused`.
 */
export interface LocalBallot {
  voteId: string;
  meetingId: string;
  ballotId: string;
  /** Null once a secret ballot is recorded: the host forgets the choice, as the server does. */
  choice: VoteChoice | null;
  status: 'sending' | 'recorded' | 'refused';
  receipt: BallotReceipt | null;
  refusal: ServerRefusal | null;
}

/** A meeting's session as the host last heard it from the server (null before it ever did), and this member's ballots. */
export interface MeetingSessionView {
  meetingId: string;
  state: MeetingSessionState | null;
  /** When the host received `state` (it may be old when offline). */
  receivedAt: string | null;
  ballots: LocalBallot[];
}

/** A command or declaration either took effect (with the server's new state) or was refused with the server's reason. */
export type SessionCommandOutcome = { ok: true; state: MeetingSessionState } | { ok: false; refusal: ServerRefusal };
export type DeclarationOutcome = { ok: true; declarations: InterestDeclaration[] } | { ok: false; refusal: ServerRefusal };

const ItemRef = z.object({ itemId: Id }).strict();

export const meetingSessionMethods = defineMethods({
  /** The meeting's session from the mirror at once; the host also follows it live (`meetingSession.state` events). */
  'meetingSession.get': method(z.object({ meetingId: Id }).strict()).returns<MeetingSessionView>(),
  /** A chair/clerk or member command, sent to the server (fails with `offline` when it cannot be reached; nothing is queued). */
  'meetingSession.command': method(z.object({ meetingId: Id, command: SessionCommand }).strict()).returns<SessionCommandOutcome>(),
  /** Casts this member's ballot: stored with its ballotId first, then sent (and resent) until the server answers. */
  'meetingSession.cast': method(z.object({ meetingId: Id, voteId: Id, choice: VoteChoice }).strict()).returns<LocalBallot>(),
  /** Declarations of interest on an item, from the server (clerk and chair: everyone's; others: their own). */
  'declarations.list': method(ItemRef).returns<InterestDeclaration[]>(),
  /** Declares (or replaces) this member's interest in an item. */
  'declarations.declare': method(
    z
      .object({
        itemId: Id,
        kind: InterestKind,
        description: z.string().trim().min(1).max(2000),
        leavesRoom: z.boolean(),
      })
      .strict(),
  ).returns<DeclarationOutcome>(),
  'declarations.withdraw': method(ItemRef).returns<DeclarationOutcome>(),
});
export type MeetingSessionHandlers = HandlersOf<typeof meetingSessionMethods>;

export const meetingSessionEvents = defineEvents({
  /** The server pushed (or answered) a newer session state of a meeting. */
  'meetingSession.state': event<MeetingSessionView>(),
  /** One of this member's ballots was sent, recorded or refused. */
  'meetingSession.ballot': event<LocalBallot>(),
});
