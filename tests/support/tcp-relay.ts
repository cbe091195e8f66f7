/**
 * A loopback TCP relay with a bandwidth limit, placed between the host and a
 * real server. It gives the host one stable URL while the server behind it is
 * killed and restarted (on a new port), and slows downloads enough that a kill
 * lands mid-transfer. It also counts the bytes it carries (benchmarks measure
 * what the host moved); `bytesPerSecond = Infinity` relays unthrottled.
 * `latencyMs` holds every server → client chunk that long, in order, as a
 * distant server would (a login answers only after it).
 */
import net from 'node:net';
import os from 'node:os';

export interface RelayTraffic {
  bytesToServer: number;
  bytesFromServer: number;
  /** performance.now() of the first connection since the last reset, or null. */
  firstConnectionAt: number | null;
}

export interface TcpRelay {
  url: string;
  port: number;
  /** Bytes carried since start (or the last resetTraffic). */
  traffic(): RelayTraffic;
  resetTraffic(): void;
  /** Where new connections go from now on. */
  retarget(targetPort: number): void;
  /** Cuts every open connection (as a dying server would). */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * An IPv4 address of this machine that is not loopback, or undefined when it has none. A connection to it never
 * leaves the machine, yet the host must treat it as another computer's (tests of plain-HTTP refusal use it).
 */
export function ownNonLoopbackAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)?.address;
}

/** `listenHost` is where the relay listens (a non-loopback address of this machine stands in for a remote server). */
export async function startTcpRelay(targetPort: number, bytesPerSecond = 1_000_000, latencyMs = 0, listenHost = '127.0.0.1'): Promise<TcpRelay> {
  let target = targetPort;
  const open = new Set<net.Socket>();
  let counted: RelayTraffic = { bytesToServer: 0, bytesFromServer: 0, firstConnectionAt: null };
  const server = net.createServer((client) => {
    counted.firstConnectionAt ??= performance.now();
    const upstream = net.connect(target, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', closeBoth).on('close', closeBoth);
    // What the server said before it closed is still on its way to the client for `latencyMs`.
    const closeAfterLatency = (): void => {
      if (latencyMs > 0) setTimeout(closeBoth, latencyMs);
      else closeBoth();
    };
    upstream.on('error', closeAfterLatency).on('close', closeAfterLatency);
    client.on('data', (chunk: Buffer) => (counted.bytesToServer += chunk.length));
    upstream.on('data', (chunk: Buffer) => (counted.bytesFromServer += chunk.length));
    client.pipe(upstream);
    if (!Number.isFinite(bytesPerSecond) && latencyMs === 0) {
      upstream.pipe(client);
      return;
    }
    // Server → client is throttled: pause after each chunk for as long as the budget says. Latency holds each
    // chunk before it is written; timers of equal delay fire in order, so the bytes stay in order.
    const throttled = Number.isFinite(bytesPerSecond);
    upstream.on('data', (chunk: Buffer) => {
      if (throttled) upstream.pause();
      const forward = (): void => {
        client.write(chunk, () => {
          if (throttled) setTimeout(() => upstream.resume(), Math.ceil((chunk.length / bytesPerSecond) * 1000));
        });
      };
      if (latencyMs > 0) setTimeout(forward, latencyMs);
      else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, listenHost, resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://${listenHost}:${address.port}`,
    port: address.port,
    traffic: () => ({ ...counted }),
    resetTraffic() {
      counted = { bytesToServer: 0, bytesFromServer: 0, firstConnectionAt: null };
    },
    retarget(port) {
      target = port;
    },
    dropConnections() {
      for (const socket of open) socket.destroy();
      open.clear();
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
