/**
 * Minutes over HTTP (paths in common/minutes.ts): the workflow (status and
 * transitions), amendments after approval, the meeting record the minutes
 * fill themselves from, stock phrases, the action list as CSV, and the PDF
 * and HTML exports. Roles are checked here on every call; who may read the
 * minutes at all is the Yjs document's own rule (doc-access.ts), so the
 * exports never show more than the editor would.
 */
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import {
  AmendMinutesRequest, MeetingRecord, MinutesExportQuery, MinutesStatus, MinutesTransition, SetStockPhrasesRequest, StockPhrase, minutesPaths,
} from '../../common/minutes.ts';
import { Id, VoteResult } from '../../common/wire.ts';
import { yjsDocName } from '../../common/yjs-names.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { type ServerContext, type ZodApp, authenticate, requireAdmin } from '../http/context.ts';
import { HttpError, forbidden, notFound } from '../http/errors.ts';
import { meetingRecordFor } from '../minutes/meeting-record.ts';
import { contentText } from '../minutes/minutes-content.ts';
import { MinutesDocuments } from '../minutes/minutes-documents.ts';
import { minutesContentFor } from '../minutes/minutes-export.ts';
import { renderMinutesHtml } from '../minutes/minutes-html.tsx';
import { renderMinutesPdf } from '../minutes/minutes-pdf.ts';
import { publishMinutesDocuments } from '../minutes/minutes-publishing.ts';
import { addAmendment, circulateMinutes, minutesStateOf, minutesStatus, replaceStockPhrases, stockPhrases } from '../minutes/minutes-store.ts';
import type { Viewer } from '../store/accounts.ts';
import { findMeeting } from '../store/council.ts';
import type { MeetingRow } from '../store/rows.ts';
import { docAccess } from '../yjs/doc-access.ts';
import type { YjsHub } from '../yjs/yjs-hub.ts';

const MeetingParams = z.object({ meetingId: Id });

/** The meeting and the viewer's role on its committee; 404 when the viewer may not see the meeting at all, 403 when not on the committee. */
function committeeMeeting(ctx: ServerContext, viewer: Viewer, meetingId: string) {
  const meeting = findMeeting(ctx.db, meetingId);
  const role = meeting ? viewer.roles.get(meeting.committee_id) : undefined;
  // An unpublished meeting is its clerk's alone, and its existence is not said to anyone else.
  if (!meeting || (meeting.published_version === 0 && role !== 'clerk')) throw notFound('Meeting');
  if (!role) throw forbidden("Only members of the meeting's committee see its minutes");
  return { meeting, role };
}

/** The meeting, when the viewer may read its minutes now (the same rule as their Yjs document). */
function readableMinutes(ctx: ServerContext, viewer: Viewer, meetingId: string): MeetingRow {
  const { meeting } = committeeMeeting(ctx, viewer, meetingId);
  if (docAccess(ctx.db, viewer, yjsDocName.minutes(meetingId)).access === 'none') {
    throw forbidden('The draft minutes are not circulated yet: the clerk and the minute-taker are still writing them');
  }
  return meeting;
}

/** A closed vote that was carried, in a meeting of the committee whose minutes it approves. */
function approvingVote(ctx: ServerContext, meeting: MeetingRow, voteId: string): VoteResult {
  const payload = ctx.db.prepare('SELECT payload FROM vote_results WHERE vote_id = ?').pluck().get(voteId) as string | undefined;
  const vote = payload ? VoteResult.parse(JSON.parse(payload)) : undefined;
  if (!vote || vote.committeeId !== meeting.committee_id) {
    throw new HttpError(400, 'invalid-vote', 'voteId must be a closed vote of a meeting of the same committee');
  }
  if (vote.outcome !== 'carried') throw new HttpError(409, 'vote-not-carried', 'The motion to approve the minutes was lost: they cannot be approved by it');
  return vote;
}

