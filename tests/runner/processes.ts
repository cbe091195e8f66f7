/**
 * Child processes for the test runner: each runs in its own process group so a
 * timeout (or Ctrl-C) ends the whole tree — test files start servers and hosts
 * of their own, and none may outlive the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the whole process tree after this long. */
  timeoutMs: number;
  /** `inherit` streams to our terminal; `buffer` collects output to print later. */
  output: 'inherit' | 'buffer';
}

export interface RunResult {
  exitCode: number;
  timedOut: boolean;
  output: string;
}

const running = new Set<ChildProcess>();

/** Kills the child's process group: the child and anything it started that is still there. */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Ends every child we started, e.g. when the runner itself is interrupted. */
export function killAllChildren(): void {
  for (const child of running) killTree(child);
}

export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: options.output === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
      // Its own process group (POSIX) so the timeout can end grandchildren too.
      detached: process.platform !== 'win32',
    });
    running.add(child);
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      // Leftovers of a finished file (a server it forgot to stop) must not linger.
      killTree(child);
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        timedOut,
        output: Buffer.concat(chunks).toString('utf8'),
      });
    });
  });
}
