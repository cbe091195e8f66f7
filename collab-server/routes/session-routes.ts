/**
 * The meeting session over HTTP: the committee's rules, the session state,
 * session commands (chair and clerk run the meeting; members ask to speak),
 * ballots and the meeting's vote results.
 */
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import {
  BallotReceipt, CastBallotRequest, CommitteeRules, Id, MeetingSessionState, SessionCommand, UpdateCommitteeRulesRequest, VoteResult,
} from '../../common/wire.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { truncateWal } from '../db/wal-truncate.ts';
import { type ServerContext, type ZodApp, authenticate } from '../http/context.ts';
import { HttpError, forbidden, notFound } from '../http/errors.ts';
import type { Viewer } from '../store/accounts.ts';
import { committeeRules, updateCommitteeRules } from '../store/committee-rules.ts';
import { findMeeting, requireCommittee } from '../store/council.ts';
import type { MeetingRow } from '../store/rows.ts';
import {
  endFloor, findSession, giveFloor, isVotingRole, moveSession, openSession, reorderSpeakers, requestToSpeak, rollOf, setAttendance, setCurrentItem,
  withdrawRequest,
} from '../store/session.ts';
import { meetingVoteResults, sessionView } from '../voting/session-state.ts';
import { closeVote, findVote, openVote, proposeMotion, withdrawMotion } from '../voting/votes.ts';
import type { YjsHub } from '../yjs/yjs-hub.ts';

const MeetingParams = z.object({ meetingId: Id });
const CommitteeParams = z.object({ committeeId: Id });
const VoteParams = z.object({ voteId: Id });

/** Commands a voting member gives for themself; every other command is the chair's or the clerk's. */
const MEMBER_COMMANDS = new Set<SessionCommand['type']>(['request-to-speak', 'withdraw-request']);

function stateFor(ctx: ServerContext, viewer: Viewer, meetingId: string): MeetingSessionState {
  const state = sessionView(ctx.db, meetingId)?.forUser(viewer.userId);
  if (!state) throw notFound('Meeting');
  return state;
}

/** Applies one command inside a transaction; returns whether the change feed grew. */
function runCommand(ctx: ServerContext, viewer: Viewer, meeting: MeetingRow, command: SessionCommand): boolean {
  const { db } = ctx;
  const role = viewer.roles.get(meeting.committee_id);
  if (MEMBER_COMMANDS.has(command.type)) {
    if (!isVotingRole(role)) throw forbidden('Only voting members of the committee ask to speak');
  } else if (role !== 'chair' && role !== 'clerk') {
    throw forbidden('Only the chair or the clerk runs the meeting');
  }
  const now = new Date().toISOString();
  const session = findSession(db, meeting.id);
  const requireInSession = () => {
    if (session?.status !== 'in-session') throw new HttpError(409, 'session-not-open', 'The meeting is not in session');
    return session;
  };
  const requireCurrentItem = () => {
    const itemId = requireInSession().current_item_id;
    if (!itemId) throw new HttpError(409, 'no-current-item', 'Choose the current agenda item first');
    return itemId;
  };
  const rules = () => committeeRules(db, meeting.committee_id);
  const audit = (event: Parameters<typeof appendAudit>[1], details: Record<string, unknown> = {}) =>
    appendAudit(db, event, viewer.userId, { meetingId: meeting.id, ...details });

  switch (command.type) {
    case 'open-session':
      if (meeting.published_version === 0) throw new HttpError(409, 'not-published', 'Publish the meeting before opening its session');
      openSession(db, meeting.id, now);
      audit('session-opened');
      return true;
    case 'adjourn-session':
      moveSession(db, meeting.id, 'adjourned', now);
      audit('session-adjourned');
      return true;
    case 'resume-session':
      moveSession(db, meeting.id, 'in-session', now);
      audit('session-resumed');
      return true;
    case 'close-session': {
      const open = db.prepare("SELECT 1 FROM votes WHERE meeting_id = ? AND status = 'open'").get(meeting.id);
      if (open) throw new HttpError(409, 'vote-in-progress', 'Close the open vote before closing the session');
      moveSession(db, meeting.id, 'closed', now);
      audit('session-closed');
      return true;
    }
    case 'set-attendance': {
      if (session?.status === 'closed') throw new HttpError(409, 'session-state', 'The session is closed');
      const member = rollOf(db, meeting.id, meeting.committee_id).find((r) => r.user_id === command.userId);
      if (!member) throw new HttpError(400, 'not-on-roll', 'That person is not on the committee');
      setAttendance(db, meeting.id, member, command.attendance, now);
      audit('attendance-recorded', { userId: command.userId, attendance: command.attendance });
      return false;
    }
    case 'set-current-item':
      requireInSession();
      setCurrentItem(db, meeting.id, command.itemId);
      return false;
    case 'request-to-speak':
      requestToSpeak(db, requireCurrentItem(), viewer.userId, now);
      return false;
    case 'withdraw-request':
      withdrawRequest(db, requireCurrentItem(), viewer.userId);
      return false;
    case 'reorder-speakers':
      reorderSpeakers(db, requireCurrentItem(), command.userIds);
      return false;
    case 'give-floor': {
      const itemId = requireCurrentItem();
      const member = rollOf(db, meeting.id, meeting.committee_id).find((r) => r.user_id === command.userId);
      if (!member) throw new HttpError(400, 'not-on-roll', 'That person is not on the committee');
      giveFloor(db, itemId, command.userId, now);
      return false;
    }
    case 'end-floor':
      endFloor(db, requireCurrentItem(), now);
      return false;
    case 'propose-motion':
      proposeMotion(
        db,
        {
          meetingId: meeting.id, itemId: requireCurrentItem(), committeeId: meeting.committee_id, text: command.text,
          proposerUserId: command.proposerUserId, seconderUserId: command.seconderUserId, kind: command.kind,
        },
        rules(), viewer.userId, now,
      );
      return false;
    case 'withdraw-motion':
      withdrawMotion(db, meeting.id, command.voteId, viewer.userId);
      return false;
    case 'open-vote':
      requireInSession();
      openVote(db, meeting.id, command.voteId, viewer.userId, now);
      return false;
    case 'close-vote':
      closeVote(db, { meetingId: meeting.id, voteId: command.voteId, counts: command.counts, castingVote: command.castingVote }, rules(), viewer.userId, now);
      return true;
  }
}

