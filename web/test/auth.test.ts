import { describe, expect, it, vi } from 'vitest';
import { ApiError, createHttpApi, errorText } from '../src/common/api';
import {
  CSRF_HEADER, ROLE_LABELS, Session, cookieValue, decodeMe, fetchMe, isUnsafe, loginUrl, logout, requestHeaders, roleLabel, safeNext,
} from '../src/common/auth';

const ME = {
  id: 'bincheng', name: '滨城调度员', kind: 'user', roles: ['dispatcher'],
  jurisdiction: [{ code: '371602', name: '滨城区', level: 'county' }],
  permissions: ['read', 'live', 'dispatch'], idleTimeoutSeconds: 1800,
};

/** A page at `path` with `cookies`; records where it was sent. */
function page(pathname: string, search = '', cookies = '') {
  const went: string[] = [];
  const session = new Session({ cookies: () => cookies, location: { pathname, search, assign: (url) => void went.push(url) } });
  return { session, went };
}

interface Sent {
  url: string;
  init: RequestInit;
}

/** A fetch that answers `status` with `body` (JSON unless a string) and records each request. */
function server(answer: (req: Sent) => { status: number; body?: unknown; headers?: Record<string, string> }) {
  const sent: Sent[] = [];
  const fetchFn = async (url: string, init: RequestInit) => {
    const req = { url, init };
    sent.push(req);
    const { status, body, headers } = answer(req);
    const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json', ...headers } });
  };
  return { sent, fetchFn };
}

const header = (req: Sent, name: string) => new Headers(req.init.headers).get(name);

describe('the CSRF header', () => {
  it('reads the gw_csrf cookie among others', () => {
    expect(cookieValue('theme=dark; gw_csrf=abc123; lang=zh', 'gw_csrf')).toBe('abc123');
    expect(cookieValue('gw_csrf=a%2Bb/c=', 'gw_csrf')).toBe('a%2Bb/c='); // exactly as set
    expect(cookieValue('my_gw_csrf=x; gw_csrfx=y', 'gw_csrf')).toBeNull();
    expect(cookieValue('gw_csrf=', 'gw_csrf')).toBeNull();
    expect(cookieValue('', 'gw_csrf')).toBeNull();
  });

  it('goes on unsafe methods only, and JSON content type only with a body', () => {
    expect(['GET', 'head', 'OPTIONS'].map(isUnsafe)).toEqual([false, false, false]);
    expect(['POST', 'patch', 'PUT', 'DELETE'].map(isUnsafe)).toEqual([true, true, true, true]);
    expect(requestHeaders('GET', false, 'tok')).toEqual({ Accept: 'application/json' });
    expect(requestHeaders('POST', true, 'tok')).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json', [CSRF_HEADER]: 'tok' });
    expect(requestHeaders('DELETE', false, 'tok')).toEqual({ Accept: 'application/json', [CSRF_HEADER]: 'tok' });
    expect(requestHeaders('POST', true, null)).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json' });
  });

  it('is attached by the API to its POSTs, with the page\'s cookies, and not to its GETs', async () => {
    const { session } = page('/dispatch', '', 'gw_csrf=tok-1');
    const { sent, fetchFn } = server(() => ({ status: 200, body: { ok: true } }));
    const api = createHttpApi(session, fetchFn);
    await api.get('/api/v1/incidents', { hours: 72, category: '' });
    await api.post('/api/v1/incidents/1/transitions', { to: 'accepted' });
    expect(sent.map((r) => [r.init.method, r.url, header(r, CSRF_HEADER), r.init.credentials])).toEqual([
      ['GET', '/api/v1/incidents?hours=72', null, 'same-origin'],
      ['POST', '/api/v1/incidents/1/transitions', 'tok-1', 'same-origin'],
    ]);
    expect(header(sent[1], 'Content-Type')).toBe('application/json');
    expect(sent[1].init.body).toBe('{"to":"accepted"}');
  });

  it('follows the cookie when a new login replaced it', async () => {
    let cookies = 'gw_csrf=old';
    const session = new Session({ cookies: () => cookies, location: { pathname: '/', search: '', assign: () => {} } });
    const { sent, fetchFn } = server(() => ({ status: 200, body: {} }));
    const api = createHttpApi(session, fetchFn);
    await api.post('/a', {});
    cookies = 'gw_csrf=new';
    await api.post('/a', {});
    expect(sent.map((r) => header(r, CSRF_HEADER))).toEqual(['old', 'new']);
  });
});

