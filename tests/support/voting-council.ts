/**
 * The demo council's Planning meeting over real HTTP, for the session and
 * voting tests and the voting bench: signed-in clients per demo account and
 * typed helpers for session commands and ballots.
 */
import { randomUUID } from 'node:crypto';
import {
  BallotReceipt, type CastBallotRequest, type Meeting, MeetingDetailResponse, MeetingSessionState, type SessionCommand, type VoteChoice, apiPaths,
} from '../../common/wire.ts';
import { ApiClient } from './api-client.ts';
import { type ServerProcess, demoPassword } from './server-process.ts';

export const DEMO_USERS = ['admin', 'clerk', 'chair', 'member', 'member2', 'member3'] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

export interface VotingCouncil {
  clients: Record<DemoUser, ApiClient>;
  userIds: Record<DemoUser, string>;
  meeting: Meeting;
  detail: MeetingDetailResponse;
  /** Item id by its agenda number ("3", "7"...). */
  itemId(number: string): string;
}

export async function signInDemoCouncil(server: ServerProcess): Promise<VotingCouncil> {
  const clients = {} as Record<DemoUser, ApiClient>;
  const userIds = {} as Record<DemoUser, string>;
  for (const username of DEMO_USERS) {
    clients[username] = await ApiClient.login(server.url, username, demoPassword(server.dataDir, username));
    userIds[username] = (await clients[username].get<{ id: string }>(apiPaths.me)).id;
  }
  const [meeting] = await clients.clerk.get<Meeting[]>(apiPaths.meetings);
  if (!meeting) throw new Error('The demo council has no meeting');
  const detail = MeetingDetailResponse.parse(await clients.clerk.get(apiPaths.meeting(meeting.id)));
  return {
    clients,
    userIds,
    meeting,
    detail,
    itemId(number) {
      const item = detail.items.find((i) => i.number === number);
      if (!item) throw new Error(`No item ${number}`);
      return item.id;
    },
  };
}

export async function command(client: ApiClient, meetingId: string, body: SessionCommand): Promise<MeetingSessionState> {
  return MeetingSessionState.parse(await client.post(apiPaths.sessionCommands(meetingId), body));
}

export async function sessionState(client: ApiClient, meetingId: string): Promise<MeetingSessionState> {
  return MeetingSessionState.parse(await client.get(apiPaths.session(meetingId)));
}

export async function cast(client: ApiClient, voteId: string, choice: VoteChoice, ballotId: string = randomUUID()): Promise<BallotReceipt> {
  const body: CastBallotRequest = { ballotId, choice };
  return BallotReceipt.parse(await client.post(apiPaths.ballots(voteId), body));
}

/** Proposes a motion on the current item and opens it; returns the vote id. */
export async function openMotion(client: ApiClient, meetingId: string, motion: Omit<Extract<SessionCommand, { type: 'propose-motion' }>, 'type'>): Promise<string> {
  const proposed = await command(client, meetingId, { type: 'propose-motion', ...motion });
  const voteId = proposed.vote!.id;
  await command(client, meetingId, { type: 'open-vote', voteId });
  return voteId;
}