export function registerSessionRoutes(app: ZodApp, ctx: ServerContext, yjsHub: YjsHub): void {
  app.get('/api/v1/committees/:committeeId/rules', { schema: { params: CommitteeParams, response: { 200: CommitteeRules } } }, async (request) => {
    authenticate(ctx, request);
    requireCommittee(ctx.db, request.params.committeeId);
    return committeeRules(ctx.db, request.params.committeeId);
  });

  app.put(
    '/api/v1/committees/:committeeId/rules',
    { schema: { params: CommitteeParams, body: UpdateCommitteeRulesRequest, response: { 200: CommitteeRules } } },
    async (request) => {
      const viewer = authenticate(ctx, request);
      const { committeeId } = request.params;
      requireCommittee(ctx.db, committeeId);
      if (!viewer.isAdmin && viewer.roles.get(committeeId) !== 'clerk') throw forbidden("Only an administrator or the committee's clerk sets its rules");
      const rules = ctx.db.transaction(() => {
        const updated = updateCommitteeRules(ctx.db, committeeId, request.body);
        appendAudit(ctx.db, 'committee-rules-changed', viewer.userId, { committeeId, rules: updated });
        return updated;
      })();
      for (const meetingId of ctx.db.prepare('SELECT meeting_id FROM meeting_sessions s JOIN meetings m ON m.id = s.meeting_id WHERE m.committee_id = ?').pluck().all(committeeId) as string[]) {
        ctx.sessionHub.changed(meetingId);
      }
      return rules;
    },
  );

  app.get('/api/v1/meetings/:meetingId/session', { schema: { params: MeetingParams, response: { 200: MeetingSessionState } } }, async (request) => {
    return stateFor(ctx, authenticate(ctx, request), request.params.meetingId);
  });

  app.post(
    '/api/v1/meetings/:meetingId/session/commands',
    { schema: { params: MeetingParams, body: SessionCommand, response: { 200: MeetingSessionState } } },
    async (request) => {
      const viewer = authenticate(ctx, request);
      const meeting = findMeeting(ctx.db, request.params.meetingId);
      // The meeting must be visible to the viewer at all before we say anything about permissions.
      if (!meeting || !sessionView(ctx.db, meeting.id)?.forUser(viewer.userId)) throw notFound('Meeting');
      const command = request.body;
      const feedGrew = ctx.db.transaction(() => runCommand(ctx, viewer, meeting, command)).immediate();
      if (feedGrew) ctx.feedHub.changed();
      // The record first (the minutes gain the vote's block), so the WAL is truncated after that write too.
      if (command.type === 'close-vote') ctx.sessionHub.recordEvent({ type: 'vote-closed', meetingId: meeting.id, voteId: command.voteId });
      if (command.type === 'close-vote' && findVote(ctx.db, command.voteId)?.kind === 'secret') checkpointAfterSecretBallot(ctx, yjsHub, request.log);
      // The chair's and clerk's moves (a vote opening or closing above all) reach everyone at once; requests to speak may be coalesced.
      ctx.sessionHub.changed(meeting.id, !MEMBER_COMMANDS.has(command.type));
      return stateFor(ctx, viewer, meeting.id);
    },
  );

  app.post(
    '/api/v1/votes/:voteId/ballots',
    { schema: { params: VoteParams, body: CastBallotRequest, response: { 200: BallotReceipt, 201: BallotReceipt } } },
    async (request, reply) => {
      const viewer = authenticate(ctx, request);
      const outcome = await ctx.ballots.cast(request.params.voteId, viewer.userId, request.body);
      if (!outcome.replayed) ctx.sessionHub.changed(outcome.meetingId);
      return reply.status(outcome.replayed ? 200 : 201).send(outcome.receipt);
    },
  );

  app.get('/api/v1/meetings/:meetingId/vote-results', { schema: { params: MeetingParams, response: { 200: z.array(VoteResult) } } }, async (request) => {
    const results = meetingVoteResults(ctx.db, authenticate(ctx, request), request.params.meetingId);
    if (!results) throw notFound('Meeting');
    return results;
  });
}

/**
 * While a secret vote is open the WAL holds successive versions of its
 * counters next to the participation rows; once it closes, fold the WAL into
 * the database and truncate it so that history does not linger on disk.
 * In the background: the close is answered while other connections finish.
 */
function checkpointAfterSecretBallot(ctx: ServerContext, yjsHub: YjsHub, log: FastifyBaseLogger): void {
  void yjsHub.storeQueued().then(() => truncateWal(ctx.db, log, 'secret vote closed'));
}
