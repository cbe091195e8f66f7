/**
 * A small client for the authority server's JSON API, used by tests and
 * benchmarks to act as an administrator or clerk over real HTTP.
 */
import { ApiError, LoginResponse, apiPaths } from '../../common/wire.ts';

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
