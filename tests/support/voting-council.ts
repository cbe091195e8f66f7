/**
 * The demo council's Planning meeting over real HTTP, for the session and
 * voting tests and the voting bench: signed-in clients per demo account and
 * typed helpers for session commands and ballots.
 */
import { randomUUID } from 'node:crypto';
import {
  BallotReceipt, type CastBallotRequest, type Meeting, MeetingDetailResponse, MeetingSessionState, type SessionCommand, type VoteChoice, apiPaths,
} from '../../common/wire.ts';
import { hashPassword } from '../../collab-server/auth/passwords.ts';
import { openDatabase } from '../../collab-server/db/database.ts';
import { publishMeeting } from '../../collab-server/feed/publish.ts';
import { databaseFile } from '../../collab-server/server.ts';
import { createSession, insertUser } from '../../collab-server/store/accounts.ts';
import { updateCommitteeRules } from '../../collab-server/store/committee-rules.ts';
import { createCommittee, createItem, createMeeting, ensureBody, setMembership } from '../../collab-server/store/council.ts';
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

// ------------------------------------------------------------ a large committee, seeded straight into the database

export interface SeededCommittee {
  committeeId: string;
  meetingId: string;
  itemId: string;
  clerk: SeededAccount;
  chair: SeededAccount;
  members: SeededAccount[];
}

export interface SeededAccount {
  userId: string;
  /** A real session token, as login would have issued. */
  token: string;
}

/**
 * Creates, in a server data folder that no server has open, a committee with a
 * clerk, a chair and `memberCount` members (real accounts sharing one password
 * hash, so setup does not pay scrypt a hundred times), signed-in sessions for
 * each, and a published meeting with one item. Start the server on the folder afterwards.
 */
export async function seedLargeCommittee(dataDir: string, memberCount: number): Promise<SeededCommittee> {
  const db = openDatabase(databaseFile(dataDir));
  try {
    const passwordHash = await hashPassword('a-shared-test-password');
    const committee = createCommittee(db, ensureBody(db, 'Test Council'), 'Full Council');
    const account = (username: string, role: 'clerk' | 'chair' | 'member'): SeededAccount => {
      const user = insertUser(db, { username, displayName: username.replace(/^m(\d+)$/, 'Cllr Member $1'), passwordHash, isAdmin: false });
      setMembership(db, committee.id, user.id, role);
      return { userId: user.id, token: createSession(db, user.id).token };
    };
    const clerk = account('clerk', 'clerk');
    const chair = account('chair', 'chair');
    const members = Array.from({ length: memberCount }, (_, i) => account(`m${String(i + 1).padStart(3, '0')}`, 'member'));
    updateCommitteeRules(db, committee.id, { secretBallotAllowed: true });
    const meeting = createMeeting(db, { committeeId: committee.id, title: 'Full Council', startsAt: new Date().toISOString() });
    const item = createItem(db, meeting.id, { number: '1', title: 'Budget 2027/28', confidential: false });
    publishMeeting(db, meeting.id, null);
    return { committeeId: committee.id, meetingId: meeting.id, itemId: item.id, clerk, chair, members };
  } finally {
    db.close();
  }
}
