/**
 * JSON for the browser-mode bridge transport, which (unlike Electron IPC)
 * cannot carry bytes: every Uint8Array inside call arguments, results and
 * event payloads travels as `{ "$bytes": "<base64>" }`. Both ends of that
 * transport use these two functions; handlers and the renderer see real
 * Uint8Arrays either way.
 */

const bytesKey = '$bytes';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list short on large updates.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array | null {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    return null; // not base64: left as it is, so validation reports it
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Replaces Uint8Arrays with `{ $bytes }` so the value can go through JSON.stringify. */
export function toBridgeJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return { [bytesKey]: toBase64(value) };
  if (Array.isArray(value)) return value.map(toBridgeJson);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toBridgeJson(item)]));
  return value;
}

/** Turns `{ $bytes }` back into Uint8Arrays after JSON.parse. */
export function fromBridgeJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromBridgeJson);
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const encoded = value[bytesKey];
    if (keys.length === 1 && typeof encoded === 'string') return fromBase64(encoded) ?? value;
    return Object.fromEntries(keys.map((key) => [key, fromBridgeJson(value[key])]));
  }
  return value;
}
