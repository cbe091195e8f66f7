/**
 * The host's side of the clerk's workspace: every call goes to the server (the
 * working copy lives there, not in the mirror). Reads that fail reject with a
 * bridge error; changes answer `{ok:false, refusal}` when the server refuses,
 * and reject with `offline` when it cannot be asked, so nothing is half-done.
 * Papers go through DocumentUploads.
 */
import { z } from 'zod';
import { BridgeError, type ClerkHandlers, type ClerkOutcome, type UploadProgress } from '../../../common/bridge.ts';
import {
  AgendaItem, ClerkCommittee, ClerkMeetingResponse, CommitteeDefaults, CommitteeRules, ExemptionReason, Meeting, MeetingPacksResponse, apiPaths,
} from '../../../common/wire.ts';
import type { HostLogger } from '../logger.ts';
import type { AuthorityClient } from '../sync/authority-client.ts';
import { bridgeErrorOf, refusalOf } from '../session/session-errors.ts';
import { DocumentUploads } from './document-uploads.ts';

/** Building a 1,000-page pack and reading its text for search takes the server a while. */
const PACK_GENERATION_TIMEOUT_MS = 10 * 60_000;

export interface ClerkWorkspaceOptions {
  client: AuthorityClient;
  token: () => Promise<string | null>;
  logger: HostLogger;
  onUploadProgress(progress: UploadProgress): void;
}

export class ClerkWorkspace {
  readonly handlers: ClerkHandlers;
  private readonly uploads: DocumentUploads;

  constructor(private readonly options: ClerkWorkspaceOptions) {
    this.uploads = new DocumentUploads({
      serverUrl: options.client.serverUrl,
      token: options.token,
      logger: options.logger,
      onProgress: options.onUploadProgress,
    });
    this.handlers = {
      'clerk.committees': () => this.read(z.array(ClerkCommittee), apiPaths.clerkCommittees),
      'clerk.exemptionReasons': () => this.read(z.array(ExemptionReason), apiPaths.exemptionReasons),
      'clerk.meeting': ({ meetingId }) => this.read(ClerkMeetingResponse, apiPaths.clerkMeeting(meetingId)),
      'clerk.setDefaults': ({ committeeId, defaults }) => this.change(CommitteeDefaults, 'PUT', apiPaths.committeeDefaults(committeeId), defaults),
      'clerk.setRules': ({ committeeId, rules }) => this.change(CommitteeRules, 'PUT', apiPaths.committeeRules(committeeId), rules),
      'clerk.createMeeting': ({ committeeId, meeting }) => this.change(Meeting, 'POST', apiPaths.committeeMeetings(committeeId), meeting),
      'clerk.updateMeeting': ({ meetingId, change }) => this.change(Meeting, 'PATCH', apiPaths.meeting(meetingId), change),
      'clerk.callOff': ({ meetingId, state, reason }) =>
        this.change(Meeting, 'POST', state === 'cancelled' ? apiPaths.meetingCancel(meetingId) : apiPaths.meetingPostpone(meetingId), { reason }),
      'clerk.packs': ({ meetingId }) => this.read(MeetingPacksResponse, apiPaths.meetingPacks(meetingId)),
      'clerk.generatePacks': ({ meetingId }) =>
        this.change(MeetingPacksResponse, 'POST', apiPaths.meetingPacks(meetingId), undefined, PACK_GENERATION_TIMEOUT_MS),
      'clerk.publish': ({ meetingId, changeNote }) => this.change(Meeting, 'POST', apiPaths.publish(meetingId), { changeNote }),
      'clerk.addItem': ({ meetingId, item }) => this.change(AgendaItem, 'POST', apiPaths.meetingItems(meetingId), item),
      'clerk.updateItem': ({ itemId, change }) => this.change(AgendaItem, 'PATCH', apiPaths.item(itemId), change),
      'clerk.deleteItem': ({ itemId }) => this.change(z.null(), 'DELETE', apiPaths.item(itemId)),
      'clerk.upload.start': (args) => this.uploads.start(args),
      'clerk.upload.chunk': (args) => this.uploads.chunk(args),
      'clerk.upload.finish': (args) => this.uploads.finish(args),
      'clerk.upload.cancel': (args) => this.uploads.cancel(args),
    };
  }

  close(): void {
    this.uploads.close();
  }

  private async read<S extends z.ZodType>(schema: S, pathname: string): Promise<z.infer<S>> {
    try {
      return await this.call(schema, 'GET', pathname);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw bridgeErrorOf(error);
      throw new BridgeError(refusal.code === 'not-found' ? 'not-found' : 'unauthorised', refusal.message);
    }
  }

  private async change<S extends z.ZodType>(
    schema: S, method: string, pathname: string, body?: unknown, timeoutMs?: number,
  ): Promise<ClerkOutcome<z.infer<S>>> {
    try {
      return { ok: true, value: await this.call(schema, method, pathname, body, timeoutMs) };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return { ok: false, refusal };
      throw bridgeErrorOf(error);
    }
  }

  private async call<S extends z.ZodType>(schema: S, method: string, pathname: string, body?: unknown, timeoutMs?: number): Promise<z.infer<S>> {
    const token = await this.options.token();
    if (!token) throw bridgeErrorOf(new Error('not signed in to the server yet'));
    return this.options.client.call(schema, method, pathname, token, body, timeoutMs);
  }
}
