// What the browser tests (run.mjs) and the soak run (soak.mjs) share: Debian's Chromium with the
// flags that give software WebGL, a GridWatch demo started from the packed jar with the accounts it
// prints, and the two ways in: the login page in a browser, a cookie session for Node's fetch.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// WebGL in software (SwiftShader through ANGLE) in the GPU process. Not --disable-gpu: with it,
// GL runs on the page's main thread, which then spends ~75 % of its time drawing the map and
// answers the test driver in seconds instead of milliseconds.
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Exits unless Chromium and the jar are there. Without Chromium the run is skipped with a message,
 * except under CI=true, where it fails: CI installs Chromium with apt.
 */
export function requireChromiumAndJar(tag, jar) {
  if (!existsSync(chromiumPath)) {
    const msg = `${tag}: no Chromium at ${chromiumPath} (apt-get install chromium)`;
    if (process.env.CI === 'true') {
      console.error(`${msg}; CI=true, failing`);
      process.exit(1);
    }
    console.warn(`${msg}; browser tests SKIPPED`);
    process.exit(0);
  }
  if (!existsSync(jar)) {
    console.error(`${tag}: no jar at ${jar}`);
    process.exit(1);
  }
}

export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_FLAGS, headless: true });
}

/** A line the demo prints for each of its accounts: `demo account: <login> / <password>  (角色, 辖区)`. */
export const DEMO_ACCOUNT = /^demo account: (\S+) \/ (\S+)/gm;

/** The demo's accounts in `log`, login → password. */
export function demoAccounts(log) {
  const accounts = {};
  for (const m of log.matchAll(DEMO_ACCOUNT)) accounts[m[1]] = m[2];
  return accounts;
}

/**
 * Starts `java -jar <jar> demo [demoArgs]` on 127.0.0.1:`port` (0: a free one) with the GeoPackage
 * store `storePath`, and resolves when it answers /ready: `{ base, server, accounts, jt808Port, log, stop }`,
 * where `accounts` maps each login the demo printed to its password.
 */
export async function startDemo({ jar, cwd, storePath, port = 0, demoArgs = [], heap = '1g' }) {
  const server = spawn('java', [`-Xmx${heap}`, '-jar', jar, 'demo', ...demoArgs], {
    cwd,
    env: { ...process.env, GRIDWATCH_HTTP_PORT: String(port), GRIDWATCH_DEVICES_JT808_PORT: '0', GRIDWATCH_HTTP_HOST: '127.0.0.1', GRIDWATCH_STORE_PATH: storePath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const accounts = {};
  let jt808Port = -1;
  const base = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start in 120 s:\n${log.slice(-3000)}`)), 120_000);
    const partial = { stdout: '', stderr: '' }; // each stream's last line so far
    const onData = (stream) => (d) => {
      log += d;
      // The accounts line by line as they come: the log is cut when long, and they come only once.
      const lines = (partial[stream] + d).split('\n');
      partial[stream] = lines.pop();
      for (const line of lines) {
        Object.assign(accounts, demoAccounts(line));
        const jt = /JT\/T 808 gateway listening on [^:\s]+:(\d+)/.exec(line);
        if (jt) jt808Port = Number(jt[1]);
      }
      if (log.length > 200_000) log = log.slice(-100_000);
      const m = /HTTP server listening on (http:\/\/[\d.]+:\d+)\//.exec(log);
      if (m) {
        clearTimeout(timer);
        res(m[1]);
      }
    };
    server.stdout.setEncoding('utf8');
    server.stderr.setEncoding('utf8');
    server.stdout.on('data', onData('stdout'));
    server.stderr.on('data', onData('stderr'));
    server.on('exit', (code) => rej(new Error(`server exited with ${code}:\n${log.slice(-3000)}`)));
  });
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${base}/ready`);
      if (r.ok) break;
    } catch { /* not yet */ }
    if (i > 240) throw new Error('server not ready in 120 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  // The accounts are printed at start-up; give stdout a moment if they come after readiness.
  for (let i = 0; !accounts.dispatcher && i < 20; i++) await new Promise((r) => setTimeout(r, 250));
  const exited = new Promise((res) => server.on('exit', res));
  return {
    base,
    server,
    accounts,
    /** The JT/T 808 gateway's port (from the server's log), or -1 until it was logged. */
    jt808Port: () => jt808Port,
    log: () => log,
    /** Stops the server (SIGTERM, or `signal`) and resolves when it has exited. */
    stop: (signal = 'SIGTERM') => {
      if (server.exitCode === null && server.signalCode === null) server.kill(signal);
      return exited;
    },
  };
}

/**
 * Logs in as `username` for Node's fetch (a cookie session, as the pages have) and answers a
 * `request(method, path, body)` that sends the session's cookies, and on unsafe methods the CSRF
 * header (the gw_csrf cookie's value) and the server's own Origin, as a page of the server would.
 * It resolves with the parsed JSON answer (null for none) and rejects with the status and body.
 */
export async function apiSession(base, username, password) {
  if (password === undefined) throw new Error(`no demo account ${username} (the demo printed no "demo account: ${username} / …" line)`);
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password, session: 'cookie' }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`login as ${username}: ${res.status} ${text}`);
  const jar = {};
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0];
    const eq = pair.indexOf('=');
    if (eq > 0) jar[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  if (!jar.gw_session) throw new Error(`login as ${username}: no gw_session cookie in ${JSON.stringify(res.headers.getSetCookie())}`);
  const csrf = jar.gw_csrf ?? JSON.parse(text).csrfToken;
  const cookie = Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
  return async function request(method, path, body) {
    const headers = { Accept: 'application/json', Cookie: cookie };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) {
      headers['X-CSRF-Token'] = csrf;
      headers.Origin = base;
    }
    const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const t = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} as ${username}: ${r.status} ${t}`);
    return t ? JSON.parse(t) : null;
  };
}

/** Whether `page` shows the login page (where the server or the page sends a visitor without a session). */
export function onLoginPage(page) {
  const { pathname } = new URL(page.url());
  return pathname === '/login' || pathname === '/login.html';
}

/**
 * Logs in through the login page that `page` shows, as a person would, and resolves once the page
 * has gone on to `next` (its path).
 */
export async function loginThroughPage(page, username, password, next, timeout = 30_000) {
  if (password === undefined) throw new Error(`no demo account ${username}`);
  await page.waitForSelector('#login-form', { timeout });
  await page.fill('#login-user', username);
  await page.fill('#login-pass', password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === next, { timeout }),
    page.click('#login-submit'),
  ]);
}
