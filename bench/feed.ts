/**
 * Requests per second the authority server sustains over loopback for the two
 * things every mirror does: read the change feed and download documents.
 * Bounded: each phase stops after MAX_REQUESTS requests or MAX_SECONDS seconds.
 *
 * Prints:
 *   feed.changes_rps = N req/s            (GET /api/v1/changes?since=0, full demo feed, 8 concurrent)
 *   feed.document_download_rps = N req/s  (GET a 30-page agenda pack, 8 concurrent)
 *   feed.document_download_mbps = N MB/s
 */
import { ChangePage, MeetingDetailResponse, type Meeting, apiPaths } from '../common/wire.ts';
import { ApiClient } from '../tests/support/api-client.ts';
import { demoPassword, startServerProcess } from '../tests/support/server-process.ts';

const CONCURRENCY = 8;
const MAX_REQUESTS = 4000;
const MAX_SECONDS = 8;

async function measure(label: string, request: () => Promise<number>): Promise<{ rps: number; bytesPerSecond: number }> {
  let started = 0;
  let bytes = 0;
  const deadline = performance.now() + MAX_SECONDS * 1000;
  const begin = performance.now();
  const worker = async () => {
    while (started < MAX_REQUESTS && performance.now() < deadline) {
      started += 1;
      bytes += await request();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - begin) / 1000;
  process.stderr.write(`# ${label}: ${started} requests in ${seconds.toFixed(2)} s\n`);
  return { rps: started / seconds, bytesPerSecond: bytes / seconds };
}

// One client sends thousands of requests a minute here: measure the server, not its per-client rate limit.
const server = await startServerProcess({ seed: 'demo', logLevel: 'warn', rateLimitPerMinute: 1_000_000 });
try {
  const member = await ApiClient.login(server.url, 'member', demoPassword(server.dataDir, 'member'));
  const headers = { authorization: `Bearer ${member.token}` };
  const [meeting] = await member.get<Meeting[]>(apiPaths.meetings);
  const detail = MeetingDetailResponse.parse(await member.get(apiPaths.meeting(meeting!.id)));
  const pack = detail.documents.reduce((largest, doc) => (doc.size > largest.size ? doc : largest));
  const feedUrl = new URL(`${apiPaths.changes}?since=0&limit=500`, server.url);
  const contentUrl = new URL(apiPaths.documentContent(pack.sha256), server.url);

  const changes = await measure('changes', async () => {
    const response = await fetch(feedUrl, { headers });
    const page = ChangePage.parse(await response.json());
    if (page.changes.length === 0) throw new Error('empty feed');
    return 0;
  });
  const downloads = await measure('document download', async () => {
    const response = await fetch(contentUrl, { headers });
    if (response.status !== 200) throw new Error(`download failed: ${response.status}`);
    return (await response.arrayBuffer()).byteLength;
  });

  console.log(`feed.changes_rps = ${changes.rps.toFixed(0)} req/s`);
  console.log(`feed.document_download_rps = ${downloads.rps.toFixed(0)} req/s`);
  console.log(`feed.document_download_mbps = ${(downloads.bytesPerSecond / 1e6).toFixed(1)} MB/s`);
} finally {
  await server.stop();
}
