// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOGIN_API, LoginForm, failureText, retryAfterSeconds } from '../src/login/login';
import { loadPage, testClock } from './support/fakes';

const NOW = Date.parse('2026-12-01T08:00:00Z');

interface Sent {
  url: string;
  init: RequestInit;
}

describe('the login page', () => {
  let doc: Document;
  let sent: Sent[];
  let went: string[];
  let answer: () => Response | Promise<Response>;
  let cookies: string;
  const form = (search = '') => {
    const f = new LoginForm({
      doc, cookies: () => cookies, clock: testClock,
      fetch: async (url, init) => {
        sent.push({ url, init });
        return answer();
      },
      location: { search, replace: (url) => void went.push(url) },
    });
    f.mount();
    return f;
  };
  const fill = (user: string, pass: string) => {
    (doc.getElementById('login-user') as HTMLInputElement).value = user;
    (doc.getElementById('login-pass') as HTMLInputElement).value = pass;
  };
  const submit = async () => {
    doc.getElementById('login-submit')?.click();
    await vi.advanceTimersByTimeAsync(0);
  };
  const error = () => doc.getElementById('login-error')!;
  const button = () => doc.getElementById('login-submit') as HTMLButtonElement;
  const problem = (status: number, detail: string, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status, detail }),
      { status, headers: { 'Content-Type': 'application/problem+json', ...headers } });

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    doc = loadPage('login.html');
    sent = [];
    went = [];
    cookies = '';
    answer = () => new Response(JSON.stringify({ expiresIn: 1800, csrfToken: 't', user: { id: 'dispatcher' } }), { status: 200 });
  });

  afterEach(() => vi.useRealTimers());

  it('is in Chinese: 用户名, 密码, 登录', () => {
    expect([...doc.querySelectorAll('label')].map((l) => l.textContent)).toEqual(['用户名', '密码']);
    expect(button().textContent).toBe('登录');
    expect((doc.getElementById('login-pass') as HTMLInputElement).type).toBe('password');
    expect(error().hidden).toBe(true);
  });

  it('asks for a cookie session with the name and password as JSON, then goes to next', async () => {
    form('?next=%2Fdispatch%3Fincident%3D7');
    fill(' dispatcher ', 'Ab3dEf');
    await submit();
    expect(sent.map((r) => [r.url, r.init.method, r.init.credentials, new Headers(r.init.headers).get('Content-Type'), r.init.body])).toEqual([
      [LOGIN_API, 'POST', 'same-origin', 'application/json', '{"username":"dispatcher","password":"Ab3dEf","session":"cookie"}'],
    ]);
    expect(new Headers(sent[0].init.headers).get('X-CSRF-Token')).toBeNull();
    expect(went).toEqual(['/dispatch?incident=7']);
  });

  it('goes to / without next, or when next is another site', async () => {
    form('?next=https%3A%2F%2Fevil.example%2F');
    fill('dispatcher', 'x');
    await submit();
    expect(went).toEqual(['/']);
  });

  it('repeats an earlier session\'s CSRF token', async () => {
    cookies = 'gw_csrf=stale';
    form();
    fill('dispatcher', 'x');
    await submit();
    expect(new Headers(sent[0].init.headers).get('X-CSRF-Token')).toBe('stale');
  });

  it('shows a wrong password with the server\'s reason, stays, and lets the user try again', async () => {
    answer = () => problem(401, '用户名或密码错误');
    form('?next=/dispatch');
    fill('dispatcher', 'wrong');
    await submit();
    expect(went).toEqual([]);
    expect(error().hidden).toBe(false);
    expect(error().textContent).toBe('登录失败：用户名或密码错误');
    expect((doc.getElementById('login-pass') as HTMLInputElement).value).toBe('');
    expect((doc.getElementById('login-user') as HTMLInputElement).value).toBe('dispatcher');
    expect(button().disabled).toBe(false);
    answer = () => new Response('{}', { status: 200 });
    fill('dispatcher', 'right');
    await submit();
    expect(went).toEqual(['/dispatch']);
  });

  it('shows a locked account with the server\'s reason', async () => {
    answer = () => problem(401, '账号已锁定，请 15 分钟后再试或联系系统管理员');
    form();
    fill('dispatcher', 'x');
    await submit();
    expect(error().textContent).toBe('登录失败：账号已锁定，请 15 分钟后再试或联系系统管理员');
  });

  it('on too many attempts says how long to wait and keeps the button off that long', async () => {
    answer = () => problem(429, 'too many attempts', { 'Retry-After': '30' });
    form();
    fill('dispatcher', 'x');
    await submit();
    expect(error().textContent).toBe('尝试过于频繁，请 30 秒后再试');
    expect(button().disabled).toBe(true);
    await submit();
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(button().disabled).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(button().disabled).toBe(false);
  });

  it('asks for both fields before asking the server, and says when the server cannot be reached', async () => {
    form();
    fill('dispatcher', '');
    await submit();
    expect(sent).toEqual([]);
    expect(error().textContent).toBe('请输入用户名和密码');
    answer = () => {
      throw new TypeError('Failed to fetch');
    };
    fill('dispatcher', 'x');
    await submit();
    expect(error().textContent).toBe('登录失败：无法连接服务器');
  });
});

describe('login failure text', () => {
  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterSeconds('120', NOW)).toBe(120);
    expect(retryAfterSeconds('0', NOW)).toBe(1);
    expect(retryAfterSeconds(new Date(NOW + 45_500).toUTCString(), NOW)).toBe(45);
    expect(retryAfterSeconds('soon', NOW)).toBeNull();
    expect(retryAfterSeconds(null, NOW)).toBeNull();
  });

  it('names the status when the server gave no reason', () => {
    expect(failureText(429, null, null)).toBe('尝试过于频繁，请稍后再试');
    expect(failureText(401, null, null)).toBe('登录失败：用户名或密码错误');
    expect(failureText(503, null, null)).toBe('登录失败：服务器返回 503');
    expect(failureText(400, 'username: required', null)).toBe('登录失败：username: required');
  });
});
