/**
 * The agenda-pack engine against qpdf's bare merge of the same papers, in one
 * run. The pack: every readable paper of the shared corpus (504 pages; the set
 * repeated CHAMBER_PACK_BENCH_COPIES times, default once), one agenda item per
 * paper, built by `buildAgendaPack` exactly as the server calls it (worker
 * thread, front sheet, bookmarks, page numbers, labels, atomic write). The
 * peer: `qpdf --empty --pages <the same files> -- out.pdf`, Debian's qpdf
 * (installed here with apt-get when missing and running as root on Debian).
 *
 * Warm-up builds first (the first starts the worker and loads MuPDF's
 * WebAssembly; the next let V8 compile PDFKit's and our hot paths), then
 * rounds alternating ours and qpdf's; medians. The first (cold) build's time
 * is noted on stderr.
 *
 * Prints:
 *   pack.pages, pack.generate_ms,
 *   pack.time_ratio (ours with front sheet, bookmarks, numbers and labels over qpdf's bare merge; goal <= 1.0),
 *   pack.size_ratio (pack bytes over the inputs' bytes; goal <= 1.05),
 *   pack.peak_rss_mb (this process, the pack's worker thread included)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AgendaPackRequest, buildAgendaPack, stopAgendaPackBuilder } from '../collab-server/pack/agenda-pack.ts';
import { corpusPath } from '../tests/support/corpus.ts';

const WARM_UP_BUILDS = 3;
const ROUNDS = 7;
const QPDF = '/usr/bin/qpdf';

/** The corpus's well-formed papers (MANIFEST.tsv): 504 pages, 8.3 MB. */
const PAPERS = [
  'kent_county-council_agenda-frontsheet_2025-02-13.pdf',
  'ca_hermosa-beach_city-council_agenda_2023-01-10.pdf',
  'ca_la-habra-heights_city-council_agenda.pdf',
  'ca_ladwp_board-of-commissioners_agenda.pdf',
  'chi_police-district-council-001_notice-agenda_2023-06-06.pdf',
  'chi_ssa21-lincoln-square_minutes_2018-01-29.pdf',
  'epa_planning-commission_minutes_2020-01-27.pdf',
  'kent_county-council_budget-amendments-pack_2025-02-13.pdf',
  'kent_county-council_printed-minutes_2025-02-13.pdf',
  'lametro_board-rules-procedures.pdf',
  'lametro_board_agenda_test.pdf',
  'pdfjs_freeculture_352pp.pdf',
  'pdfjs_tracemonkey.pdf',
];

const note = (line: string): void => void process.stderr.write(`# ${line}\n`);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function ensureQpdf(): void {
  if (existsSync(QPDF)) return;
  if (process.getuid?.() === 0 && existsSync('/etc/debian_version')) {
    note("qpdf not found; installing Debian's qpdf package (apt-get, as root).");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'qpdf'], { stdio: 'inherit', env });
  }
  if (!existsSync(QPDF)) throw new Error("The pack benchmark compares with qpdf: install Debian's 'qpdf' package (apt-get install qpdf).");
}

/** The CPU time (user + system) qpdf's merge takes, read with bash's `times`: wall time alone says little on a busy machine. */
function qpdfMergeCpuMs(files: string[], out: string): number {
  const script = `"${QPDF}" --empty --pages "$@" -- "${out}" >/dev/null 2>&1; times`;
  const result = spawnSync('bash', ['-c', script, 'bash', ...files], { encoding: 'utf8' });
  // `times` prints the shell's own times, then its children's: "0m0.140s 0m0.052s".
  const children = result.stdout.trim().split('\n')[1] ?? '';
  return [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, [, minutes, seconds]) => sum + (Number(minutes) * 60 + Number(seconds)) * 1000, 0);
}

/** qpdf's merge as a process, timed from spawn to exit (exit 3 is success with warnings about the corpus's odd xrefs). */
function qpdfMerge(files: string[], out: string): number {
  const started = performance.now();
  const result = spawnSync(QPDF, ['--empty', '--pages', ...files, '--', out], { stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0 && result.status !== 3) throw new Error(`qpdf failed (${result.status}): ${result.stderr.toString().slice(0, 500)}`);
  return elapsed;
}

async function main(): Promise<void> {
  ensureQpdf();
  const copies = Math.max(1, Number(process.env.CHAMBER_PACK_BENCH_COPIES) || 1);
  const files = Array.from({ length: copies }, () => PAPERS.map(corpusPath)).flat();
  const inputBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chamber-bench-pack-'));
  const request: AgendaPackRequest = {
    council: 'Demo Borough Council',
    committee: 'Planning Committee',
    meeting: { title: 'Planning Committee (pack benchmark)', startsAt: '2026-03-10T18:30:00Z', venue: 'Council Chamber, Town Hall' },
    membership: [
      { name: 'Cllr Ada Øvergård', role: 'chair' },
      { name: 'Cllr Ben Ng', role: 'member' },
    ],
    items: files.map((file, index) => ({ number: String(index + 1), title: path.basename(file, '.pdf'), papers: [{ name: `Paper ${index + 1}`, path: file }] })),
    audience: 'public',
    outPath: path.join(dir, 'pack.pdf'),
  };
  try {
    for (let build = 0; build < WARM_UP_BUILDS; build += 1) {
      const started = performance.now();
      const warmUp = await buildAgendaPack(request);
      note(`warm-up ${build + 1}: ${warmUp.pageCount} pages (${files.length} papers, ${(inputBytes / 1e6).toFixed(1)} MB in) in ${(performance.now() - started).toFixed(0)} ms`);
    }
    const ours: number[] = [];
    const theirs: number[] = [];
    const oursCpu: number[] = [];
    const theirsCpu: number[] = [];
    let pages = 0;
    let packBytes = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = await buildAgendaPack(request);
      ours.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      oursCpu.push((used.user + used.system) / 1000);
      pages = result.pageCount;
      packBytes = statSync(request.outPath).size;
      theirs.push(qpdfMerge(files, path.join(dir, 'qpdf.pdf')));
      theirsCpu.push(qpdfMergeCpuMs(files, path.join(dir, 'qpdf.pdf')));
    }
    note(`CPU ms (median): ours ${median(oursCpu).toFixed(0)} (this process, worker included), qpdf ${median(theirsCpu).toFixed(0)}; load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    note(`ours ms: ${ours.map((ms) => ms.toFixed(0)).join(' ')}; qpdf ms: ${theirs.map((ms) => ms.toFixed(0)).join(' ')}; qpdf bytes: ${statSync(path.join(dir, 'qpdf.pdf')).size}`);
    const generateMs = median(ours);
    console.log(`pack.pages = ${pages} pages`);
    console.log(`pack.generate_ms = ${generateMs.toFixed(0)} ms`);
    console.log(`pack.time_ratio = ${(generateMs / median(theirs)).toFixed(2)} x ours/qpdf`);
    console.log(`pack.size_ratio = ${(packBytes / inputBytes).toFixed(3)} x pack/inputs`);
    console.log(`pack.peak_rss_mb = ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await stopAgendaPackBuilder();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
