/** The host logs with pino (JSON lines on stderr, so stdout stays for the one line `npm start` prints). */
import { pino, type Logger } from 'pino';

export type HostLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

export function createHostLogger(): HostLogger {
  return pino({ name: 'chamber-host', level: process.env.CHAMBER_LOG_LEVEL ?? 'info' }, pino.destination(2));
}
