// REST calls to the page's own server (/api/v1). Answers are parsed JSON as `unknown`: the caller
// decodes them (../domain/decode.ts). Errors are RFC 9457 problems: their detail is shown.

import { isObject, stringField } from '../domain/json';

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

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const problem = isObject(json) ? stringField(json, 'detail') ?? stringField(json, 'title') : null;
    throw new ApiError(res.status, problem ?? `HTTP ${res.status}`);
  }
  return json;
}

export function withQuery(path: string, query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The page's own server over fetch. */
export const httpApi: Api = {
  get: (path, query) => call('GET', withQuery(path, query)),
  post: (path, body) => call('POST', path, body),
};
