/**
 * The host's HTTP client for its authority server. Every response is
 * validated with the wire schemas before anyone uses it.
 */
import type { z } from 'zod';
import { ApiError, ChangePage, HealthResponse, LoginResponse, UserProfile, apiPaths } from '../../../common/wire.ts';

/** The server refused the token (or the password). */
export class UnauthorisedError extends Error {
  override readonly name = 'UnauthorisedError';
}

/** The server could not be reached, or answered with a server error: retry later. */
export class ServerUnavailableError extends Error {
  override readonly name: string = 'ServerUnavailableError';
}

/** Too many failed sign-ins (HTTP 429): the server asks to wait. */
export class ThrottledError extends ServerUnavailableError {
  override readonly name = 'ThrottledError';
}

/** The server answered something that does not match the wire contract. */
export class ProtocolError extends Error {
  override readonly name: string = 'ProtocolError';
}

/** The server understood the request and refused it (4xx with an ApiError body): `code` says why. */
export class RefusedError extends ProtocolError {
  override readonly name = 'RefusedError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
  }
}

const requestTimeoutMs = 30_000;

export class AuthorityClient {
  constructor(readonly serverUrl: string) {}

  url(pathname: string): URL {
    return new URL(pathname, this.serverUrl);
  }

  async login(username: string, password: string): Promise<LoginResponse> {
    return this.json(LoginResponse, 'POST', apiPaths.login, null, { username, password });
  }

  /** Is this a Chamber server, and up? (No token needed.) */
  async health(): Promise<HealthResponse> {
    return this.json(HealthResponse, 'GET', apiPaths.health, null);
  }

  /** Ends the session on the server; a session the server no longer knows counts as ended. */
  async logout(token: string): Promise<void> {
    try {
      await this.request('POST', apiPaths.logout, token);
    } catch (error) {
      if (!(error instanceof UnauthorisedError)) throw error;
    }
  }

  async me(token: string): Promise<UserProfile> {
    return this.json(UserProfile, 'GET', apiPaths.me, token);
  }

  async changes(token: string, since: number): Promise<ChangePage> {
    return this.json(ChangePage, 'GET', `${apiPaths.changes}?since=${since}`, token);
  }

  /** Any JSON route of the API, its answer validated with `schema` (a 204 answer reads as null); `timeoutMs` for the few slow ones (building a pack). */
  call<S extends z.ZodType>(schema: S, method: string, pathname: string, token: string, body?: unknown, timeoutMs = requestTimeoutMs): Promise<z.infer<S>> {
    return this.json(schema, method, pathname, token, body, timeoutMs);
  }

  private async json<S extends z.ZodType>(
    schema: S, method: string, pathname: string, token: string | null, body?: unknown, timeoutMs = requestTimeoutMs,
  ): Promise<z.infer<S>> {
    const text = await this.request(method, pathname, token, body, timeoutMs);
    let json: unknown = null;
    try {
      // 204 No Content (e.g. a DELETE) has an empty body.
      if (text !== '') json = JSON.parse(text);
    } catch {
      throw new ProtocolError(`${method} ${pathname}: the server's answer is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ProtocolError(`${method} ${pathname}: unexpected answer: ${parsed.error.message.slice(0, 300)}`);
    return parsed.data;
  }

  /** A file the API serves (a PDF, HTML or CSV export), at most `maxBytes`; errors mapped to the classes above. */
  async download(pathname: string, token: string, maxBytes: number): Promise<DownloadedFile> {
    const response = await this.send('GET', pathname, token, undefined, '*/*');
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) throw new ProtocolError(`GET ${pathname}: ${declared} bytes is more than the ${maxBytes} allowed`);
    const bytes = new Uint8Array(
      await response.arrayBuffer().catch((error: unknown) => {
        throw new ServerUnavailableError(`Connection to ${this.serverUrl} broke: ${describeFetchError(error)}`);
      }),
    );
    if (bytes.byteLength > maxBytes) throw new ProtocolError(`GET ${pathname}: more than the ${maxBytes} bytes allowed`);
    return { bytes, contentType: response.headers.get('content-type') ?? 'application/octet-stream', fileName: attachmentName(response.headers.get('content-disposition')) };
  }

  /** The body of a successful answer as text; errors mapped to the classes above. */
  private async request(method: string, pathname: string, token: string | null, body?: unknown, timeoutMs = requestTimeoutMs): Promise<string> {
    return this.text(await this.send(method, pathname, token, body, 'application/json', timeoutMs));
  }

  /** A successful answer, its body unread; errors mapped to the classes above. */
  private async send(
    method: string, pathname: string, token: string | null, body?: unknown, accept = 'application/json', timeoutMs = requestTimeoutMs,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.url(pathname), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ServerUnavailableError(`Cannot reach ${this.serverUrl}: ${describeFetchError(error)}`);
    }
    if (!response.ok) throw errorFromResponse(response.status, await this.text(response));
    return response;
  }

  private text(response: Response): Promise<string> {
    return response.text().catch((error: unknown) => {
      throw new ServerUnavailableError(`Connection to ${this.serverUrl} broke: ${describeFetchError(error)}`);
    });
  }
}

export interface DownloadedFile {
  bytes: Uint8Array;
  contentType: string;
  /** The name the server suggests (`Content-Disposition`), if any. */
  fileName: string | null;
}

/** The file name of a `Content-Disposition: attachment; filename="…"` header (RFC 6266's `filename*` first). */
function attachmentName(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Malformed escapes: fall back to the plain name.
    }
  }
  return /filename\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? /filename\s*=\s*([^;]+)/i.exec(header)?.[1]?.trim() ?? null;
}

export function errorFromResponse(status: number, text: string): Error {
  let message = `HTTP ${status}`;
  let apiError: ApiError | null = null;
  try {
    const parsed = ApiError.safeParse(JSON.parse(text));
    if (parsed.success) {
      apiError = parsed.data;
      message = `${parsed.data.code}: ${parsed.data.message}`;
    }
  } catch {
    // Not JSON: keep the status line.
  }
  if (status === 401) return new UnauthorisedError(message);
  if (status === 429) return new ThrottledError(message);
  if (status >= 500 || status === 429 || status === 408) return new ServerUnavailableError(message);
  if (apiError) return new RefusedError(status, apiError.code, apiError.message);
  return new ProtocolError(message);
}

export function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return `${error.message} (${cause.message})`;
    return error.message;
  }
  return String(error);
}
