// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/common/api';
import { type Me, Session } from '../src/common/auth';
import {
  SESSION_CHECK_MS, featureBounds, jurisdictionBounds, jurisdictionText, rolesText, showUser, signedInUser, watchLiveSession,
} from '../src/common/user';
import type { ConnectionState, LiveError } from '../src/live/client';
import { FakeApi, loadPage, testClock } from './support/fakes';

const me = (extra: Partial<Me> = {}): Me => ({
  id: 'bincheng', name: '滨城调度员', kind: 'user', roles: ['dispatcher'],
  jurisdiction: [{ code: '371602', name: '滨城区', level: 'county' }], permissions: ['read', 'live'], idleTimeoutSeconds: 1800, ...extra,
});

const square = (x: number, y: number, d: number) => ({
  type: 'Feature', id: 'a', properties: { code: 'a' },
  geometry: { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] },
});

describe('the user in the header', () => {
  it.each(['index.html', 'dispatch.html'] as const)('shows name, role and jurisdiction on %s, and 退出 logs out once', (file) => {
    const doc = loadPage(file);
    const el = doc.getElementById('user')!;
    expect(el.hidden).toBe(true);
    const logouts: number[] = [];
    showUser(el, me(), () => logouts.push(1));
    expect(el.hidden).toBe(false);
    expect(['user-name', 'user-role', 'user-area'].map((id) => doc.getElementById(id)?.textContent)).toEqual(['滨城调度员', '调度员', '滨城区']);
    const button = doc.getElementById('logout') as HTMLButtonElement;
    expect(button.textContent).toBe('退出');
    button.click();
    button.click();
    expect(logouts).toEqual([1]);
    expect(button.disabled).toBe(true);
  });

  it('escapes what the server sends', () => {
    const doc = loadPage('index.html');
    showUser(doc.getElementById('user')!, me({ name: '<b>x</b>' }), () => {});
    expect(doc.getElementById('user-name')?.textContent).toBe('<b>x</b>');
    expect(doc.querySelector('#user b')).toBeNull();
  });

  it('labels several roles and counts a long jurisdiction', () => {
    expect(rolesText(me({ roles: ['screen', 'analyst', 'drone_pilot'] }))).toBe('大屏、研判、drone_pilot');
    const grids = ['一', '二', '三', '四', '五'].map((n, k) => ({ code: `37160200100100${k}`, name: `${n}网格`, level: 'grid' }));
    expect(jurisdictionText(me({ jurisdiction: grids.slice(0, 3) }))).toBe('一网格、二网格、三网格');
    expect(jurisdictionText(me({ jurisdiction: grids }))).toBe('一网格、二网格、三网格 等 5 处');
    const doc = loadPage('dispatch.html');
    showUser(doc.getElementById('user')!, me({ jurisdiction: grids }), () => {});
    expect(doc.getElementById('user-area')?.title).toBe('一网格、二网格、三网格、四网格、五网格');
  });
});

describe('the map\'s first view', () => {
  it('is the whole city for a city-wide user, without asking for areas', async () => {
    const api = new FakeApi();
    expect(await jurisdictionBounds(api, me({ jurisdiction: [{ code: '371600', name: '滨州市', level: 'city' }] }))).toBeNull();
    expect(await jurisdictionBounds(api, me({ jurisdiction: [] }))).toBeNull();
    expect(api.calls).toEqual([]);
  });

  it('fits the jurisdiction\'s areas together', async () => {
    const api = new FakeApi()
      .answer('GET', '/api/v1/areas/371602', () => square(117.8, 37.3, 0.3))
      .answer('GET', '/api/v1/areas/371603', () => ({ ...square(0, 0, 1), bbox: [118.0, 37.5, 118.4, 37.9] }));
    const two = me({ jurisdiction: [{ code: '371602', name: '滨城区', level: 'county' }, { code: '371603', name: '沾化区', level: 'county' }] });
    const b = await jurisdictionBounds(api, two);
    expect(b?.map((p) => p.map((x) => Math.round(x * 1000) / 1000))).toEqual([[117.8, 37.3], [118.4, 37.9]]);
  });

  it('leaves out an area the server does not answer for', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const api = new FakeApi().answer('GET', '/api/v1/areas/371602', () => square(117.8, 37.3, 0.3));
    const b = await jurisdictionBounds(api, me({ jurisdiction: [{ code: '371602', name: '滨城区', level: 'county' }, { code: '999', name: '?', level: 'county' }] }));
    expect(b?.[0]).toEqual([117.8, 37.3]);
    expect(await jurisdictionBounds(new FakeApi(), me())).toBeNull();
    vi.restoreAllMocks();
  });

  it('reads a Feature\'s bbox (2-D and 3-D) or else its geometry', () => {
    expect(featureBounds({ type: 'Feature', bbox: [1, 2, 3, 4], geometry: null })).toEqual([[1, 2], [3, 4]]);
    expect(featureBounds({ type: 'Feature', bbox: [1, 2, 0, 3, 4, 9], geometry: null })).toEqual([[1, 2], [3, 4]]);
    expect(featureBounds({ type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [[[[5, 6], [7, 6], [7, 8], [5, 6]]], [[[1, 9], [2, 9], [2, 10], [1, 9]]]] } }))
      .toEqual([[1, 6], [7, 10]]);
    expect(featureBounds({ type: 'Feature', bbox: [1, 'x', 3, 4], geometry: null })).toBeNull();
    expect(featureBounds({ type: 'Feature', geometry: null })).toBeNull();
    expect(featureBounds('nonsense')).toBeNull();
  });
});

