// End-to-end tests of the big screen and the dispatcher console in a real browser: Debian's
// Chromium driven by playwright-core, against a real GridWatch started in demo mode from the
// packed jar, with a temporary store, on a free port.
//
//   node e2e/run.mjs <gridwatch.jar> [--screenshots DIR]
//
// Run by `mvn verify` (integration-test phase). Without Chromium the run is skipped with a
// message, except under CI=true, where it fails: CI installs Chromium with apt.
// Every request the pages make is intercepted: any host other than the server fails the run.

import { existsSync, mkdirSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, requireChromiumAndJar, startDemo } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const projectDir = resolve(here, '..', '..');
const args = process.argv.slice(2);
const jar = resolve(args.find((a) => !a.startsWith('--')) ?? join(projectDir, 'target', 'gridwatch.jar'));
const shotsFlag = args.indexOf('--screenshots');
const docsShots = shotsFlag >= 0 ? resolve(args[shotsFlag + 1]) : null;
const outDir = join(projectDir, 'target', 'e2e');

requireChromiumAndJar('e2e', jar);
mkdirSync(outDir, { recursive: true });
// A hung browser or server must fail the build, not stall it (the exit handler stops the server;
// playwright closes the browser it launched).
const LIMIT_MIN = Number(process.env.E2E_LIMIT_MINUTES ?? 15);
setTimeout(() => {
  console.error(`e2e: not done after ${LIMIT_MIN} minutes; failing`);
  process.exit(1);
}, LIMIT_MIN * 60_000).unref();
process.on('unhandledRejection', (e) => {
  console.error('e2e: unexpected error', e);
  process.exit(1);
});

// --- the server ----------------------------------------------------------------------------------

const storeDir = mkdtempSync(join(tmpdir(), 'gridwatch-e2e-'));
// From a directory of its own: the jar must find its demo city without the checkout.
const demo = await startDemo({ jar, cwd: storeDir, storePath: join(storeDir, 'gridwatch.gpkg') });
const base = demo.base;
const origin = new URL(base).host;

function stopServer() {
  demo.stop();
  rmSync(storeDir, { recursive: true, force: true });
}
process.on('exit', stopServer);

