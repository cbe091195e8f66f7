/**
 * CLI of the authority server.
 *
 *   npm run server -- --data DIR --port N [--host H] [--seed demo] [--log-level L] [--max-upload-bytes B]
 *       [--trust-proxy ADDRESSES] [--rate-limit N] [--login-rate-limit N]
 *       [--yjs-max-document-bytes B] [--yjs-messages-per-second N] [--yjs-bytes-per-second B]
 *       [--public-base-url URL] [--time-zone ZONE] [--paper-public-copies N] [--paper-cost-per-sheet X]
 *       [--paper-currency CODE] [--paper-co2e-grams-per-sheet G] [--paper-printed-sides single|double]
 *       (--trust-proxy defaults to env CHAMBER_TRUST_PROXY, else none)
 *   npm run server -- user add --data DIR --username U --display-name "Name" [--admin]
 *       (password from env CHAMBER_PASSWORD, else read from stdin)
 *   npm run server -- audit verify --data DIR [--checkpoint SEQ:HMAC]...
 *       (exit 0 when the audit chain is intact and matches every checkpoint, 1 otherwise)
 *   npm run server -- audit rotate-key --data DIR
 *       (a new audit key for the chain from here on; old keys stay in the key file)
 */
import { mkdirSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { z } from 'zod';
import { HttpError } from './http/errors.ts';
import { addUser } from './cli/user-add.ts';
import { rotateAuditKeyOfDataDir, verifyAuditLog } from './cli/audit-verify.ts';
import { startAuthorityServer } from './server.ts';
import { YjsLimits } from './yjs/yjs-limits.ts';
import { PublicSettings } from './public/public-settings.ts';

class UsageError extends Error {}

const usage = `Usage:
  npm run server -- --data DIR --port N [--host 127.0.0.1] [--seed demo] [--log-level info] [--max-upload-bytes N]
                    [--trust-proxy ADDRESSES] [--rate-limit 3000] [--login-rate-limit 60]
      --trust-proxy: the reverse proxies (comma-separated addresses, CIDR ranges, or loopback,
      linklocal, uniquelocal) whose X-Forwarded-For names the client; default: env
      CHAMBER_TRUST_PROXY, else none. Rate limits are requests per minute per client address.
                    [--yjs-max-document-bytes 16777216] [--yjs-messages-per-second 100] [--yjs-bytes-per-second 1048576]
      Yjs quotas: the update log one document may store (after compaction), and what one
      connection may send per second (five seconds' worth at once).
                    [--public-base-url URL] [--time-zone Europe/London]
                    [--paper-public-copies 5] [--paper-cost-per-sheet 0.07] [--paper-currency GBP]
                    [--paper-co2e-grams-per-sheet 4.6] [--paper-printed-sides single]
      The public side: its address as residents see it (default: each request's own), the
      council's time zone (calendar feeds, dates), and the paper-saved factors: copies for
      the public and press per meeting, cost and grams of CO2e per sheet not printed, and
      whether packs were printed on one side of the sheet or both (docs/api/README.md).
  npm run server -- user add --data DIR --username U --display-name "Name" [--admin]
      The password is read from the CHAMBER_PASSWORD environment variable, or from stdin.
  npm run server -- audit verify --data DIR [--checkpoint SEQ:HMAC]...
      Checks the audit log's chain under its keys and against its checkpoints (the data
      folder's checkpoint file, published meetings, and any given); reports what does not hold.
  npm run server -- audit rotate-key --data DIR
      Adds a new audit key (the old ones stay, for verify) and starts the chain's part under it.`;

type ParsedValues = Record<string, string | boolean | string[] | undefined>;

function parse(args: string[], options: ParseArgsConfig['options']) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as ParsedValues;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function required(values: ParsedValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

function nonNegativeInteger(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

const TrustedProxies = z
  .string()
  .transform((text) => text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
  .pipe(z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(['loopback', 'linklocal', 'uniquelocal'])])).min(1));

function trustedProxies(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const parsed = TrustedProxies.safeParse(text);
  if (!parsed.success) throw new UsageError(`--trust-proxy (or CHAMBER_TRUST_PROXY) needs addresses, CIDR ranges or loopback/linklocal/uniquelocal, comma-separated; got "${text}"`);
  return parsed.data;
}

function perMinute(text: string | undefined, name: string): number | undefined {
  const value = nonNegativeInteger(text, name);
  if (value === 0) throw new UsageError(`--${name} must be at least 1 request per minute`);
  return value;
}

/** The `--yjs-*` flags, checked by the server's own schema so the CLI reports a bad one as a usage error. */
function yjsLimits(values: ParsedValues): YjsLimits {
  const given = {
    maxDocumentBytes: nonNegativeInteger(values['yjs-max-document-bytes'] as string | undefined, 'yjs-max-document-bytes'),
    messagesPerSecond: nonNegativeInteger(values['yjs-messages-per-second'] as string | undefined, 'yjs-messages-per-second'),
    bytesPerSecond: nonNegativeInteger(values['yjs-bytes-per-second'] as string | undefined, 'yjs-bytes-per-second'),
  };
  const parsed = YjsLimits.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--yjs-${String(issue.path[0]).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}: ${issue.message}`);
  }
  return parsed.data;
}

function decimal(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`--${name} must be a non-negative number, got "${text}"`);
  return Number(text);
}

/** The flag each public setting comes from, for usage errors. */
const publicSettingFlags = {
  baseUrl: 'public-base-url',
  timeZone: 'time-zone',
  publicCopiesPerMeeting: 'paper-public-copies',
  costPerSheet: 'paper-cost-per-sheet',
  currency: 'paper-currency',
  gramsCo2ePerSheet: 'paper-co2e-grams-per-sheet',
  printedSides: 'paper-printed-sides',
} as const;

/** The public side's flags, checked by the server's own schema so the CLI reports a bad one as a usage error. */
function publicSettings(values: ParsedValues): PublicSettings {
  const text = (key: keyof typeof publicSettingFlags) => values[publicSettingFlags[key]] as string | undefined;
  const parsed = PublicSettings.safeParse({
    baseUrl: text('baseUrl'),
    timeZone: text('timeZone'),
    publicCopiesPerMeeting: nonNegativeInteger(text('publicCopiesPerMeeting'), publicSettingFlags.publicCopiesPerMeeting),
    costPerSheet: decimal(text('costPerSheet'), publicSettingFlags.costPerSheet),
    currency: text('currency'),
    gramsCo2ePerSheet: decimal(text('gramsCo2ePerSheet'), publicSettingFlags.gramsCo2ePerSheet),
    printedSides: text('printedSides'),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--${publicSettingFlags[issue.path[0] as keyof typeof publicSettingFlags]}: ${issue.message}`);
  }
  return parsed.data;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function runUserAdd(args: string[]): Promise<void> {
  const values = parse(args, {
    data: { type: 'string' },
    username: { type: 'string' },
    'display-name': { type: 'string' },
    admin: { type: 'boolean', default: false },
  });
  const password = process.env.CHAMBER_PASSWORD ?? (await readStdin());
  const user = await addUser({
    dataDir: required(values, 'data'),
    username: required(values, 'username'),
    displayName: required(values, 'display-name'),
    password,
    isAdmin: values.admin === true,
  });
  process.stdout.write(`Created user ${user.username} (${user.id})\n`);
}