export function registerMinutesRoutes(app: ZodApp, ctx: ServerContext, hub: YjsHub): void {
  const minutes = new MinutesDocuments(ctx.db, hub, app.log, ctx.sessionHub);
  const contentFor = (viewer: Viewer, meetingId: string, audience: 'committee' | 'public') =>
    minutesContentFor(ctx.db, minutes, viewer, meetingId, audience, ctx.publicSettings.timeZone);

  app.get('/api/v1/meetings/:meetingId/minutes', { schema: { params: MeetingParams, response: { 200: MinutesStatus } } }, async (request) => {
    committeeMeeting(ctx, authenticate(ctx, request), request.params.meetingId);
    return minutesStatus(ctx.db, request.params.meetingId);
  });

  app.post(
    '/api/v1/meetings/:meetingId/minutes',
    { schema: { params: MeetingParams, body: MinutesTransition, response: { 200: MinutesStatus } } },
    async (request) => {
      const viewer = authenticate(ctx, request);
      const { meeting, role } = committeeMeeting(ctx, viewer, request.params.meetingId);
      const transition = request.body;
      const now = new Date().toISOString();
      switch (transition.to) {
        case 'circulated':
          if (role !== 'clerk') throw forbidden('Only the clerk circulates the minutes');
          ctx.db.transaction(() => {
            circulateMinutes(ctx.db, meeting.id, viewer.userId, now);
            appendAudit(ctx.db, 'minutes-circulated', viewer.userId, { meetingId: meeting.id });
          }).immediate();
          break;
        case 'approved':
          if (transition.method === 'chair-signature') {
            if (role !== 'chair') throw forbidden('Only the chair signs the minutes as a correct record');
            minutes.approve({ meetingId: meeting.id, byUserId: viewer.userId, method: 'chair-signature', voteId: null, now });
          } else {
            if (role !== 'chair' && role !== 'clerk') throw forbidden('Only the chair or the clerk records the approval of the minutes');
            const vote = approvingVote(ctx, meeting, transition.voteId);
            minutes.approve({ meetingId: meeting.id, byUserId: viewer.userId, method: 'vote', voteId: vote.id, now });
          }
          break;
        case 'published':
          if (role !== 'clerk') throw forbidden('Only the clerk publishes the minutes');
          if (minutesStateOf(ctx.db, meeting.id) !== 'approved') {
            throw new HttpError(409, 'minutes-state', `The minutes are ${minutesStateOf(ctx.db, meeting.id)}; only approved minutes are published`);
          }
          await publishMinutesDocuments(ctx, minutes, viewer, meeting.id, true);
          break;
      }
      // Who may write changed: open connections must meet the new rule from their next message on.
      hub.recheckDocument(yjsDocName.minutes(meeting.id));
      hub.recheckDocument(yjsDocName.minutesComments(meeting.id));
      request.log.info({ meetingId: meeting.id, to: transition.to }, 'minutes moved on');
      return minutesStatus(ctx.db, meeting.id);
    },
  );

  app.post(
    '/api/v1/meetings/:meetingId/minutes/amendments',
    { schema: { params: MeetingParams, body: AmendMinutesRequest, response: { 201: MinutesStatus } } },
    async (request, reply) => {
      const viewer = authenticate(ctx, request);
      const { meeting, role } = committeeMeeting(ctx, viewer, request.params.meetingId);
      if (role !== 'clerk') throw forbidden('Only the clerk records amendments to approved minutes');
      const state = minutesStateOf(ctx.db, meeting.id);
      if (state !== 'approved' && state !== 'published') {
        throw new HttpError(409, 'minutes-state', `The minutes are ${state}: until they are approved, correct the text itself`);
      }
      const { before } = request.body;
      if (!contentText(contentFor(viewer, meeting.id, 'committee')).includes(before)) {
        throw new HttpError(422, 'wording-not-found', 'The wording to amend ("before") does not appear in the approved minutes; copy it exactly');
      }
      ctx.db.transaction(() => {
        const id = addAmendment(ctx.db, meeting.id, viewer.userId, request.body, new Date().toISOString());
        appendAudit(ctx.db, 'minutes-amended', viewer.userId, { meetingId: meeting.id, amendmentId: id, ...request.body });
      }).immediate();
      // Published minutes are published again, the amendment listed with them.
      if (state === 'published') await publishMinutesDocuments(ctx, minutes, viewer, meeting.id, false);
      return reply.status(201).send(minutesStatus(ctx.db, meeting.id));
    },
  );

  app.get('/api/v1/meetings/:meetingId/record', { schema: { params: MeetingParams, response: { 200: MeetingRecord } } }, async (request) => {
    const record = meetingRecordFor(ctx.db, authenticate(ctx, request), request.params.meetingId);
    if (!record) throw notFound('Meeting');
    return record;
  });

  app.get(minutesPaths.stockPhrases, { schema: { response: { 200: z.array(StockPhrase) } } }, async (request) => {
    const viewer = authenticate(ctx, request);
    if (!viewer.isAdmin && viewer.roles.size === 0) throw forbidden('Stock phrases are for members of a committee');
    return stockPhrases(ctx.db);
  });

  app.put(minutesPaths.stockPhrases, { schema: { body: SetStockPhrasesRequest, response: { 200: z.array(StockPhrase) } } }, async (request) => {
    const viewer = requireAdmin(ctx, request);
    return ctx.db.transaction(() => {
      const phrases = replaceStockPhrases(ctx.db, request.body);
      appendAudit(ctx.db, 'stock-phrases-changed', viewer.userId, { count: phrases.length });
      return phrases;
    }).immediate();
  });

  app.get('/api/v1/meetings/:meetingId/minutes/actions.csv', { schema: { params: MeetingParams, produces: ['text/csv'] } }, async (request, reply) => {
    const viewer = authenticate(ctx, request);
    const meeting = readableMinutes(ctx, viewer, request.params.meetingId);
    const { actions } = contentFor(viewer, meeting.id, 'committee');
    const csv = stringify([['Item', 'Action', 'Owner', 'Due'], ...actions.map((action) => [action.item, action.what, action.owner, action.due])]);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="actions-${meeting.id}.csv"`)
      .header('cache-control', 'private, no-store')
      .send(csv);
  });

  app.get(
    '/api/v1/meetings/:meetingId/minutes.pdf',
    { schema: { params: MeetingParams, querystring: MinutesExportQuery, produces: ['application/pdf'] } },
    async (request, reply) => {
      const viewer = authenticate(ctx, request);
      const meeting = readableMinutes(ctx, viewer, request.params.meetingId);
      const bytes = await renderMinutesPdf(contentFor(viewer, meeting.id, request.query.audience));
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="minutes-${meeting.id}${request.query.audience === 'public' ? '-public' : ''}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(bytes));
    },
  );

  app.get(
    '/api/v1/meetings/:meetingId/minutes.html',
    { schema: { params: MeetingParams, querystring: MinutesExportQuery, produces: ['text/html'] } },
    async (request, reply) => {
      const viewer = authenticate(ctx, request);
      const meeting = readableMinutes(ctx, viewer, request.params.meetingId);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(renderMinutesHtml(contentFor(viewer, meeting.id, request.query.audience)));
    },
  );
}
