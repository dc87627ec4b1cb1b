// What the browser tests (run.mjs) and the soak run (soak.mjs) share: Debian's Chromium with the
// flags that give software WebGL, and a GridWatch demo started from the packed jar.

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

/**
 * Starts `java -jar <jar> demo [demoArgs]` on 127.0.0.1:`port` (0: a free one) with the GeoPackage
 * store `storePath`, and resolves when it answers /ready: `{ base, server, log, stop }`.
 */
export async function startDemo({ jar, cwd, storePath, port = 0, demoArgs = [], heap = '1g' }) {
  const server = spawn('java', [`-Xmx${heap}`, '-jar', jar, 'demo', ...demoArgs], {
    cwd,
    env: { ...process.env, GRIDWATCH_HTTP_PORT: String(port), GRIDWATCH_HTTP_HOST: '127.0.0.1', GRIDWATCH_STORE_PATH: storePath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const base = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start in 120 s:\n${log.slice(-3000)}`)), 120_000);
    const onData = (d) => {
      log += d;
      if (log.length > 200_000) log = log.slice(-100_000);
      const m = /HTTP server listening on (http:\/\/[\d.]+:\d+)\//.exec(log);
      if (m) {
        clearTimeout(timer);
        res(m[1]);
      }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
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
  const exited = new Promise((res) => server.on('exit', res));
  return {
    base,
    server,
    log: () => log,
    /** Stops the server (SIGTERM, or `signal`) and resolves when it has exited. */
    stop: (signal = 'SIGTERM') => {
      if (server.exitCode === null && server.signalCode === null) server.kill(signal);
      return exited;
    },
  };
}