/** A live feed whose state and errors the test sets. */
class FakeLive {
  private readonly states = new Set<(s: ConnectionState) => void>();
  private readonly errors = new Set<(e: LiveError) => void>();
  onState(l: (s: ConnectionState) => void) {
    this.states.add(l);
    return () => void this.states.delete(l);
  }
  onError(l: (e: LiveError) => void) {
    this.errors.add(l);
    return () => void this.errors.delete(l);
  }
  set(s: ConnectionState) {
    for (const l of this.states) l(s);
  }
  error(e: LiveError) {
    for (const l of this.errors) l(e);
  }
}

describe('the session as the live feed sees it', () => {
  let went: string[];
  let session: Session;
  let live: FakeLive;

  beforeEach(() => {
    vi.useFakeTimers();
    went = [];
    session = new Session({ cookies: () => '', location: { pathname: '/', search: '', assign: (u) => void went.push(u) } });
    live = new FakeLive();
  });

  afterEach(() => vi.useRealTimers());

  it('goes to the login page on /live\'s unauthenticated, and not on other errors', () => {
    watchLiveSession(live, new FakeApi(), session, testClock);
    live.error({ id: 'u', code: 'unknown_subscription', message: '' });
    expect(went).toEqual([]);
    live.error({ id: null, code: 'unauthenticated', message: 'session revoked' });
    expect(went).toEqual(['/login?next=%2F']);
  });

  it('while the feed is down, asks who is signed in until it is up again', async () => {
    let answer: () => unknown = () => {
      throw new TypeError('Failed to fetch'); // the server is down
    };
    const api = new FakeApi().answer('GET', '/api/v1/auth/me', () => answer());
    const checks = () => api.calls.filter((c) => c.path === '/api/v1/auth/me').length;
    watchLiveSession(live, api, session, testClock);
    live.set('open');
    await vi.advanceTimersByTimeAsync(SESSION_CHECK_MS * 3);
    expect(checks()).toBe(0);
    live.set('reconnecting');
    expect(checks()).toBe(1);
    await vi.advanceTimersByTimeAsync(SESSION_CHECK_MS * 2);
    expect(checks()).toBe(3);
    expect(went).toEqual([]); // a server that is down says nothing about the session
    answer = () => ({ id: 'dispatcher' });
    live.set('open');
    await vi.advanceTimersByTimeAsync(SESSION_CHECK_MS * 3);
    expect(checks()).toBe(3);
  });

  it('stops watching when told', async () => {
    const api = new FakeApi();
    const stop = watchLiveSession(live, api, session, testClock);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    live.set('reconnecting');
    stop();
    await vi.advanceTimersByTimeAsync(SESSION_CHECK_MS * 3);
    live.error({ id: null, code: 'unauthenticated', message: '' });
    expect(api.calls).toHaveLength(1);
    expect(went).toEqual([]);
    vi.restoreAllMocks();
  });

  it('waits for the server to say who is signed in, and gives up once the page is leaving', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    let up = false;
    const api = new FakeApi().answer('GET', '/api/v1/auth/me', () => {
      if (!up) throw new TypeError('Failed to fetch');
      return me();
    });
    const who = signedInUser(api, session, testClock);
    await vi.advanceTimersByTimeAsync(1000 + 2000);
    expect(api.calls).toHaveLength(3);
    up = true;
    await vi.advanceTimersByTimeAsync(4000);
    await expect(who).resolves.toMatchObject({ id: 'bincheng' });

    const gone = new FakeApi().answer('GET', '/api/v1/auth/me', () => {
      session.end(); // as the real API does on a 401
      throw new ApiError(401, 'not signed in');
    });
    let settled = false;
    void signedInUser(gone, session, testClock).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(gone.calls).toHaveLength(1);
    expect(settled).toBe(false);
    vi.restoreAllMocks();
  });
});
