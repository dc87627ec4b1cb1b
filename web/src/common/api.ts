// REST calls to the page's own server (/api/v1), as the signed-in user: every call goes through
// the page's Session (./auth.ts), which adds the CSRF header to unsafe requests and sends the page
// to the login page on a 401. Answers are parsed JSON as `unknown`: the caller decodes them
// (../domain/decode.ts). Errors are RFC 9457 problems: their detail is shown (errorText).

import { isObject, stringField } from '../domain/json';
import { type Session, pageSession } from './auth';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export type Query = Record<string, string | number | undefined | null>;

/** What the pages call; a test supplies its own. */
export interface Api {
  get(path: string, query?: Query): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
}

/** The part of `fetch` the API uses. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Text for a failed call: a refusal (403) as 无权限 with the server's reason, anything else after
 * `prefix` (e.g. 操作失败).
 */
export function errorText(e: unknown, prefix: string): string {
  if (e instanceof ApiError && e.status === 403) return `无权限：${e.message}`;
  return `${prefix}：${e instanceof Error ? e.message : String(e)}`;
}

export function withQuery(path: string, query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The server's API over `fetchFn`, with the session's cookies and headers. */
export function createHttpApi(session: Session, fetchFn: FetchLike = (input, init) => fetch(input, init)): Api {
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const res = await fetchFn(path, {
      method,
      credentials: 'same-origin',
      headers: session.headers(method, body !== undefined),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      if (res.ok) throw new ApiError(res.status, `HTTP ${res.status}: not JSON`);
    }
    if (res.status === 401) session.end();
    if (!res.ok) {
      const problem = isObject(json) ? stringField(json, 'detail') ?? stringField(json, 'title') : null;
      throw new ApiError(res.status, problem ?? `HTTP ${res.status}`);
    }
    return json;
  };
  return {
    get: (path, query) => call('GET', withQuery(path, query)),
    post: (path, body) => call('POST', path, body),
  };
}

/** The page's own server over fetch, as the browser's session. */
export const httpApi: Api = createHttpApi(pageSession);
