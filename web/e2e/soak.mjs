// Soak run of the big screen (issue 4: "runs for days unattended: reconnects and resumes by itself,
// memory does not grow, no reload needed"). Not part of `mvn verify`: it takes as long as asked.
//
//   node e2e/soak.mjs [<gridwatch.jar>] [--minutes 40] [--speed 10] [--restart-every 10] [--sample 2]
//
// Starts the demo (simulation clock --speed times real time) on a free port, opens the big screen
// at 1920×1080, signs in there through the login page as the demo's `screen` account, and leaves
// it alone. Every --sample minutes it records, after a forced garbage
// collection, the page's JS heap, DOM nodes and event listeners, the live state's sizes and the
// frames drawn. Every --restart-every minutes it kills the server (SIGKILL) and starts it again on
// the same port and store: the page must reconnect by itself within 60 s, without a reload and
// without being sent to the login page (the session must outlive the restart).
// Prints the samples and a summary (heap growth over the second half, by least squares) and
// writes them to target/soak-result.json. Exits 1 when the page reloaded, did not reconnect, or
// its heap grew by more than --max-growth MB per hour (default 10) over the second half.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, loginThroughPage, onLoginPage, requireChromiumAndJar, startDemo } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const projectDir = resolve(here, '..', '..');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const jar = resolve(argv.find((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')))
  ?? join(projectDir, 'target', 'gridwatch.jar'));
const minutes = opt('minutes', 40);
const speed = opt('speed', 10);
const restartEvery = opt('restart-every', 10);
const sampleEvery = opt('sample', 2);
const maxGrowth = opt('max-growth', 10);
requireChromiumAndJar('soak', jar);

const freePort = () => new Promise((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => res(port));
  });
});

const storeDir = mkdtempSync(join(tmpdir(), 'gridwatch-soak-'));
const port = await freePort();
const start = () => startDemo({ jar, cwd: storeDir, port, storePath: join(storeDir, 'gridwatch.gpkg'),
  demoArgs: ['--speed', String(speed)] });
let demo = await start();
process.on('exit', () => {
  demo.stop('SIGKILL');
  rmSync(storeDir, { recursive: true, force: true });
});
console.log(`soak: GridWatch demo at ${demo.base} (×${speed}), ${minutes} min, restart every ${restartEvery} min`);

const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
let loads = 0;
page.on('load', () => loads++);
await page.goto(demo.base + '/');
if (!onLoginPage(page)) {
  console.error(`soak: / without a session opened ${page.url()}, not the login page`);
  process.exit(1);
}
await loginThroughPage(page, 'screen', demo.accounts.screen, '/', 120_000);
loads = 1; // the login page's load is not the big screen's: from here on it must not load again
await page.waitForFunction(() => window.__gw?.ready === true, null, { timeout: 120_000, polling: 500 });
await page.evaluate(() => {
  window.__soak = { frames: 0 };
  window.__gw.map.on('render', () => window.__soak.frames++);
});
const cdp = await context.newCDPSession(page);
await cdp.send('Performance.enable');

const t0 = Date.now();
const samples = [];
let framesBefore = 0;
async function sample(note = '') {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const live = await page.evaluate(() => {
    const g = window.__gw;
    if (!g) return { alive: false, conn: 'none', frames: 0, atLogin: location.pathname.startsWith('/login') };
    return {
      alive: window.__soak !== undefined, conn: g.client.state, frames: window.__soak?.frames ?? 0,
      units: g.units.items.size, heat: g.heat.items.size, posts: g.posts.items.size,
      incidents: g.incidents.list().length, alerts: g.alerts.list().length,
      alertRows: document.querySelectorAll('#alerts li').length,
    };
  });
  const s = {
    minute: Math.round((Date.now() - t0) / 600) / 100,
    heapMB: Math.round(heap.usedSize / 1e5) / 10,
    nodes: metrics.Nodes, listeners: metrics.JSEventListeners,
    ...live, frames: live.frames - framesBefore, note,
  };
  framesBefore = live.frames;
  samples.push(s);
  console.log(`soak: ${JSON.stringify(s)}`);
  return s;
}

const failures = [];
await sample('start');
let nextRestart = restartEvery;
while ((Date.now() - t0) / 60_000 < minutes) {
  await new Promise((r) => setTimeout(r, sampleEvery * 60_000));
  const s = await sample();
  if (!s.alive) failures.push(s.atLogin ? `the page was sent to the login page before minute ${s.minute}` : `the page reloaded before minute ${s.minute}`);
  if (restartEvery > 0 && s.minute >= nextRestart && s.minute < minutes - sampleEvery) {
    nextRestart += restartEvery;
    await demo.stop('SIGKILL');
    await page.waitForFunction(() => window.__gw?.client.state !== 'open', null, { timeout: 30_000, polling: 250 });
    await new Promise((r) => setTimeout(r, 10_000));
    demo = await start();
    const r0 = Date.now();
    try {
      await page.waitForFunction(() => window.__gw?.client.state === 'open', null, { timeout: 60_000, polling: 250 });
      await sample(`server killed and restarted; open again ${Date.now() - r0} ms after it was ready`);
    } catch {
      failures.push(onLoginPage(page)
        ? `after the restart at minute ${s.minute} the page was sent to the login page: the session did not outlive the restart`
        : `no reconnect within 60 s after the restart at minute ${s.minute}`);
    }
  }
}

// Heap growth over the second half, by least squares (MB per hour).
const half = samples.filter((s) => s.minute >= minutes / 2);
const n = half.length;
const mx = half.reduce((a, s) => a + s.minute, 0) / n;
const my = half.reduce((a, s) => a + s.heapMB, 0) / n;
const slope = half.reduce((a, s) => a + (s.minute - mx) * (s.heapMB - my), 0)
  / Math.max(1e-9, half.reduce((a, s) => a + (s.minute - mx) ** 2, 0));
const growthPerHour = Math.round(slope * 60 * 10) / 10;
if (loads > 1) failures.push(`the page loaded ${loads} times`);
if (errors.length) failures.push(`page errors: ${[...new Set(errors)].join('; ')}`);
if (n >= 3 && growthPerHour > maxGrowth) failures.push(`heap grows ${growthPerHour} MB/h over the second half`);
const summary = {
  date: new Date().toISOString(), minutes, speed, simulatedHours: Math.round((minutes * speed) / 6) / 10,
  restarts: samples.filter((s) => s.note.startsWith('server killed')).length,
  heapMB: { first: samples[0].heapMB, max: Math.max(...samples.map((s) => s.heapMB)), last: samples.at(-1).heapMB },
  heapGrowthMBPerHourSecondHalf: growthPerHour,
  nodes: { first: samples[0].nodes, max: Math.max(...samples.map((s) => s.nodes)), last: samples.at(-1).nodes },
  listeners: { first: samples[0].listeners, last: samples.at(-1).listeners },
  failures,
};
console.log(JSON.stringify(summary, null, 2));
mkdirSync(join(projectDir, 'target'), { recursive: true });
writeFileSync(join(projectDir, 'target', 'soak-result.json'), JSON.stringify({ summary, samples }, null, 2));
await browser.close();
process.exit(failures.length ? 1 : 0);