describe('the end of the session', () => {
  it('goes to the login page on a 401, coming back to the page and its query, once for all requests in flight', async () => {
    const { session, went } = page('/dispatch', '?incident=7', 'gw_csrf=t');
    const { fetchFn } = server(() => ({ status: 401, body: { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'session expired' } }));
    const api = createHttpApi(session, fetchFn);
    const results = await Promise.allSettled([api.get('/api/v1/incidents'), api.post('/api/v1/alerts/1/ack', {})]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const err = (results[0] as PromiseRejectedResult).reason;
    expect(err).toBeInstanceOf(ApiError);
    expect([err.status, err.message]).toEqual([401, 'session expired']);
    expect(went).toEqual(['/login?next=%2Fdispatch%3Fincident%3D7']);
    expect(session.ended).toBe(true);
  });

  it('does not leave on a 403, and shows it as 无权限 with the server\'s reason', async () => {
    const { session, went } = page('/dispatch');
    const { fetchFn } = server(() => ({ status: 403, body: { title: 'Forbidden', status: 403, detail: '缺少权限 dispatch' } }));
    const api = createHttpApi(session, fetchFn);
    const err = await api.post('/api/v1/incidents/1/dispatch', { unit: 'U1' }).catch((e: unknown) => e);
    expect(went).toEqual([]);
    expect(session.ended).toBe(false);
    expect(errorText(err, '操作失败')).toBe('无权限：缺少权限 dispatch');
    expect(errorText(new ApiError(409, '已派遣'), '操作失败')).toBe('操作失败：已派遣');
  });

  it('tells a non-JSON error by its status, and a 401 without a body still ends the session', async () => {
    const { session, went } = page('/');
    const { fetchFn } = server(() => ({ status: 401, body: '<html>login</html>' }));
    const err = await createHttpApi(session, fetchFn).get('/api/v1/auth/me').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe('HTTP 401');
    expect(went).toEqual(['/login?next=%2F']);
  });

  it('logs out on the server with the CSRF header, then goes to the login page without next', async () => {
    const { session, went } = page('/dispatch', '', 'gw_csrf=t9');
    const { sent, fetchFn } = server(() => ({ status: 204 }));
    await logout(createHttpApi(session, fetchFn), session);
    expect(sent.map((r) => [r.init.method, r.url, header(r, CSRF_HEADER)])).toEqual([['POST', '/api/v1/auth/logout', 't9']]);
    expect(went).toEqual(['/login']);
  });

  it('goes to the login page even when the logout fails', async () => {
    const { session, went } = page('/');
    const { fetchFn } = server(() => ({ status: 500, body: { detail: 'boom' } }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await logout(createHttpApi(session, fetchFn), session);
    expect(went).toEqual(['/login']);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});

describe('next', () => {
  it('keeps a path of this origin, with its query', () => {
    expect(safeNext('/')).toBe('/');
    expect(safeNext('/dispatch')).toBe('/dispatch');
    expect(safeNext('/dispatch?incident=7#x')).toBe('/dispatch?incident=7#x');
  });

  it('takes anything else for /', () => {
    for (const bad of [null, undefined, '', 'dispatch', 'https://evil.example/', '//evil.example/x', '/\\evil.example',
      '/\t/evil.example', '/\n/evil.example', 'javascript:alert(1)', ' /dispatch', '/login', '/login?next=/', '/login.html']) {
      expect(safeNext(bad), String(bad)).toBe('/');
    }
  });

  it('is what the login URL carries', () => {
    const url = loginUrl({ pathname: '/dispatch', search: '?a=1&b=2' });
    expect(url).toBe('/login?next=%2Fdispatch%3Fa%3D1%26b%3D2');
    expect(safeNext(new URL(url, 'http://h').searchParams.get('next'))).toBe('/dispatch?a=1&b=2');
  });
});

describe('me', () => {
  it('decodes the server\'s document', async () => {
    const { session } = page('/');
    const { fetchFn } = server(() => ({ status: 200, body: ME }));
    expect(await fetchMe(createHttpApi(session, fetchFn))).toEqual(ME);
  });

  it('is lenient with missing parts but needs an id', () => {
    expect(decodeMe({ id: 'x', jurisdiction: [{ code: '371602' }, 'bad', { name: 'no code' }] })).toEqual({
      id: 'x', name: 'x', kind: 'user', roles: [], jurisdiction: [{ code: '371602', name: '371602', level: '' }],
      permissions: [], idleTimeoutSeconds: null,
    });
    expect(decodeMe({ name: '无名' })).toBeNull();
    expect(decodeMe(null)).toBeNull();
  });

  it('labels every role of the server in Chinese, and an unknown one as its id', () => {
    expect(ROLE_LABELS).toEqual({
      screen: '大屏', dispatcher: '调度员', supervisor: '值班领导', analyst: '研判', grid_worker: '网格员', gateway: '定位接入',
      sysadmin: '系统管理员', secadmin: '安全管理员', auditor: '审计员',
    });
    expect(roleLabel('grid_worker')).toBe('网格员');
    expect(roleLabel('drone_pilot')).toBe('drone_pilot');
    expect(roleLabel('toString')).toBe('toString');
  });
});
