/**
 * The host's side of running a meeting: the bridge handlers for the session,
 * ballots and declarations. Reads come from the mirror at once; the server's
 * newer states arrive over the live socket (and with every command's answer)
 * and are stored before they are shown. Commands need the server: offline they
 * fail with a clear error and change nothing. Ballots go through the outbox.
 */
import { z } from 'zod';
import { BridgeError, type BridgeArgsOf, type DeclarationOutcome, type LocalBallot, type MeetingSessionHandlers, type MeetingSessionView } from '../../../common/bridge.ts';
import { InterestDeclaration, MeetingSessionState, apiPaths } from '../../../common/wire.ts';
import type { HostLogger } from '../logger.ts';
import type { AuthorityClient } from '../sync/authority-client.ts';
import { BallotOutbox, localBallot } from './ballot-outbox.ts';
import { bridgeErrorOf, refusalOf } from './session-errors.ts';
import { SessionFollower } from './session-follower.ts';
import type { SessionStore } from './session-store.ts';

export interface MeetingSessionsOptions {
  store: SessionStore;
  client: AuthorityClient;
  token: () => Promise<string | null>;
  logger: HostLogger;
  onState(view: MeetingSessionView): void;
  onBallot(ballot: LocalBallot): void;
  now?: () => string;
}

export class MeetingSessions {
  readonly follower: SessionFollower;
  readonly handlers: MeetingSessionHandlers;
  private readonly outbox: BallotOutbox;

  constructor(private readonly options: MeetingSessionsOptions) {
    this.outbox = new BallotOutbox({ ...options, onBallot: options.onBallot });
    this.follower = new SessionFollower(
      (meetingId, state) => this.receive(meetingId, state),
      // The connection is back: ballots whose answer we never got go out again now.
      () => this.outbox.resendUnsettled(),
    );
    this.handlers = {
      'meetingSession.get': async ({ meetingId }) => this.get(meetingId),
      'meetingSession.command': (args) => this.command(args),
      'meetingSession.cast': async ({ meetingId, voteId, choice }) => this.outbox.cast(meetingId, voteId, choice),
      'declarations.list': ({ itemId }) =>
        this.call(z.array(InterestDeclaration), 'GET', apiPaths.itemDeclarations(itemId)).catch((error: unknown) => {
          const refusal = refusalOf(error);
          throw refusal ? new BridgeError(refusal.code === 'not-found' ? 'not-found' : 'unauthorised', refusal.message) : error;
        }),
      'declarations.declare': ({ itemId, kind, description, leavesRoom }) =>
        this.declaration(itemId, () => this.call(InterestDeclaration, 'PUT', apiPaths.itemDeclarations(itemId), { kind, description, leavesRoom })),
      'declarations.withdraw': ({ itemId }) =>
        this.declaration(itemId, () => this.call(z.null(), 'DELETE', apiPaths.itemDeclarations(itemId))),
    };
  }

  /** Ballots left unanswered by an earlier run go out again. */
  start(): void {
    this.outbox.resendUnsettled();
  }

  close(): void {
    this.outbox.close();
  }

  private get(meetingId: string): MeetingSessionView {
    this.follower.follow(meetingId);
    // Also ask over HTTP: the live socket may be down while the API answers.
    void this.call(MeetingSessionState, 'GET', apiPaths.session(meetingId)).then(
      (state) => this.receive(meetingId, state),
      (error: unknown) => this.options.logger.debug({ err: String(error) }, 'session state not refreshed'),
    );
    return this.view(meetingId);
  }

  private async command({ meetingId, command }: BridgeArgsOf<'meetingSession.command'>) {
    try {
      const state = await this.call(MeetingSessionState, 'POST', apiPaths.sessionCommands(meetingId), command);
      this.receive(meetingId, state);
      return { ok: true as const, state };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return { ok: false as const, refusal };
      throw bridgeErrorOf(error);
    }
  }

  /** Runs a declaration change, then answers the item's declarations as they now stand. */
  private async declaration(itemId: string, change: () => Promise<unknown>): Promise<DeclarationOutcome> {
    try {
      await change();
      return { ok: true, declarations: await this.call(z.array(InterestDeclaration), 'GET', apiPaths.itemDeclarations(itemId)) };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return { ok: false, refusal };
      throw bridgeErrorOf(error);
    }
  }

  /** Stores a state from the server unless a newer one is already stored, and tells the renderer. */
  private receive(meetingId: string, state: MeetingSessionState): void {
    if (state.meetingId !== meetingId) return;
    const stored = this.options.store.lastState(meetingId);
    if (stored && Date.parse(stored.state.serverTime) > Date.parse(state.serverTime)) return;
    this.options.store.saveState(meetingId, state, this.options.now?.() ?? new Date().toISOString());
    this.options.onState(this.view(meetingId));
  }

  private view(meetingId: string): MeetingSessionView {
    const stored = this.options.store.lastState(meetingId);
    return {
      meetingId,
      state: stored?.state ?? null,
      receivedAt: stored?.receivedAt ?? null,
      ballots: this.options.store.ballotsOf(meetingId).map(localBallot),
    };
  }

  private async call<S extends z.ZodType>(schema: S, method: string, pathname: string, body?: unknown): Promise<z.infer<S>> {
    const token = await this.options.token();
    if (!token) throw bridgeErrorOf(new Error('not signed in to the server yet'));
    try {
      return await this.options.client.call(schema, method, pathname, token, body);
    } catch (error) {
      if (refusalOf(error)) throw error;
      throw bridgeErrorOf(error);
    }
  }
}
