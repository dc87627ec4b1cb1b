// The login page (login.html, served at /login): user name and password to POST
// /api/v1/auth/login, which answers with the session cookies (gw_session, gw_csrf); then back to
// the page that sent the user here (`next`, only a path of this origin: ../common/auth.ts,
// safeNext). A refusal is shown with the server's reason (RFC 9457 detail); too many attempts
// (429) with the wait the server asks for (Retry-After), during which the button stays off.

import { CSRF_COOKIE, cookieValue, requestHeaders, safeNext } from '../common/auth';
import type { FetchLike } from '../common/api';
import type { Clock } from '../common/clock';
import { element } from '../common/ui';
import { isObject, stringField } from '../domain/json';

export const LOGIN_API = '/api/v1/auth/login';

/** A Retry-After value (delta-seconds, or an HTTP date) as whole seconds from `now`, at least 1; null when unreadable. */
export function retryAfterSeconds(value: string | null, now: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.max(1, Number(v));
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - now) / 1000));
}

/** What the page says about a refused login: the wait for a 429, else the server's reason. */
export function failureText(status: number, detail: string | null, retryAfter: number | null): string {
  if (status === 429) return retryAfter !== null ? `尝试过于频繁，请 ${retryAfter} 秒后再试` : '尝试过于频繁，请稍后再试';
  return `登录失败：${detail ?? (status === 401 ? '用户名或密码错误' : `服务器返回 ${status}`)}`;
}

export type LoginResult = { ok: true } | { ok: false; message: string; retryAfter: number | null };

/**
 * Asks for a cookie session. The CSRF header goes along when the page still has a gw_csrf cookie
 * of an earlier session: the server may hold the request to the old session's token.
 */
export async function login(fetchFn: FetchLike, csrf: string | null, username: string, password: string, now: number): Promise<LoginResult> {
  let res: Response;
  try {
    res = await fetchFn(LOGIN_API, {
      method: 'POST',
      credentials: 'same-origin',
      headers: requestHeaders('POST', true, csrf),
      body: JSON.stringify({ username, password, session: 'cookie' }),
    });
  } catch {
    return { ok: false, message: '登录失败：无法连接服务器', retryAfter: null };
  }
  if (res.ok) return { ok: true };
  let detail: string | null = null;
  try {
    const problem: unknown = JSON.parse(await res.text());
    if (isObject(problem)) detail = stringField(problem, 'detail') ?? stringField(problem, 'title');
  } catch {
    // not a problem document: the status says it
  }
  const retryAfter = res.status === 429 ? retryAfterSeconds(res.headers.get('Retry-After'), now) : null;
  return { ok: false, message: failureText(res.status, detail, retryAfter), retryAfter };
}

export interface LoginFormDeps {
  doc: Document;
  fetch: FetchLike;
  /** the page's cookies, as `document.cookie` reads them */
  cookies: () => string;
  /** where the page is (its query holds `next`) and how it leaves */
  location: { readonly search: string; replace(url: string): void };
  clock: Clock;
}

export class LoginForm {
  private readonly form: HTMLFormElement;
  private readonly user: HTMLInputElement;
  private readonly pass: HTMLInputElement;
  private readonly submitButton: HTMLButtonElement;
  private readonly error: HTMLElement;
  private busy = false;

  constructor(private readonly deps: LoginFormDeps) {
    const { doc } = deps;
    this.form = element(doc, 'login-form', HTMLFormElement);
    this.user = element(doc, 'login-user', HTMLInputElement);
    this.pass = element(doc, 'login-pass', HTMLInputElement);
    this.submitButton = element(doc, 'login-submit', HTMLButtonElement);
    this.error = element(doc, 'login-error');
  }

  /** Where a successful login goes. */
  get next(): string {
    return safeNext(new URLSearchParams(this.deps.location.search).get('next'));
  }

  mount(): void {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit();
    });
  }

  async submit(): Promise<void> {
    if (this.busy) return;
    const username = this.user.value.trim();
    const password = this.pass.value;
    if (!username || !password) {
      this.showError('请输入用户名和密码');
      (username ? this.pass : this.user).focus();
      return;
    }
    this.busy = true;
    this.submitButton.disabled = true;
    this.submitButton.textContent = '登录中…';
    this.hideError();
    const { fetch, cookies, clock, location } = this.deps;
    const result = await login(fetch, cookieValue(cookies(), CSRF_COOKIE), username, password, clock.now());
    if (result.ok) {
      location.replace(this.next);
      return;
    }
    this.showError(result.message);
    this.pass.value = '';
    this.pass.focus();
    this.submitButton.textContent = '登录';
    const release = () => {
      this.busy = false;
      this.submitButton.disabled = false;
    };
    if (result.retryAfter !== null) clock.after(result.retryAfter * 1000, release);
    else release();
  }

  private showError(text: string): void {
    this.error.textContent = text;
    this.error.hidden = false;
  }

  private hideError(): void {
    this.error.textContent = '';
    this.error.hidden = true;
  }
}
