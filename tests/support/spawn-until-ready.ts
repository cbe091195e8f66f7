/**
 * Starts one of our programs as a child process (`node --import tsx …`) and
 * waits for the line that says it is ready (a server's "listening" line, the
 * host's "running at" line). Every test that runs a real process goes
 * through here, so output capture, the early-exit error and a clean stop are
 * written once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { repoRoot } from './corpus.ts';

export interface ReadyProcess {
  process: ChildProcess;
  /** The ready line's match (its groups carry the URL, port or token). */
  ready: RegExpExecArray;
  /** Everything the process wrote so far (stdout and stderr), for diagnostics. */
  output(): string;
  /** Sends the signal (default SIGTERM) and waits for the exit; does nothing once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * @param nodeArgs arguments for `node` (the script and its flags)
 * @param readyLine matched against stdout; resolves on the first match
 * @param what names the process in the error if it exits before it is ready
 */
export async function spawnUntilReady(nodeArgs: string[], readyLine: RegExp, what: string, env: NodeJS.ProcessEnv = process.env): Promise<ReadyProcess> {
  const child = spawn(process.execPath, nodeArgs, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const onData = (): void => {
      const match = readyLine.exec(output);
      if (match) {
        child.stdout.off('data', onData);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${output}`)));
  });

  return {
    process: child,
    ready,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
