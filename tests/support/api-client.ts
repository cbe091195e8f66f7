/**
 * A small client for the authority server's JSON API, used by tests and
 * benchmarks to act as an administrator or clerk over real HTTP.
 */
import assert from 'node:assert/strict';
import { ApiError, type Change, ChangePage, LoginResponse, apiPaths } from '../../common/wire.ts';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null,
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<ApiClient> {
    const anonymous = new ApiClient(baseUrl, null);
    const response = LoginResponse.parse(await anonymous.post(apiPaths.login, { username, password }));
    return new ApiClient(baseUrl, response.token);
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }
  put<T = unknown>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
  patch<T = unknown>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = unknown>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** Uploads raw PDF bytes, as the clerk's tooling does. */
  uploadPdf<T = unknown>(path: string, bytes: Uint8Array): Promise<T> {
    return this.send<T>('POST', path, bytes, 'application/pdf');
  }

  private request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.send<T>(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  }

  private async send<T>(method: string, path: string, body: string | Uint8Array | undefined, contentType: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = contentType;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = ApiError.safeParse(json);
      throw error.success
        ? new ApiRequestError(response.status, error.data.code, error.data.message)
        : new ApiRequestError(response.status, 'unexpected', text.slice(0, 300));
    }
    return json as T;
  }
}

/** Asserts that the call fails with this HTTP status (and ApiError code, if given); returns the error. */
export async function expectApiError(promise: Promise<unknown>, status: number, code?: string): Promise<ApiRequestError> {
  const error = await promise.then(
    () => assert.fail(`expected HTTP ${status}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ApiRequestError, `expected an API error, got ${String(error)}`);
  assert.equal(error.status, status, error.message);
  if (code) assert.equal(error.code, code, error.message);
  return error;
}

/** Every change of the user's feed after `since`, page by page (`limit` per page, the server's default if not given). */
export async function allChanges(client: ApiClient, since = 0, limit?: number): Promise<{ changes: Change[]; nextSince: number }> {
  const changes: Change[] = [];
  for (;;) {
    const page = ChangePage.parse(await client.get(`${apiPaths.changes}?since=${since}${limit ? `&limit=${limit}` : ''}`));
    changes.push(...page.changes);
    since = page.nextSince;
    if (!page.hasMore) return { changes, nextSince: since };
  }
}
