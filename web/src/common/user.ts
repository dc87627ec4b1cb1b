// The signed-in user on a page: who it is in the header (name, role, jurisdiction) with the 退出
// button, the end of the session as the live feed sees it, and the map's first view, which is the
// user's jurisdiction rather than the whole city: the server answers only for that jurisdiction.

import { isObject } from '../domain/json';
import type { LonLat } from '../domain/records';
import { type ConnectionState, type LiveError, UNAUTHENTICATED } from '../live/client';
import type { Api } from './api';
import { type Me, type Session, fetchMe, logout, roleLabel } from './auth';
import type { Clock } from './clock';
import { escapeHtml } from './format';
import { boundsOf } from './geo';
import type { Geometry } from './geojson';

/** Jurisdiction areas named in the header; more are counted. */
const SHOWN_AREAS = 3;
/** While the live feed is down, the session is checked this often (a refused upgrade says nothing). */
export const SESSION_CHECK_MS = 30_000;

/** The roles in Chinese, 、-separated. */
export function rolesText(me: Me): string {
  return me.roles.map(roleLabel).join('、');
}

/** The jurisdiction's names, 、-separated; beyond three, the first three and a count. */
export function jurisdictionText(me: Me): string {
  const names = me.jurisdiction.map((a) => a.name);
  if (names.length <= SHOWN_AREAS) return names.join('、');
  return `${names.slice(0, SHOWN_AREAS).join('、')} 等 ${names.length} 处`;
}

/** Fills the header's user badge (#user) and binds its 退出 button to `onLogout`. */
export function showUser(el: HTMLElement, me: Me, onLogout: () => void): void {
  const areas = me.jurisdiction.map((a) => a.name).join('、');
  el.innerHTML = `<span class="user-name" id="user-name">${escapeHtml(me.name)}</span>`
    + `<span class="user-role" id="user-role">${escapeHtml(rolesText(me))}</span>`
    + `<span class="user-area" id="user-area" title="${escapeHtml(areas)}">${escapeHtml(jurisdictionText(me))}</span>`
    + '<button type="button" class="user-logout" id="logout">退出</button>';
  el.dataset.user = me.id;
  el.hidden = false;
  const button = el.querySelector<HTMLButtonElement>('#logout');
  if (button) {
    button.onclick = () => {
      button.disabled = true;
      onLogout();
    };
  }
}

/**
 * Who is signed in, asking until the server answers (as the vocabulary does: a page opened while
 * the server restarts waits for it). A 401 has sent the page to the login page: then it never resolves.
 */
export async function signedInUser(api: Api, session: Session, clock: Clock): Promise<Me> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchMe(api);
    } catch (e) {
      if (session.ended) return new Promise<Me>(() => {});
      console.warn('auth/me: not answered, retrying', e);
      await new Promise<void>((resolve) => clock.after(Math.min(15_000, 1000 * 2 ** attempt), resolve));
    }
  }
}

/** The header badge with a logout through `api`. */
export function showSignedIn(el: HTMLElement, me: Me, api: Api, session: Session): void {
  showUser(el, me, () => void logout(api, session));
}

/** The part of the live client the session watch needs. */
export interface LiveSessionFeed {
  onState(listener: (s: ConnectionState) => void): () => void;
  onError(listener: (e: LiveError) => void): () => void;
}

/**
 * Ends the page's session when /live says so (`unauthenticated`; the client has stopped). While
 * the feed is down, asks the server who is signed in, at once and then every SESSION_CHECK_MS: an
 * upgrade refused for want of a session looks like any other dropped connection, and the 401 of
 * that question sends the page to the login page (./api.ts). A server that is down does not.
 */
export function watchLiveSession(live: LiveSessionFeed, api: Api, session: Session, clock: Clock): () => void {
  let cancel: (() => void) | null = null;
  const check = () => void fetchMe(api).catch(() => {});
  const offError = live.onError((e) => {
    if (e.code === UNAUTHENTICATED) session.end();
  });
  const offState = live.onState((s) => {
    const down = s === 'reconnecting';
    if (down && !cancel) {
      check();
      cancel = clock.every(SESSION_CHECK_MS, check);
    } else if (!down && cancel) {
      cancel();
      cancel = null;
    }
  });
  return () => {
    offError();
    offState();
    cancel?.();
  };
}

/** Every position of a geometry. */
function positions(g: Geometry): LonLat[] {
  const out: LonLat[] = [];
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (c.length >= 2 && typeof c[0] === 'number' && typeof c[1] === 'number') out.push([c[0], c[1]]);
    else for (const x of c) walk(x);
  };
  walk(g.coordinates);
  return out;
}

/**
 * The bounds of an area Feature (GET /api/v1/areas/{code}): its `bbox` member when it has one,
 * else its geometry's extent; null for neither.
 */
export function featureBounds(v: unknown): [LonLat, LonLat] | null {
  if (!isObject(v)) return null;
  const b = v.bbox;
  if (Array.isArray(b) && (b.length === 4 || b.length === 6) && b.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    const n = b.length / 2; // a 3-D bbox is min x, y, z, max x, y, z
    return [[b[0] as number, b[1] as number], [b[n] as number, b[n + 1] as number]];
  }
  const g = v.geometry;
  if (!isObject(g) || typeof g.type !== 'string' || !Array.isArray(g.coordinates)) return null;
  const pts = positions(g as unknown as Geometry);
  return pts.length ? boundsOf(pts) : null;
}

/**
 * The map's first view for the user: null (the whole city) for a city-wide jurisdiction or none,
 * else the bounds of the jurisdiction's areas together. An area the server does not answer for is
 * left out; none answered is null.
 */
export async function jurisdictionBounds(api: Api, me: Me): Promise<[LonLat, LonLat] | null> {
  if (me.jurisdiction.length === 0 || me.jurisdiction.some((a) => a.level === 'city')) return null;
  const all = await Promise.all(me.jurisdiction.map(async (a) => {
    try {
      return featureBounds(await api.get(`/api/v1/areas/${encodeURIComponent(a.code)}`));
    } catch (e) {
      console.warn(`area ${a.code}`, e);
      return null;
    }
  }));
  const corners = all.flatMap((b) => (b ? [b[0], b[1]] : []));
  return corners.length ? boundsOf(corners) : null;
}