function runAuditVerify(args: string[]): void {
  const values = parse(args, { data: { type: 'string' }, checkpoint: { type: 'string', multiple: true } });
  const result = verifyAuditLog(required(values, 'data'), (values.checkpoint as string[] | undefined) ?? []);
  if (result.ok) {
    const keyed = result.keyedFromSeq === null ? 'not keyed (written before audit keys)' : `keyed from entry ${result.keyedFromSeq} under ${result.keysUsed} key(s)`;
    process.stdout.write(`Audit chain intact: ${result.entries} entries verified, ${keyed}, ${result.checkpointsMatched} checkpoint(s) match\n`);
    return;
  }
  const headline = { broken: 'BROKEN at entry', cut: 'CUT: checkpoint at entry', recomputed: 'RECOMPUTED at entry' } as const;
  for (const problem of result.problems) process.stdout.write(`Audit chain ${headline[problem.kind]} ${problem.seq}: ${problem.reason}\n`);
  process.exitCode = 1;
}

async function runAuditRotateKey(args: string[]): Promise<void> {
  const values = parse(args, { data: { type: 'string' } });
  const rotated = await rotateAuditKeyOfDataDir(required(values, 'data'));
  process.stdout.write(`Audit key rotated: entry ${rotated.seq} hands over from key ${rotated.fromKeyId} to key ${rotated.toKeyId}; back up the key file again\n`);
}

