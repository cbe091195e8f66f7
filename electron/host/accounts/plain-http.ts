/**
 * Plain HTTP to a council's server sends the password and every session token
 * readable by anyone on the network path (café Wi-Fi, a hotel's router), so
 * an `http:` address is used only for this computer (loopback: the demo
 * council, a local test server) or when the user has said so explicitly.
 * Checked on the address as written, before anything connects.
 */

/** 127.0.0.0/8, ::1 (also as an IPv4-mapped address) and `localhost`, as WHATWG URL spells hostnames. */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name) || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(name);
}

/** True when `serverUrl` is plain HTTP to another computer and the user has not allowed that. */
export function isRefusedPlainHttp(serverUrl: string, allowInsecure: boolean): boolean {
  const url = new URL(serverUrl);
  return url.protocol === 'http:' && !isLoopbackHostname(url.hostname) && !allowInsecure;
}

export function plainHttpRefusalMessage(serverUrl: string): string {
  return `${serverUrl} is plain HTTP to another computer: the password and session would be readable by anyone on the network. Use its https:// address.`;
}