async function rest(method, path, body) {
  const res = await fetch(base + path, {
    method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
console.log(`e2e: GridWatch demo at ${base}`);

// --- the browser ---------------------------------------------------------------------------------

const browser = await launchBrowser();
const foreign = [];
const pageErrors = [];
const sockets = [];

async function openPage(path, viewport = { width: 1920, height: 1080 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  // Every request leaves through here: only the server (and in-page data:/blob: URLs) may be asked.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host === origin && url.protocol === 'http:') return route.continue();
    foreign.push(url.href);
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.host !== origin) foreign.push(url.href);
  });
  const page = await context.newPage();
  page.on('websocket', (ws) => {
    sockets.push(ws.url());
    if (new URL(ws.url()).host !== origin) foreign.push(ws.url());
  });
  page.on('pageerror', (e) => pageErrors.push(`${path}: ${e.message}`));
  await page.goto(base + path);
  await page.waitForFunction(() => window.__gw?.ready === true, null, { timeout: 90_000, polling: 250 });
  await settle(page);
  return page;
}

/**
 * Waits until the map's base layers for the current view are loaded and drawn. A live map is seldom
 * "idle" (data keeps arriving), so this waits for the static sources and a render, not for `idle`.
 */
async function settle(page) {
  // the static base layers are in; live sources keep reloading and need not be
  await page.waitForFunction(() => ['grids', 'counties', 'labels'].every((s) => window.__gw.map.isSourceLoaded(s)),
    null, { timeout: 60_000, polling: 250 });
  // Resolve with nothing: the event carries the map itself, which the driver would serialize.
  await page.evaluate(() => new Promise((res) => {
    window.__gw.map.once('render', () => res());
    window.__gw.map.triggerRepaint();
  }));
}

/** A screenshot of a complete map: the live feed paused until the map is idle (or 30 s passed), then resumed. */
async function still(page, file) {
  await page.evaluate(() => window.__gw.client.stop());
  await page.evaluate(() => new Promise((res) => {
    const m = window.__gw.map;
    const t = setTimeout(res, 30_000);
    m.once('idle', () => { clearTimeout(t); res(); });
    m.triggerRepaint();
  }));
  // Live again (the picture shows the connection state); tiles being reloaded keep their old
  // content on screen, so the drawn map stays complete.
  await page.evaluate(() => window.__gw.client.start());
  await page.waitForSelector('#conn[data-state="open"]', { timeout: 15_000 });
  await page.screenshot({ path: file });
}

// --- tests ---------------------------------------------------------------------------------------
//
// A page function must not return map objects or events (map methods such as jumpTo return the
// map): the driver would serialize the whole map on the page's main thread, for seconds.

const results = [];
async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`e2e: ok    ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    for (const [k, p] of [['big', big], ['desk', desk]]) {
      if (p) await p.screenshot({ path: join(outDir, `fail-${results.length}-${k}.png`) }).catch(() => {});
    }
    console.log(`e2e: FAIL  ${name}\n      ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n      ')}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

const nowIso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

/**
 * Units of the tests' own, added to the roster: the demo simulator moves the roster it started
 * with, and would move those units away from where a test puts them.
 */
async function testUnit(id, kind, [lon, lat]) {
  const where = await rest('GET', `/api/v1/lookup?lon=${lon}&lat=${lat}`);
  const township = where.township.code;
  await rest('POST', '/api/v1/units', { id, callSign: `测试${id}`, kind, agency: '端到端测试', homeTownshipCode: township });
  return id;
}
// A quiet spot for each test, inside 滨城区, away from the other tests' spots.
const spot = (k) => [117.96 + 0.02 * k, 37.40 + 0.005 * k];

let big;
let desk;
await test('big screen: the map renders with WebGL, grids coloured and live heat', async () => {
  big = await openPage('/');
  const info = await big.evaluate(() => {
    const m = window.__gw.map;
    const gl = m.getCanvas().getContext('webgl2') ?? m.getCanvas().getContext('webgl');
    return {
      webgl: !!gl,
      grids: m.queryRenderedFeatures({ layers: ['grid-fill'] }).length,
      counties: m.queryRenderedFeatures({ layers: ['county-line'] }).length,
      labels: m.queryRenderedFeatures({ layers: ['county-label'] }).length,
      live: window.__gw.client.state,
    };
  });
  assert(info.webgl, 'no WebGL context on the map canvas');
  assert(info.grids > 5000, `only ${info.grids} grids rendered`);
  assert(info.counties >= 7 && info.labels >= 7, `counties ${info.counties}, labels ${info.labels}`);
  // heat arrives over /live from the demo's incident history
  await big.waitForFunction(() => window.__gw.heat.items.size > 0, null, { timeout: 30_000, polling: 250 });
  await settle(big);
  const heat = await big.evaluate(() => {
    const m = window.__gw.map;
    return { cells: window.__gw.heat.items.size, drawn: m.getSource('heat')._data?.geojson?.features?.length ?? m.getSource('heat').serialize().data?.features?.length,
      visible: m.getLayoutProperty('heat', 'visibility') !== 'none' };
  });
  assert(heat.cells > 0 && heat.visible, `heat: ${JSON.stringify(heat)}`);
  // the connection badge and the stats panel are live
  await big.waitForSelector('#conn[data-state="open"]', { timeout: 10_000 });
  await big.waitForFunction(() => Number(document.getElementById('today-total').textContent) >= 0 && window.__gw.client.state === 'open');
  await still(big, join(outDir, 'bigscreen.png'));
});

await test('big screen: unit positions change on screen within 5 s', async () => {
  assert(big, 'big screen did not open');
  const [lon, lat] = spot(1);
  const ids = [];
  for (let k = 0; k < 3; k++) ids.push(await testUnit(`E2E-FP-${k}`, 'foot_patrol', [lon + 0.002 * k, lat]));
  const at = (k, step) => ({ unit: ids[k], lon: lon + 0.002 * k + 0.0004 * step, lat, time: nowIso(), speed: 1.5, heading: 90 });
  await rest('POST', '/api/v1/positions', ids.map((_, k) => at(k, 0)));
  await big.evaluate(([lon, lat]) => { window.__gw.map.jumpTo({ center: [lon + 0.002, lat], zoom: 15 }); }, [lon, lat]);
  const onScreen = () => big.evaluate((ids) => {
    const out = {};
    for (const f of window.__gw.map.queryRenderedFeatures({ layers: ['units'] })) {
      if (ids.includes(f.properties.id)) {
        const p = window.__gw.map.project(f.geometry.coordinates);
        out[f.properties.id] = [Math.round(p.x), Math.round(p.y)];
      }
    }
    return out;
  }, ids);
  await big.waitForFunction((ids) => {
    const m = window.__gw.map;
    return ids.every((id) => m.queryRenderedFeatures({ layers: ['units'] }).some((f) => f.properties.id === id));
  }, ids, { timeout: 15_000, polling: 250 });
  await settle(big);
  // One retry: on a loaded machine a software-rendered frame already under way can take seconds.
  for (let attempt = 1; ; attempt++) {
    const before = await onScreen();
    await new Promise((r) => setTimeout(r, 1200));
    await rest('POST', '/api/v1/positions', ids.map((_, k) => at(k, attempt)));
    var t0 = Date.now();
    try {
      await big.waitForFunction(([ids, before]) => {
        const m = window.__gw.map;
        return m.queryRenderedFeatures({ layers: ['units'] }).some((f) => {
          if (!ids.includes(f.properties.id) || !before[f.properties.id]) return false;
          const p = m.project(f.geometry.coordinates);
          return Math.abs(p.x - before[f.properties.id][0]) >= 5;
        });
      }, [ids, before], { timeout: 5_000, polling: 100 });
      break;
    } catch (e) {
      if (attempt >= 2) throw e;
      console.log('      not moved on screen within 5 s; once more');
    }
  }
  console.log(`      moved on screen ${Date.now() - t0} ms after the positions were posted`);
});

await test('big screen: an alert raised on the server appears in the alert list', async () => {
  assert(big, 'big screen did not open');
  const tag = `E2E${Date.now() % 100000}`;
  const [lon, lat] = spot(2);
  // three frauds within 200 m raise a near-repeat alert
  for (let k = 0; k < 3; k++) {
    await rest('POST', '/api/v1/incidents', {
      category: 'fraud', source: 'police_call', lon: lon + 0.0003 * k, lat, reportedAt: nowIso(-60_000 * (3 - k)), title: `${tag}诈骗${k}`,
    });
  }
  await big.waitForFunction((tag) => [...document.querySelectorAll('#alerts li')].some((li) => li.textContent.includes(tag)),
    tag, { timeout: 30_000, polling: 250 });
  const text = await big.locator('#alerts li', { hasText: tag }).first().textContent();
  assert(text.includes('近重复'), `alert text: ${text}`);
});

await test('big screen: after a dropped connection it resumes its session and shows the alert raised meanwhile', async () => {
  assert(big, 'big screen did not open');
  const before = sockets.length;
  await big.evaluate(() => window.__gw.client.stop());
  await big.waitForSelector('#conn[data-state="closed"]', { timeout: 5_000 });
  const tag = `E2E${Date.now() % 100000}断线`;
  const [lon, lat] = spot(4);
  for (let k = 0; k < 3; k++) {
    await rest('POST', '/api/v1/incidents', {
      category: 'dispute', source: 'hotline', lon: lon + 0.0003 * k, lat, reportedAt: nowIso(-60_000 * (3 - k)), title: `${tag}${k}`,
    });
  }
  await big.evaluate(() => window.__gw.client.start());
  await big.waitForFunction((tag) => [...document.querySelectorAll('#alerts li')].some((li) => li.textContent.includes(tag)),
    tag, { timeout: 30_000, polling: 250 });
  await big.waitForSelector('#conn[data-state="open"]', { timeout: 5_000 });
  const url = sockets.slice(before).find((u) => u.includes('/live'));
  assert(url && /[?&]session=/.test(url), `reconnected to ${url} without its session`);
});

await test('big screen: the layout scales to 3840×2160', async () => {
  assert(big, 'big screen did not open');
  // Layout only: the map is hidden meanwhile, since a 4K frame in software WebGL takes seconds.
  await big.evaluate(() => (window.__gw.map.getContainer().style.visibility = 'hidden'));
  try {
    await big.setViewportSize({ width: 3840, height: 2160 });
    await big.waitForFunction(() => document.getElementById('chart-trend').querySelector('canvas')?.clientWidth > 700,
      null, { timeout: 10_000, polling: 250 });
    const m = await big.evaluate(() => ({
      rem: getComputedStyle(document.documentElement).fontSize,
      scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
      center: document.querySelector('.center').getBoundingClientRect().width,
      title: parseFloat(getComputedStyle(document.querySelector('.title')).fontSize),
    }));
    assert(m.rem === '32px' && Math.abs(m.title - 64) < 0.5, `root font ${m.rem}, title ${m.title}px at 3840 wide`);
    assert(m.scroll[0] <= 3840 && m.scroll[1] <= 2160, `page overflows: ${m.scroll}`);
    assert(m.center > 2000, `map area is ${m.center}px wide`);
  } finally {
    await big.setViewportSize({ width: 1920, height: 1080 });
    await big.evaluate(() => (window.__gw.map.getContainer().style.visibility = ''));
  }
});

// The whole city for the screenshot; then the big screen closes, so that the console's tests do
// not share the machine's two cores with a second software-rendered map.
if (big) {
  await test('big screen: a still picture of the whole city', async () => {
    await big.evaluate(() => { window.__gw.map.fitBounds([117.25, 36.67, 118.39, 38.33], { duration: 0, padding: 10 }); });
    await settle(big);
    await still(big, join(outDir, 'bigscreen.png'));
  });
  await big.context().close();
  big = null;
}

await test('dispatcher: dispatches the nearest unit to a new incident and sees the state change', async () => {
  const [lon, lat] = spot(3);
  const near = await testUnit('E2E-CAR-1', 'police_car', [lon + 0.001, lat]);
  await rest('POST', '/api/v1/positions', [{ unit: near, lon: lon + 0.001, lat, time: nowIso(), speed: 0, heading: 0 }]);
  desk = await openPage('/dispatch');
  const incident = await rest('POST', '/api/v1/incidents', {
    category: 'public_order', source: 'police_call', lon, lat, reportedAt: nowIso(), title: `E2E派警测试${Date.now() % 100000}`, severity: 2,
  });
  const id = incident.id ?? incident.properties.id;
  const item = desk.locator(`#queue li[data-id="${id}"]`);
  await item.waitFor({ timeout: 15_000 });
  await item.click();
  const first = desk.locator('#detail table.nearest tbody tr[data-unit]').first();
  await first.waitFor({ timeout: 15_000 });
  // The list is the server's nearest available units, nearest first; the unit placed 90 m away
  // heads it unless the simulator has moved it meanwhile, so check the order rather than the name.
  const rows = await desk.$$eval('#detail table.nearest tbody tr[data-unit]', (trs) => trs.map((tr) => tr.dataset.unit));
  const nearest = await rest('GET', `/api/v1/units/nearest?lon=${lon}&lat=${lat}&k=${rows.length}`);
  const expected = (nearest.features ?? nearest.units ?? nearest.items).map((f) => f.id ?? f.properties?.id);
  assert(rows.length > 0 && expected.slice(0, 2).includes(rows[0]), `console lists ${rows}, server's nearest are ${expected}`);
  const unit = rows[0];
  await first.locator('button.dispatch-btn').click();
  // Dispatched, or already on scene when a patrolling unit happened to be nearest and within 50 m.
  const sent = ['dispatched', 'on_scene'].map((s) => `[data-status="${s}"]`);
  await desk.waitForSelector(sent.map((s) => `#detail-status${s}`).join(', '), { timeout: 15_000 });
  // The default filter shows open incidents; a dispatched one is under "处置中" (active).
  await desk.selectOption('#f-status', 'active');
  await desk.waitForSelector(sent.map((s) => `#queue li[data-id="${id}"] .st${s}`).join(', '), { timeout: 15_000 });
  const after = await rest('GET', `/api/v1/incidents/${id}`);
  const p = after.properties ?? after;
  assert(['dispatched', 'on_scene'].includes(p.status) && p.unit === unit, `server has ${p.status} with unit ${p.unit}`);
  const u = await rest('GET', `/api/v1/units/${unit}`);
  assert((u.properties ?? u).status === 'busy', `unit is ${(u.properties ?? u).status}`);
  await still(desk, join(outDir, 'dispatch.png'));
});

await test('dispatcher: acknowledges an alert', async () => {
  assert(desk, 'dispatcher did not open');
  const btn = desk.locator('#alert-list button.ack-btn').first();
  await btn.waitFor({ timeout: 15_000 });
  const id = await btn.getAttribute('data-id');
  await btn.click();
  await desk.waitForSelector(`#alert-list li[data-id="${id}"].acked`, { timeout: 10_000 });
  const list = await rest('GET', '/api/v1/alerts?limit=100');
  assert(list.alerts.find((a) => String(a.id) === id)?.acknowledged === true, 'server did not record the acknowledgement');
});

await test('dispatcher: a drawn circle queries incidents and units in it, and a unit\'s track replays', async () => {
  assert(desk, 'dispatcher did not open');
  const [lon, lat] = spot(3);
  const worker = await testUnit('E2E-GW-1', 'grid_worker', [lon, lat + 0.0003]);
  await rest('POST', '/api/v1/positions', [{ unit: worker, lon, lat: lat + 0.0003, time: nowIso(), speed: 0, heading: 0 }]);
  await desk.waitForFunction((id) => window.__gw.units.items.get(id)?.lon != null, worker, { timeout: 10_000, polling: 250 });
  await desk.evaluate(([lon, lat]) => { window.__gw.map.jumpTo({ center: [lon, lat], zoom: 15 }); }, [lon, lat]);
  await settle(desk);
  const c = await desk.evaluate(([lon, lat]) => {
    const p = window.__gw.map.project([lon, lat]);
    const r = window.__gw.map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, [lon, lat]);
  await desk.click('#tool-circle');
  await desk.mouse.click(c.x, c.y);
  await desk.mouse.move(c.x + 60, c.y);
  await desk.mouse.click(c.x + 60, c.y);
  await desk.waitForSelector('#area-incidents', { timeout: 15_000 });
  const n = Number(await desk.textContent('#area-incidents'));
  const m = Number(await desk.textContent('#area-units'));
  assert(n >= 1 && m >= 1, `area query found ${n} incidents, ${m} units`);
  // replay the track of a unit found in the area
  await desk.click(`#area-result .replay-btn[data-unit="${worker}"]`);
  await desk.click('#rp-go');
  await desk.waitForFunction(() => /^\d+\/\d+ · /.test(document.getElementById('rp-info')?.textContent ?? ''), null,
    { timeout: 15_000, polling: 250 });
  const drawn = await desk.evaluate(() => window.__gw.map.getSource('track').serialize().data?.features?.length ?? -1);
  assert(drawn === 2 || drawn === -1, `track layer has ${drawn} features`);
});

await test('the pages request nothing from any other host', async () => {
  assert(foreign.length === 0, `requests to other hosts: ${[...new Set(foreign)].join(', ')}`);
});

await test('big screen and console raise no page errors', async () => {
  assert(pageErrors.length === 0, pageErrors.join('\n'));
});

// --- done ----------------------------------------------------------------------------------------

if (docsShots) {
  mkdirSync(docsShots, { recursive: true });
  for (const f of ['bigscreen.png', 'dispatch.png']) {
    if (existsSync(join(outDir, f))) copyFileSync(join(outDir, f), join(docsShots, f));
  }
}
await browser.close();
stopServer();
const failed = results.filter((r) => !r.ok).length;
console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
