/**
 * CLI of the authority server.
 *
 *   npm run server -- --data DIR --port N [--host H] [--seed demo] [--log-level L] [--max-upload-bytes B]
 *   npm run server -- user add --data DIR --username U --display-name "Name" [--admin]
 *       (password from env CHAMBER_PASSWORD, else read from stdin)
 *   npm run server -- audit verify --data DIR
 *       (exit 0 when the audit chain is intact, 1 with the first broken entry otherwise)
 */
import { mkdirSync } from 'node:fs';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { HttpError } from './http/errors.ts';
import { addUser } from './cli/user-add.ts';
import { verifyAuditLog } from './cli/audit-verify.ts';
import { startAuthorityServer } from './server.ts';

class UsageError extends Error {}

const usage = `Usage:
  npm run server -- --data DIR --port N [--host 127.0.0.1] [--seed demo] [--log-level info] [--max-upload-bytes N]
  npm run server -- user add --data DIR --username U --display-name "Name" [--admin]
      The password is read from the CHAMBER_PASSWORD environment variable, or from stdin.
  npm run server -- audit verify --data DIR
      Checks the hash chain of the audit log and reports the first broken entry.`;

function parse(args: string[], options: ParseArgsConfig['options']) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

function nonNegativeInteger(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a non-negative integer, got "${text}"`);
  return Number(text);
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
  const values = parse(args, { data: { type: 'string' } });
  const result = verifyAuditLog(required(values, 'data'));
  if (result.ok) {
    process.stdout.write(`Audit chain intact: ${result.entries} entries verified\n`);
  } else {
    process.stdout.write(`Audit chain BROKEN at entry ${result.brokenSeq}: ${result.reason}\n`);
    process.exitCode = 1;
  }
}

async function runServer(args: string[]): Promise<void> {
  const values = parse(args, {
    data: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
    'max-upload-bytes': { type: 'string' },
  });
  const dataDir = required(values, 'data');
  const port = nonNegativeInteger(values.port as string, 'port')!;
  if (port > 65535) throw new UsageError('--port must be at most 65535');
  if (values.seed !== undefined && values.seed !== 'demo') throw new UsageError(`--seed accepts only "demo", got "${String(values.seed)}"`);
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(values['log-level'] as string)) throw new UsageError(`--log-level must be one of ${levels.join(', ')}`);
  mkdirSync(dataDir, { recursive: true });

  const server = await startAuthorityServer({
    dataDir,
    port,
    host: values.host as string,
    seed: values.seed === 'demo' ? 'demo' : undefined,
    logLevel: values['log-level'] as string,
    maxUploadBytes: nonNegativeInteger(values['max-upload-bytes'] as string | undefined, 'max-upload-bytes'),
  });
  process.stdout.write(`Chamber authority server listening on ${server.url}\n`);

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
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'user') {
    if (argv[1] !== 'add') throw new UsageError(`Unknown command "user ${argv[1] ?? ''}"; did you mean "user add"?`);
    return runUserAdd(argv.slice(2));
  }
  if (argv[0] === 'audit') {
    if (argv[1] !== 'verify') throw new UsageError(`Unknown command "audit ${argv[1] ?? ''}"; did you mean "audit verify"?`);
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
