import { z } from 'zod';
import {
  AgendaItem, Committee, CreateItemRequest, CreateMeetingRequest, Id, Meeting, MeetingDetailResponse, PublishRequest, UpdateItemRequest, UpdateMeetingRequest, apiPaths,
} from '../../common/wire.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { publishMeeting } from '../feed/publish.ts';
import { type ServerContext, type ZodApp, authenticate } from '../http/context.ts';
import { forbidden, notFound } from '../http/errors.ts';
import type { Viewer } from '../store/accounts.ts';
import { createItem, createMeeting, deleteItem, findItem, findMeeting, listCommittees, requireCommittee, updateItem, updateMeeting } from '../store/council.ts';
import { isClerkOf, meetingDetailFor, meetingsVisibleTo } from '../store/published.ts';
import { toCommittee, toItem, toMeeting } from '../store/rows.ts';

const MeetingParams = z.object({ meetingId: Id });

/** The clerk of the meeting's committee, or 404/403. */
export function requireClerkOfMeeting(ctx: ServerContext, viewer: Viewer, meetingId: string) {
  const meeting = findMeeting(ctx.db, meetingId);
  if (!meeting) throw notFound('Meeting');
  if (!isClerkOf(viewer, meeting.committee_id)) throw forbidden("Only the committee's clerk may change its meetings");
  return meeting;
}

export function registerCouncilRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(apiPaths.committees, { schema: { response: { 200: z.array(Committee) } } }, async (request) => {
    authenticate(ctx, request);
    return listCommittees(ctx.db).map(toCommittee);
  });

  app.get(apiPaths.meetings, { schema: { response: { 200: z.array(Meeting) } } }, async (request) => {
    return meetingsVisibleTo(ctx.db, authenticate(ctx, request));
  });

  app.post(apiPaths.meetings, { schema: { body: CreateMeetingRequest, response: { 201: Meeting } } }, async (request, reply) => {
    const viewer = authenticate(ctx, request);
    requireCommittee(ctx.db, request.body.committeeId);
    if (!isClerkOf(viewer, request.body.committeeId)) throw forbidden("Only the committee's clerk may create its meetings");
    return reply.status(201).send(toMeeting(createMeeting(ctx.db, request.body)));
  });

  app.get('/api/v1/meetings/:meetingId', { schema: { params: MeetingParams, response: { 200: MeetingDetailResponse } } }, async (request) => {
    return meetingDetailFor(ctx.db, authenticate(ctx, request), request.params.meetingId);
  });

  app.patch('/api/v1/meetings/:meetingId', { schema: { params: MeetingParams, body: UpdateMeetingRequest, response: { 200: Meeting } } }, async (request) => {
    requireClerkOfMeeting(ctx, authenticate(ctx, request), request.params.meetingId);
    return toMeeting(updateMeeting(ctx.db, request.params.meetingId, request.body));
  });

  app.post(
    '/api/v1/meetings/:meetingId/items',
    { schema: { params: MeetingParams, body: CreateItemRequest, response: { 201: AgendaItem } } },
    async (request, reply) => {
      const viewer = authenticate(ctx, request);
      requireClerkOfMeeting(ctx, viewer, request.params.meetingId);
      return reply.status(201).send(toItem(createItem(ctx.db, request.params.meetingId, request.body)));
    },
  );

  const ItemParams = z.object({ itemId: Id });
  const requireClerkOfItem = (viewer: Viewer, itemId: string) => {
    const item = findItem(ctx.db, itemId);
    if (!item) throw notFound('Agenda item');
    requireClerkOfMeeting(ctx, viewer, item.meeting_id);
  };

  app.patch('/api/v1/items/:itemId', { schema: { params: ItemParams, body: UpdateItemRequest, response: { 200: AgendaItem } } }, async (request) => {
    requireClerkOfItem(authenticate(ctx, request), request.params.itemId);
    return toItem(updateItem(ctx.db, request.params.itemId, request.body));
  });

  app.delete('/api/v1/items/:itemId', { schema: { params: ItemParams, response: { 204: z.null() } } }, async (request, reply) => {
    requireClerkOfItem(authenticate(ctx, request), request.params.itemId);
    deleteItem(ctx.db, request.params.itemId);
    return reply.status(204).send(null);
  });

  app.post(
    '/api/v1/meetings/:meetingId/publish',
    { schema: { params: MeetingParams, body: PublishRequest.optional(), response: { 200: Meeting } } },
    async (request) => {
      const viewer = authenticate(ctx, request);
      requireClerkOfMeeting(ctx, viewer, request.params.meetingId);
      const result = ctx.db.transaction(() => {
        const published = publishMeeting(ctx.db, request.params.meetingId, request.body?.changeNote ?? null);
        appendAudit(ctx.db, 'meeting-published', viewer.userId, {
          meetingId: published.meeting.id,
          version: published.meeting.publishedVersion,
          changeNote: published.meeting.changeNote,
          changes: published.changeCount,
        });
        return published;
      })();
      request.log.info({ meetingId: request.params.meetingId, version: result.meeting.publishedVersion, changes: result.changeCount }, 'meeting published');
      ctx.feedHub.changed();
      ctx.sessionHub.recordEvent({ type: 'published', meetingId: request.params.meetingId });
      return result.meeting;
    },
  );
}
