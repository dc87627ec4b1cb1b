// REST calls to the page's own server (/api/v1). Errors are RFC 9457 problems: their detail is shown.

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, json?.detail ?? json?.title ?? `HTTP ${res.status}`);
  return json as T;
}

export const api = {
  get: <T>(path: string, query: Record<string, string | number | undefined | null> = {}) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    const qs = q.toString();
    return call<T>('GET', qs ? `${path}?${qs}` : path);
  },
  post: <T>(path: string, body: unknown) => call<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
};

export interface Feature<P = any> {
  type: 'Feature';
  id?: string | number;
  geometry: { type: string; coordinates: any } | null;
  properties: P;
}

export interface FeatureCollection<P = any> {
  type: 'FeatureCollection';
  features: Feature<P>[];
}