async function runServer(args: string[]): Promise<void> {
  const values = parse(args, {
    data: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
    'max-upload-bytes': { type: 'string' },
    'trust-proxy': { type: 'string' },
    'rate-limit': { type: 'string' },
    'login-rate-limit': { type: 'string' },
    'yjs-max-document-bytes': { type: 'string' },
    'yjs-messages-per-second': { type: 'string' },
    'yjs-bytes-per-second': { type: 'string' },
    ...Object.fromEntries(Object.values(publicSettingFlags).map((flag) => [flag, { type: 'string' as const }])),
  });
  const dataDir = required(values, 'data');
  const port = nonNegativeInteger(values.port as string, 'port')!;
  if (port > 65535) throw new UsageError('--port must be at most 65535');
  if (values.seed !== undefined && values.seed !== 'demo') throw new UsageError(`--seed accepts only "demo", got "${String(values.seed)}"`);
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(values['log-level'] as string)) throw new UsageError(`--log-level must be one of ${levels.join(', ')}`);
  // Checked before anything is created: a bad setting leaves no folder behind.
  const publicSettingsGiven = publicSettings(values);
  mkdirSync(dataDir, { recursive: true });

  const server = await startAuthorityServer({
    dataDir,
    port,
    host: values.host as string,
    seed: values.seed === 'demo' ? 'demo' : undefined,
    logLevel: values['log-level'] as string,
    maxUploadBytes: nonNegativeInteger(values['max-upload-bytes'] as string | undefined, 'max-upload-bytes'),
    trustProxy: trustedProxies((values['trust-proxy'] as string | undefined) ?? process.env.CHAMBER_TRUST_PROXY),
    rateLimits: {
      apiPerMinute: perMinute(values['rate-limit'] as string | undefined, 'rate-limit'),
      loginPerMinute: perMinute(values['login-rate-limit'] as string | undefined, 'login-rate-limit'),
    },
    yjsLimits: yjsLimits(values),
    publicSettings: publicSettingsGiven,
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => {
        process.stderr.write(`Chamber authority server stopped (${signal})\n`);
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`Error while stopping: ${(error as Error).message}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Only now: whoever reads this line may signal us at once, and a signal without a listener kills the process.
  process.stdout.write(`Chamber authority server listening on ${server.url}\n`);
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'user') {
    if (argv[1] !== 'add') throw new UsageError(`Unknown command "user ${argv[1] ?? ''}"; did you mean "user add"?`);
    return runUserAdd(argv.slice(2));
  }
  if (argv[0] === 'audit') {
    if (argv[1] === 'rotate-key') return runAuditRotateKey(argv.slice(2));
    if (argv[1] !== 'verify') throw new UsageError(`Unknown command "audit ${argv[1] ?? ''}"; did you mean "audit verify" or "audit rotate-key"?`);
    return runAuditVerify(argv.slice(2));
  }
  if (argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (argv[0] !== undefined && !argv[0].startsWith('-')) throw new UsageError(`Unknown command "${argv[0]}"`);
  return runServer(argv);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`Error: ${error.message}\n\n${usage}\n`);
    process.exitCode = 2;
  } else if (error instanceof HttpError) {
    process.stderr.write(`Error: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`Error: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
});
