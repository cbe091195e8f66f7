/**
 * Checkpoints of the audit chain's head kept outside the database: one line
 * per checkpoint, appended and fsynced, to a file in the data folder
 * (`<ISO time> <entry seq> <head HMAC>`). Whoever cuts the end of the chain or
 * recomputes it in the database leaves these behind, and `audit verify` holds
 * the chain against them. Written when the server starts and stops, after a
 * key rotation, and once a day while it runs (when the chain has grown).
 */
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDirectory } from '../../common/node/atomic-file.ts';
import type { Db } from '../db/database.ts';
import { type AuditCheckpoint, type RecordedCheckpoint, auditHead } from './audit-log.ts';

export const AUDIT_CHECKPOINT_FILE = 'audit-checkpoints.log';
const LINE = /^(\S+) (\d+) ([0-9a-f]{64})$/;
const HOUR_MS = 60 * 60 * 1000;

export function auditCheckpointFile(dataDir: string): string {
  return path.join(dataDir, AUDIT_CHECKPOINT_FILE);
}

export interface CheckpointFileContent {
  checkpoints: (RecordedCheckpoint & { at: string })[];
  /** Line numbers that are not checkpoints (a torn last line after a crash, or an edit). */
  unreadableLines: number[];
}

export function readCheckpointFile(dataDir: string): CheckpointFileContent {
  const file = auditCheckpointFile(dataDir);
  const content: CheckpointFileContent = { checkpoints: [], unreadableLines: [] };
  if (!existsSync(file)) return content;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line === '') return;
      const match = LINE.exec(line);
      if (!match) return void content.unreadableLines.push(index + 1);
      content.checkpoints.push({ at: match[1]!, seq: Number(match[2]), hmac: match[3]!, source: `the checkpoint of ${match[1]} (${AUDIT_CHECKPOINT_FILE} line ${index + 1})` });
    });
  return content;
}

/** Appends one line and fsyncs it (and the folder, when the file is new). */
export async function appendCheckpoint(dataDir: string, head: AuditCheckpoint, at = new Date()): Promise<void> {
  const file = auditCheckpointFile(dataDir);
  const isNew = !existsSync(file);
  const handle = await open(file, 'a', 0o600);
  try {
    await handle.appendFile(`${at.toISOString()} ${head.seq} ${head.hmac}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (isNew) await fsyncDirectory(dataDir);
}

interface CheckpointLog {
  error(details: object, message: string): void;
}

/** The running server's checkpoints: at start, once a day, at stop. */
export class AuditCheckpointWriter {
  private lastWritten: (AuditCheckpoint & { day: string }) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly log: CheckpointLog,
  ) {
    const last = readCheckpointFile(dataDir).checkpoints.at(-1);
    if (last) this.lastWritten = { seq: last.seq, hmac: last.hmac, day: last.at.slice(0, 10) };
  }

  async start(): Promise<void> {
    await this.writeIfGrown();
    // Hourly, so a day's line is written soon after midnight whenever the server started.
    this.timer = setInterval(() => {
      if (this.lastWritten?.day === today()) return;
      this.writing = this.writing.then(() => this.writeIfGrown()).catch((error: unknown) => this.log.error({ err: error }, 'Could not write the daily audit checkpoint'));
    }, HOUR_MS);
    this.timer.unref();
  }

  /** Call before closing the database. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.writing;
    await this.writeIfGrown();
  }

  private async writeIfGrown(): Promise<void> {
    if (!this.db.open) return;
    const head = auditHead(this.db);
    if (!head || (head.seq === this.lastWritten?.seq && head.hmac === this.lastWritten.hmac)) return;
    await appendCheckpoint(this.dataDir, head);
    this.lastWritten = { ...head, day: today() };
  }
}

const today = (): string => new Date().toISOString().slice(0, 10);
