/**
 * The clerk's workspace: the committees a user clerks (defaults, rules,
 * members, meetings), meetings made from the defaults, the working copy with
 * what the builder needs, cancelling and postponing with a reason, and the
 * exemption reasons. Every route checks the role on the server: the
 * committee's clerk (an administrator only for the council-wide reasons list).
 */
import { z } from 'zod';
import {
  ClerkCommittee, ClerkMeetingResponse, CommitteeDefaults, CreateMeetingFromDefaultsRequest, ExemptionReason, Id, Meeting, MeetingPacksResponse,
  MeetingStateChangeRequest, type MeetingState, SetExemptionReasonsRequest, apiPaths,
} from '../../common/wire.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { publishMeeting } from '../feed/publish.ts';
import { type ServerContext, type ZodApp, authenticate, requireAdmin } from '../http/context.ts';
import { HttpError, forbidden } from '../http/errors.ts';
import { generateMeetingPacks, meetingPacks } from '../pack/meeting-packs.ts';
import type { Viewer } from '../store/accounts.ts';
import { committeeDefaults, committeeMembers, createMeetingFromDefaults, exemptionReasons, setCommitteeDefaults, setExemptionReasons } from '../store/clerk.ts';
import { committeeRules } from '../store/committee-rules.ts';
import { currentDocumentsOfMeeting, findMeeting, itemsOfMeeting, listMeetingsOfCommittees, requireCommittee } from '../store/council.ts';
import { isClerkOf } from '../store/published.ts';
import { toCommittee, toDocument, toItem, toMeeting } from '../store/rows.ts';
import { requireClerkOfMeeting } from './council-routes.ts';

const CommitteeParams = z.object({ committeeId: Id });
const MeetingParams = z.object({ meetingId: Id });

const clerkedCommittees = (viewer: Viewer) => [...viewer.roles].filter(([, role]) => role === 'clerk').map(([committeeId]) => committeeId);

function requireClerkOfCommittee(ctx: ServerContext, viewer: Viewer, committeeId: string) {
  const committee = requireCommittee(ctx.db, committeeId);
  if (!isClerkOf(viewer, committeeId)) throw forbidden("Only the committee's clerk may do this");
  return committee;
}

/** Meetings under way or over cannot be called off. */
const settledStates = new Set<MeetingState>(['in-session', 'adjourned', 'closed']);

