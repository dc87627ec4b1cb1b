// The signed-in user's session as the pages see it (issue 10). The server keeps the session in two
// cookies set at login: gw_session (HttpOnly, which the page never sees) and gw_csrf, whose value
// every unsafe request repeats in the X-CSRF-Token header (double submit). A 401 from any request
// means the session is over (idle timeout, logout elsewhere, revoked): the page goes to the login
// page, which comes back here after the login (`next`). A 403 is not the end of the session, only
// of one action: the caller shows it (./api.ts, errorText).
//
// The parts that decide something (which header, where to go) are pure functions; Session holds
// only where the page is, so that a test supplies its own cookies and location.

import { type JsonObject, isObject, listOf, numberField, stringField } from '../domain/json';
import type { Api } from './api';

export const CSRF_COOKIE = 'gw_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
export const LOGIN_PATH = '/login';
export const ME_PATH = '/api/v1/auth/me';
export const LOGOUT_PATH = '/api/v1/auth/logout';

/** An admin area of the user's jurisdiction. */
export interface AreaRef {
  code: string;
  name: string;
  /** city | county | township | village | grid */
  level: string;
}

/** GET /api/v1/auth/me: who is signed in, with what roles, over which areas, allowed what. */
export interface Me {
  id: string;
  /** display name, e.g. 调度员（演示） */
  name: string;
  /** user, device or key */
  kind: string;
  roles: readonly string[];
  jurisdiction: readonly AreaRef[];
  /** the permissions the roles grant (read, live, dispatch…) */
  permissions: readonly string[];
  /** seconds without a request after which the server ends the session; null when not told */
  idleTimeoutSeconds: number | null;
}

/** Chinese labels of the roles (the server's ids). A role not listed is shown as its id. */
export const ROLE_LABELS: Readonly<Record<string, string>> = {
  screen: '大屏',
  dispatcher: '调度员',
  supervisor: '值班领导',
  analyst: '研判',
  grid_worker: '网格员',
  gateway: '定位接入',
  sysadmin: '系统管理员',
  secadmin: '安全管理员',
  auditor: '审计员',
};

export function roleLabel(id: string): string {
  return Object.hasOwn(ROLE_LABELS, id) ? ROLE_LABELS[id] : id;
}

const strings = (v: unknown): string[] => listOf(v, (x) => (typeof x === 'string' ? x : null));

function decodeArea(v: unknown): AreaRef | null {
  if (!isObject(v)) return null;
  const code = stringField(v, 'code');
  if (code === null) return null;
  return { code, name: stringField(v, 'name') ?? code, level: stringField(v, 'level') ?? '' };
}

/** The `me` document; null without an id. */
export function decodeMe(v: unknown): Me | null {
  if (!isObject(v)) return null;
  const o: JsonObject = v;
  const id = stringField(o, 'id');
  if (id === null) return null;
  return {
    id,
    name: stringField(o, 'name') ?? id,
    kind: stringField(o, 'kind') ?? 'user',
    roles: strings(o.roles),
    jurisdiction: listOf(o.jurisdiction, decodeArea),
    permissions: strings(o.permissions),
    idleTimeoutSeconds: numberField(o, 'idleTimeoutSeconds'),
  };
}

/**
 * The value of cookie `name` in a `document.cookie` string, as the server set it (not URL-decoded:
 * the header must repeat the cookie's value exactly); null when absent or empty.
 */
export function cookieValue(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    return part.slice(eq + 1).trim() || null;
  }
  return null;
}

/** Methods that change something: the server wants the CSRF header on these. */
export function isUnsafe(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/**
 * Headers of a request to the server: JSON both ways, and the CSRF token (the gw_csrf cookie's
 * value) on every unsafe method when the page has one.
 */
export function requestHeaders(method: string, hasBody: boolean, csrf: string | null): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json' };
  if (hasBody) h['Content-Type'] = 'application/json';
  if (csrf !== null && isUnsafe(method)) h[CSRF_HEADER] = csrf;
  return h;
}

/**
 * Where to go after the login: `next` when it is a path of this origin, else `/`. A path is
 * `/…` but not `//…` or `/\…` (both name another host to a browser), holds no control characters
 * (the URL parser drops tabs and newlines, which would turn `/\t/host` into `//host`), and is not
 * the login page itself.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, 'http://gridwatch.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://gridwatch.invalid') return '/';
  if (url.pathname === LOGIN_PATH || url.pathname === `${LOGIN_PATH}.html`) return '/';
  return next;
}

/** The login page, asked to come back to `here` (path and query) afterwards. */
export function loginUrl(here: { pathname: string; search: string }): string {
  return `${LOGIN_PATH}?next=${encodeURIComponent(here.pathname + here.search)}`;
}

/** Where the page is and how it leaves: the browser's location, or a test's. */
export interface PageLocation {
  readonly pathname: string;
  readonly search: string;
  assign(url: string): void;
}

export interface SessionEnv {
  /** the page's cookies, as `document.cookie` reads them */
  cookies(): string;
  location: PageLocation;
}

/** The page's session: the CSRF header of its requests, and the way to the login page. */
export class Session {
  private endedFlag = false;

  constructor(private readonly env: SessionEnv) {}

  csrfToken(): string | null {
    return cookieValue(this.env.cookies(), CSRF_COOKIE);
  }

  headers(method: string, hasBody: boolean): Record<string, string> {
    return requestHeaders(method, hasBody, this.csrfToken());
  }

  /** True once the session has ended and the page is on its way to the login page. */
  get ended(): boolean {
    return this.endedFlag;
  }

  /**
   * The session is over (a 401, or /live's `unauthenticated`): to the login page, coming back here.
   * Once: the other requests in flight answer 401 too.
   */
  end(): void {
    if (this.endedFlag) return;
    this.endedFlag = true;
    this.env.location.assign(loginUrl(this.env.location));
  }

  /** Signed out on purpose: to the login page without `next`. */
  leave(): void {
    this.endedFlag = true;
    this.env.location.assign(LOGIN_PATH);
  }
}

/** The browser's session (document.cookie, window.location), read when used. */
export function browserSession(): Session {
  return new Session({
    cookies: () => document.cookie,
    location: {
      get pathname() {
        return window.location.pathname;
      },
      get search() {
        return window.location.search;
      },
      assign: (url) => window.location.assign(url),
    },
  });
}

/** The session of the page in the browser: the one the page's API (./api.ts, httpApi) uses. */
export const pageSession: Session = browserSession();

/** Who is signed in. Throws on an HTTP error (a 401 has already sent the page to the login page). */
export async function fetchMe(api: Api): Promise<Me> {
  const me = decodeMe(await api.get(ME_PATH));
  if (!me) throw new Error('auth/me: not a user');
  return me;
}

/** Ends the session on the server (204, clearing the cookies), then goes to the login page whatever it answered. */
export async function logout(api: Api, session: Session): Promise<void> {
  try {
    await api.post(LOGOUT_PATH, {});
  } catch (e) {
    console.warn('logout', e);
  }
  session.leave();
}
