import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { FairQueue, type FairQueueLimits } from './fair-queue.ts';

/**
 * scrypt at the OWASP Password Storage Cheat Sheet parameters:
 * N = 2^17 (cost), r = 8 (block size), p = 1 (parallelism), 32-byte key, 16-byte random salt.
 * N·r·128 bytes = 128 MiB of memory per hash, so maxmem is raised above Node's 32 MiB default.
 * Parameters are stored in each hash, so they can be raised later without breaking old hashes.
 */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;
const MAXMEM = 256 * 1024 * 1024;

/**
 * Every scrypt of the process takes its turn: two at once hold 256 MiB, however
 * many sign-ins arrive together (without this, as many as libuv has threads).
 * One client address runs one at a time, so another client always finds the
 * other slot; it may queue 4 more, all clients together 32; more are refused
 * (QueueFullError), so a flood is answered at once instead of piling up.
 */
const PASSWORD_HASHING_LIMITS: FairQueueLimits = { concurrency: 2, runningPerClient: 1, maxWaiting: 32, maxWaitingPerClient: 4 };
const hashingTurns = new FairQueue(PASSWORD_HASHING_LIMITS);

/** `client`: the address of whoever asked (bounded queue, fair turns); null for the server's own or an administrator's work. */
function scryptAsync(password: string, salt: Buffer, keyLength: number, cost: { N: number; r: number; p: number }, client: string | null): Promise<Buffer> {
  return hashingTurns.run(client, () => new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { ...cost, maxmem: MAXMEM }, (error, key) => (error ? reject(error) : resolve(key)));
  }));
}

/** Returns `scrypt$N$r$p$<salt b64>$<key b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLength);
  const key = await scryptAsync(password, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, null);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Constant-time comparison of the derived key. With a `client` address, throws
 * QueueFullError when that client (or everyone) already has too many waiting.
 */
export async function verifyPassword(password: string, stored: string, client: string | null = null): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await scryptAsync(password, Buffer.from(saltB64, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) }, client);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash of a random password, so that login against an unknown user costs the same time as a real one. */
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
}