export function registerClerkRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(apiPaths.clerkCommittees, { schema: { response: { 200: z.array(ClerkCommittee) } } }, async (request) => {
    const clerked = clerkedCommittees(authenticate(ctx, request));
    if (clerked.length === 0) throw forbidden('Only a committee clerk has a clerk workspace');
    return clerked
      .map((committeeId) => requireCommittee(ctx.db, committeeId))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((committee) => ({
        committee: toCommittee(committee),
        defaults: committeeDefaults(ctx.db, committee.id),
        rules: committeeRules(ctx.db, committee.id),
        members: committeeMembers(ctx.db, committee.id),
        meetings: listMeetingsOfCommittees(ctx.db, [committee.id]).map(toMeeting),
      }));
  });

  app.put(
    '/api/v1/committees/:committeeId/defaults',
    { schema: { params: CommitteeParams, body: CommitteeDefaults, response: { 200: CommitteeDefaults } } },
    async (request) => {
      requireClerkOfCommittee(ctx, authenticate(ctx, request), request.params.committeeId);
      return setCommitteeDefaults(ctx.db, request.params.committeeId, request.body);
    },
  );

  app.post(
    '/api/v1/committees/:committeeId/meetings',
    { schema: { params: CommitteeParams, body: CreateMeetingFromDefaultsRequest, response: { 201: Meeting } } },
    async (request, reply) => {
      requireClerkOfCommittee(ctx, authenticate(ctx, request), request.params.committeeId);
      return reply.status(201).send(toMeeting(createMeetingFromDefaults(ctx.db, request.params.committeeId, request.body)));
    },
  );

  app.get('/api/v1/clerk/meetings/:meetingId', { schema: { params: MeetingParams, response: { 200: ClerkMeetingResponse } } }, async (request) => {
    const meeting = requireClerkOfMeeting(ctx, authenticate(ctx, request), request.params.meetingId);
    return {
      meeting: toMeeting(meeting),
      committee: toCommittee(requireCommittee(ctx.db, meeting.committee_id)),
      items: itemsOfMeeting(ctx.db, meeting.id).map((item) => ({ ...toItem(item), numberOverridden: item.number_overridden === 1 })),
      documents: currentDocumentsOfMeeting(ctx.db, meeting.id).map(toDocument),
      maxUploadBytes: ctx.maxUploadBytes,
    };
  });

  app.get('/api/v1/meetings/:meetingId/packs', { schema: { params: MeetingParams, response: { 200: MeetingPacksResponse } } }, async (request) => {
    return meetingPacks(ctx.db, requireClerkOfMeeting(ctx, authenticate(ctx, request), request.params.meetingId));
  });

  // The main packs before publication (again, as new versions, each time the clerk asks), supplement packs after it.
  app.post('/api/v1/meetings/:meetingId/packs', { schema: { params: MeetingParams, response: { 200: MeetingPacksResponse } } }, async (request) => {
    const viewer = authenticate(ctx, request);
    const meeting = requireClerkOfMeeting(ctx, viewer, request.params.meetingId);
    if (meeting.state === 'cancelled') throw new HttpError(409, 'meeting-cancelled', 'A cancelled meeting gets no agenda pack');
    const packs = await generateMeetingPacks(ctx, viewer, meeting);
    request.log.info({ meetingId: meeting.id, packs: packs.packs.length }, 'agenda packs generated');
    return packs;
  });

  const callOffRoutes = [
    ['/api/v1/meetings/:meetingId/cancel', 'cancelled'],
    ['/api/v1/meetings/:meetingId/postpone', 'postponed'],
  ] as const;
  for (const [path, state] of callOffRoutes) {
    app.post(path, { schema: { params: MeetingParams, body: MeetingStateChangeRequest, response: { 200: Meeting } } }, async (request) => {
      const viewer = authenticate(ctx, request);
      const meeting = requireClerkOfMeeting(ctx, viewer, request.params.meetingId);
      const current = meeting.state as MeetingState;
      if (settledStates.has(current)) throw new HttpError(409, 'meeting-under-way', `A meeting that is ${current} cannot be ${state}`);
      if (current === 'cancelled') throw new HttpError(409, 'meeting-cancelled', 'The meeting is already cancelled');
      const { reason } = request.body;
      const result = ctx.db.transaction(() => {
        ctx.db.prepare('UPDATE meetings SET state = ?, change_note = ? WHERE id = ?').run(state, reason, meeting.id);
        // Never published: nobody else knows of it, so there is nobody to tell.
        if (meeting.published_version === 0) return toMeeting(findMeeting(ctx.db, meeting.id)!);
        // Members are told through the feed: the meeting with its new state, the reason as its change note.
        const published = publishMeeting(ctx.db, meeting.id, reason);
        appendAudit(ctx.db, 'meeting-published', viewer.userId, {
          meetingId: meeting.id, version: published.meeting.publishedVersion, state, changeNote: reason, changes: published.changeCount,
        });
        return published.meeting;
      })();
      request.log.info({ meetingId: meeting.id, state }, 'meeting called off');
      ctx.feedHub.changed();
      return result;
    });
  }

  app.get(apiPaths.exemptionReasons, { schema: { response: { 200: z.array(ExemptionReason) } } }, async (request) => {
    const viewer = authenticate(ctx, request);
    if (!viewer.isAdmin && clerkedCommittees(viewer).length === 0) throw forbidden('Only clerks and administrators see the exemption reasons');
    return exemptionReasons(ctx.db);
  });

  app.put(apiPaths.exemptionReasons, { schema: { body: SetExemptionReasonsRequest, response: { 200: z.array(ExemptionReason) } } }, async (request) => {
    requireAdmin(ctx, request);
    return setExemptionReasons(ctx.db, request.body.reasons);
  });
}
