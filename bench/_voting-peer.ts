/**
 * The peer of bench/voting.ts: the bare floor of "record a ballot, announce a
 * result" on the same machine — node:http and ws, one SQLite insert per ballot
 * (WAL, synchronous=FULL, UNIQUE vote+member), no authentication, checks,
 * audit, group commit or per-viewer state; the result is a small message to
 * every socket. Prints `listening <port>`. Not a benchmark itself (underscore).
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { WebSocketServer } from 'ws';

const db = new Database(path.join(mkdtempSync(path.join(os.tmpdir(), 'chamber-voting-peer-')), 'peer.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE ballots (vote_id TEXT NOT NULL, user_id TEXT NOT NULL, ballot_id TEXT NOT NULL, choice TEXT NOT NULL, PRIMARY KEY (vote_id, user_id))');
const insert = db.prepare('INSERT INTO ballots VALUES (?, ?, ?, ?)');
const counts = db.prepare('SELECT choice, COUNT(*) AS n FROM ballots WHERE vote_id = ? GROUP BY choice');

const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
  request.on('end', () => {
    const input = JSON.parse(body) as { voteId: string; userId?: string; ballotId?: string; choice?: string };
    if (request.url === '/ballot') {
      db.transaction(() => insert.run(input.voteId, input.userId, input.ballotId, input.choice)).immediate();
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ ballotId: input.ballotId }));
    } else {
      const message = JSON.stringify({ type: 'result', voteId: input.voteId, counts: counts.all(input.voteId) });
      for (const client of sockets.clients) client.send(message);
      response.writeHead(200, { 'content-type': 'application/json' }).end(message);
    }
  });
});
const sockets = new WebSocketServer({ server });
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
