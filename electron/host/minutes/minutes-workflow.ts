/**
 * The host's side of the minutes beyond their text (which is a Yjs replica,
 * see ../yjs/): the workflow status, the meeting record, stock phrases,
 * transitions, amendments and exports, all from the server.
 *
 * Reads keep the last answer per meeting in memory, so a minute-taker whose
 * connection drops still sees the record and the status as last received
 * (marked not fresh). Changes need the server: a refusal is an answer,
 * anything else fails with `offline` and nothing is changed.
 */
import { z } from 'zod';
import {
  BridgeError,
  maxExportBytes,
  type ExportedFile,
  type MinutesExportFormat,
  type MinutesHandlers,
  type MinutesOutcome,
  type ServerCopy,
} from '../../../common/bridge.ts';
import { MeetingRecord, MinutesStatus, StockPhrase, minutesPaths } from '../../../common/minutes.ts';
import { bridgeErrorOf, refusalOf } from '../session/session-errors.ts';
import type { AuthorityClient } from '../sync/authority-client.ts';

export interface MinutesWorkflowOptions {
  client: AuthorityClient;
  token: () => Promise<string | null>;
  now?: () => string;
}

const exportPaths: Record<MinutesExportFormat, { path: (meetingId: string) => string; mimeType: string; extension: string }> = {
  pdf: { path: minutesPaths.pdf, mimeType: 'application/pdf', extension: 'pdf' },
  html: { path: minutesPaths.html, mimeType: 'text/html', extension: 'html' },
  'actions-csv': { path: minutesPaths.actionsCsv, mimeType: 'text/csv', extension: 'csv' },
};

export class MinutesWorkflow {
  readonly handlers: MinutesHandlers;
  /** The last answer of each read, by its path. */
  private readonly lastAnswers = new Map<string, { value: unknown; receivedAt: string }>();

  constructor(private readonly options: MinutesWorkflowOptions) {
    this.handlers = {
      'minutes.status': ({ meetingId }) => this.read(MinutesStatus, minutesPaths.minutes(meetingId)),
      'minutes.record': ({ meetingId }) => this.read(MeetingRecord, minutesPaths.meetingRecord(meetingId)),
      'minutes.stockPhrases': () => this.read(z.array(StockPhrase), minutesPaths.stockPhrases),
      'minutes.transition': ({ meetingId, transition }) => this.change(meetingId, minutesPaths.minutes(meetingId), transition),
      'minutes.amend': ({ meetingId, amendment }) => this.change(meetingId, minutesPaths.amendments(meetingId), amendment),
      'minutes.export': ({ meetingId, format }) => this.export(meetingId, format),
    };
  }

  private async read<S extends z.ZodType>(schema: S, pathname: string): Promise<ServerCopy<z.infer<S>>> {
    try {
      const value = await this.options.client.call(schema, 'GET', pathname, await this.token());
      const receivedAt = this.options.now?.() ?? new Date().toISOString();
      this.lastAnswers.set(pathname, { value, receivedAt });
      return { value, receivedAt, fresh: true };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) throw new BridgeError(refusal.code === 'not-found' ? 'not-found' : 'unauthorised', refusal.message);
      const last = this.lastAnswers.get(pathname);
      if (last) return { value: last.value as z.infer<S>, receivedAt: last.receivedAt, fresh: false };
      throw bridgeErrorOf(error);
    }
  }

  /** Posts a change; the server answers the status as it now stands. */
  private async change(meetingId: string, pathname: string, body: unknown): Promise<MinutesOutcome> {
    try {
      const status = await this.options.client.call(MinutesStatus, 'POST', pathname, await this.token(), body);
      this.lastAnswers.set(minutesPaths.minutes(meetingId), { value: status, receivedAt: this.options.now?.() ?? new Date().toISOString() });
      return { ok: true, status };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return { ok: false, refusal };
      throw bridgeErrorOf(error);
    }
  }

  private async export(meetingId: string, format: MinutesExportFormat): Promise<ExportedFile> {
    const { path, mimeType, extension } = exportPaths[format];
    try {
      const file = await this.options.client.download(path(meetingId), await this.token(), maxExportBytes);
      return {
        fileName: safeFileName(file.fileName) ?? `minutes-${meetingId}${format === 'actions-csv' ? '-actions' : ''}.${extension}`,
        mimeType: file.contentType.split(';')[0]?.trim() || mimeType,
        bytes: file.bytes,
      };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) throw new BridgeError(refusal.code === 'not-found' ? 'not-found' : 'unauthorised', refusal.message);
      throw bridgeErrorOf(error);
    }
  }

  private async token(): Promise<string> {
    const token = await this.options.token();
    if (!token) throw bridgeErrorOf(new Error('not signed in to the server yet'));
    return token;
  }
}

/** The server's suggested name without any folder part or control characters; null if nothing usable is left. */
function safeFileName(name: string | null): string | null {
  const base = name
    ?.split(/[/\\]/)
    .pop()
    ?.replace(/\p{Cc}/gu, '')
    .trim();
  return base && base !== '.' && base !== '..' ? base.slice(0, 200) : null;
}
