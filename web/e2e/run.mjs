// End-to-end tests of the big screen and the dispatcher console in a real browser: Debian's
// Chromium driven by playwright-core, against a real GridWatch started in demo mode from the
// packed jar, with a temporary store, on a free port.
//
//   node e2e/run.mjs <gridwatch.jar> [--screenshots DIR]
//
// Run by `mvn verify` (integration-test phase). Without Chromium the run is skipped with a
// message, except under CI=true, where it fails: CI installs Chromium with apt.
// Every request the pages make is intercepted: any host other than the server fails the run.
// Every page is opened as a person would: the server sends the visitor to the login page, which
// signs in with one of the accounts the demo prints (dispatcher, unless a test says otherwise) and
// goes on to the page. The tests' own REST calls go with a cookie session of their own.

import { existsSync, mkdirSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALARM_EMERGENCY, openTerminal } from './jt808.mjs';
import { apiSession, launchBrowser, loginThroughPage, onLoginPage, requireChromiumAndJar, startDemo } from './harness.mjs';

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
const LIMIT_MIN = Number(process.env.E2E_LIMIT_MINUTES ?? 20);
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
const accounts = demo.accounts;

function stopServer() {
  demo.stop();
  rmSync(storeDir, { recursive: true, force: true });
}
process.on('exit', stopServer);

for (const login of ['dispatcher', 'bincheng', 'screen']) {
  if (!accounts[login]) {
    console.error(`e2e: the demo printed no "demo account: ${login} / …" line; it printed ${Object.keys(accounts).join(', ') || 'none'}`);
    process.exit(1);
  }
}

/** The tests' cookie sessions, by login. */
const sessions = new Map();

/** A REST call as `as` (the city-wide dispatcher unless told): the parsed answer, or an error with the status. */
async function rest(method, path, body, as = 'dispatcher') {
  if (!sessions.has(as)) sessions.set(as, apiSession(base, as, accounts[as]));
  const request = await sessions.get(as);
  return request(method, path, body);
}

/**
 * Who posts the tests' positions: a positioning gateway when the demo has one (no role of a person
 * may post positions), else the dispatcher.
 */
const POSITIONS_AS = accounts.gateway ? 'gateway' : 'dispatcher';
const postPositions = (list) => rest('POST', '/api/v1/positions', list, POSITIONS_AS);
console.log(`e2e: GridWatch demo at ${base}; accounts ${Object.keys(accounts).join(', ')}`);

// --- the browser ---------------------------------------------------------------------------------

const browser = await launchBrowser();
const foreign = [];
/** The paths (with query) the pages asked of the server, in order. */
const requested = [];
const pageErrors = [];
const sockets = [];
/** Every vector tile the pages asked for, by page: `{ page, path, status }`. */
const tileResponses = [];

/** The pages open now, for a screenshot when a test fails. */
const openPages = new Set();

/** A page in a fresh browser context (no cookies), its requests watched. */
async function newPage(viewport = { width: 1920, height: 1080 }, label = 'page', clockShiftMs = 0) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (clockShiftMs !== 0) {
    // A wall PC whose clock is wrong: the page's Date.now() (the browser's clock as the pages read it) is off.
    await context.addInitScript((shift) => {
      const now = Date.now.bind(Date);
      Date.now = () => now() + shift;
    }, clockShiftMs);
  }
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
    if (url.host === origin) requested.push(url.pathname + url.search);
  });
  const page = await context.newPage();
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/tiles/')) tileResponses.push({ page: label, path, status: r.status() });
  });
  page.on('websocket', (ws) => {
    sockets.push(ws.url());
    if (new URL(ws.url()).host !== origin) foreign.push(ws.url());
  });
  page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
  openPages.add(page);
  page.on('close', () => openPages.delete(page));
  return page;
}

/**
 * Opens `path` as `as`: the server sends the new visitor to the login page, the test signs in
 * there, and the page comes back to `path`; resolves once its map is drawn.
 */
async function openPage(path, { as = 'dispatcher', viewport, clockShiftMs = 0 } = {}) {
  const page = await newPage(viewport, `${path} as ${as}`, clockShiftMs);
  await page.goto(base + path);
  assert(onLoginPage(page), `${path} without a session opened ${page.url()}, not the login page`);
  await loginThroughPage(page, as, accounts[as], path);
  await page.waitForFunction(() => window.__gw?.ready === true, null, { timeout: 90_000, polling: 250 });
  await settle(page);
  return page;
}

/** The header's user badge: name, role and jurisdiction as shown. */
const userBadge = (page) => page.evaluate(() => ({
  name: document.getElementById('user-name')?.textContent ?? null,
  role: document.getElementById('user-role')?.textContent ?? null,
  area: document.getElementById('user-area')?.textContent ?? null,
}));

/**
 * Waits until the map's base layers for the current view are loaded and drawn. A live map is seldom
 * "idle" (data keeps arriving), so this waits for the static sources and a render, not for `idle`.
 */
async function settle(page) {
  // the static base layers are in; live sources keep reloading and need not be
  await page.waitForFunction(() => ['grids', 'areas', 'labels'].every((s) => window.__gw.map.isSourceLoaded(s)),
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
    let k = 0;
    for (const p of openPages) await p.screenshot({ path: join(outDir, `fail-${results.length}-${++k}.png`) }).catch(() => {});
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

/** The incident id of a POST /api/v1/incidents answer (a Feature or a plain object). */
const incidentId = (answer) => answer.id ?? answer.properties.id;

await test('login: a visit without a session lands on the login page, a wrong password is refused there, the right one opens the page, 退出 ends the session', async () => {
  const page = await newPage({ width: 1600, height: 900 }, 'login');
  const context = page.context();
  try {
    await page.goto(base + '/dispatch');
    assert(onLoginPage(page), `/dispatch without a session opened ${page.url()}`);
    assert(new URL(page.url()).searchParams.get('next') === '/dispatch', `login page asked to go back to ${page.url()}`);
    const form = await page.evaluate(() => ({
      labels: [...document.querySelectorAll('#login-form label')].map((l) => l.textContent),
      button: document.getElementById('login-submit')?.textContent,
    }));
    assert(form.labels.join() === '用户名,密码' && form.button === '登录', `login form: ${JSON.stringify(form)}`);

    await page.fill('#login-user', 'dispatcher');
    await page.fill('#login-pass', `${accounts.dispatcher}-wrong`);
    await page.click('#login-submit');
    await page.waitForSelector('#login-error:not([hidden])', { timeout: 10_000 });
    const error = await page.textContent('#login-error');
    assert(error.startsWith('登录失败：') && error.length > '登录失败：'.length, `wrong password shows "${error}"`);
    assert(onLoginPage(page), `after a wrong password the page is at ${page.url()}`);
    assert(!(await context.cookies()).some((c) => c.name === 'gw_session'), 'a wrong password left a session cookie');

    await loginThroughPage(page, 'dispatcher', accounts.dispatcher, '/dispatch');
    const cookies = Object.fromEntries((await context.cookies()).map((c) => [c.name, c]));
    assert(cookies.gw_session?.httpOnly === true && cookies.gw_session.sameSite === 'Strict', `gw_session: ${JSON.stringify(cookies.gw_session)}`);
    assert(cookies.gw_csrf && cookies.gw_csrf.httpOnly === false && cookies.gw_csrf.sameSite === 'Strict', `gw_csrf: ${JSON.stringify(cookies.gw_csrf)}`);
    await page.waitForSelector('#user:not([hidden])', { timeout: 30_000 });
    const who = await userBadge(page);
    assert(who.name && who.role === '调度员' && who.area, `header shows ${JSON.stringify(who)}`);

    await Promise.all([page.waitForURL((u) => u.pathname === '/login' || u.pathname === '/login.html', { timeout: 15_000 }), page.click('#logout')]);
    assert(!(await context.cookies()).some((c) => c.name === 'gw_session' && c.value), 'the session cookie outlived the logout');
    await page.goto(base + '/dispatch');
    assert(onLoginPage(page), `/dispatch after the logout opened ${page.url()}`);
  } finally {
    await context.close();
  }
});

let big;
let desk;
/** The big screen's browser clock runs this far behind the server's (a wall PC whose clock is wrong). */
const BIG_CLOCK_SHIFT_MS = -(3 * 3600_000 + 17 * 60_000);

/** A group's member shown on the big screen (the group opened by a click) holds `tag`. */
async function groupShows(page, tag) {
  // The alert raised for the tag, and its group: its kind in its county.
  let alert;
  const until = Date.now() + 30_000;
  while (!alert && Date.now() < until) {
    alert = (await rest('GET', '/api/v1/alerts?open=true&limit=500')).alerts.find((a) => (a.detail ?? '').includes(tag));
    if (!alert) await new Promise((r) => setTimeout(r, 250));
  }
  assert(alert, `no open alert for ${tag}`);
  const id = `${alert.kind}.county.${alert.areaCode.slice(0, 6)}`;
  const head = page.locator(`#alerts li.group[data-group="${id}"]`);
  await head.waitFor({ timeout: 30_000 });
  const title = await head.locator('.t').textContent();
  assert(/^\S+ \d+ (个|处|条)/.test(title), `group title: ${title}`);
  if (!(await head.evaluate((li) => li.classList.contains('open')))) await head.click();
  await page.waitForFunction((tag) => [...document.querySelectorAll('#alerts li.member')].some((li) => li.textContent.includes(tag)),
    tag, { timeout: 30_000, polling: 250 });
  await head.click(); // closed again: the list scrolls on
  return { id, title };
}

await test('big screen: the map renders with WebGL, grids coloured and live heat', async () => {
  big = await openPage('/', { clockShiftMs: BIG_CLOCK_SHIFT_MS });
  const who = await userBadge(big);
  assert(who.name && who.role === '调度员' && who.area, `header shows ${JSON.stringify(who)}`);
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
  assertDrawnFromTiles('/ as dispatcher');
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

await test('big screen: the city\'s own basemap (the demo\'s synthetic roads and river) is drawn under the grids', async () => {
  assert(big, 'big screen did not open');
  // The demo serves its basemap: the page asks for the style, then the source's TileJSON and tiles.
  await big.waitForFunction(() => {
    const m = window.__gw.map;
    return m.getStyle().layers.some((l) => l.id.startsWith('citybase-')) && m.isSourceLoaded('citybase-city');
  }, null, { timeout: 60_000, polling: 250 });
  await settle(big);
  const asked = requested.filter((p) => p.startsWith('/basemap/'));
  assert(asked.includes('/basemap/style.json'), `the page did not ask for /basemap/style.json: ${asked.slice(0, 5).join(', ')}`);
  assert(asked.includes('/basemap/city.json'), `the page did not ask for the source's TileJSON: ${asked.slice(0, 5).join(', ')}`);
  const tiles = asked.filter((p) => /^\/basemap\/city\/\d+\/\d+\/\d+\.pbf$/.test(p));
  assert(tiles.length > 0, `no basemap tiles asked for: ${asked.slice(0, 5).join(', ')}`);
  const drawn = await big.evaluate(() => {
    const m = window.__gw.map;
    const ids = m.getStyle().layers.map((l) => l.id);
    const base = ids.filter((id) => id.startsWith('citybase-'));
    const count = (part) => m.queryRenderedFeatures({ layers: base.filter((id) => id.includes(part)) }).length;
    return {
      base: base.length, first: Math.min(...base.map((id) => ids.indexOf(id))), last: Math.max(...base.map((id) => ids.indexOf(id))),
      cityFill: ids.indexOf('city-fill'), gridFill: ids.indexOf('grid-fill'),
      roads: count('-roads-'), water: count('-water-'), boundaries: count('-boundaries-'),
      background: ids.filter((id) => id.startsWith('citybase-') && m.getLayer(id).type === 'background').length,
    };
  });
  assert(drawn.base >= 4 && drawn.background === 0, `basemap layers: ${JSON.stringify(drawn)}`);
  assert(drawn.first > drawn.cityFill && drawn.last < drawn.gridFill, `basemap layers not between the city fill and the grid fill: ${JSON.stringify(drawn)}`);
  assert(drawn.roads > 0 && drawn.water > 0 && drawn.boundaries > 0, `basemap features drawn: ${JSON.stringify(drawn)}`);
  console.log(`e2e:       basemap: ${tiles.length} tiles asked, ${drawn.roads} road and ${drawn.water} water features drawn`);
});

await test('big screen: unit positions change on screen within 5 s', async () => {
  assert(big, 'big screen did not open');
  const [lon, lat] = spot(1);
  const ids = [];
  for (let k = 0; k < 3; k++) ids.push(await testUnit(`E2E-FP-${k}`, 'foot_patrol', [lon + 0.002 * k, lat]));
  const at = (k, step) => ({ unit: ids[k], lon: lon + 0.002 * k + 0.0004 * step, lat, time: nowIso(), speed: 1.5, heading: 90 });
  await postPositions(ids.map((_, k) => at(k, 0)));
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
    await postPositions(ids.map((_, k) => at(k, attempt)));
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

await test('big screen: an alert raised on the server appears in its group (kind and county), one click from it', async () => {
  assert(big, 'big screen did not open');
  const tag = `E2E${Date.now() % 100000}`;
  const [lon, lat] = spot(2);
  // three frauds within 200 m raise a near-repeat alert
  for (let k = 0; k < 3; k++) {
    await rest('POST', '/api/v1/incidents', {
      category: 'fraud', source: 'police_call', lon: lon + 0.0003 * k, lat, reportedAt: nowIso(-60_000 * (3 - k)), title: `${tag}诈骗${k}`,
    });
  }
  const { title } = await groupShows(big, tag);
  assert(title.includes('近重复'), `group title: ${title}`);
  // Groups, not single alerts: every row of the panel is a group, and the count over it is the server's.
  const panel = await big.evaluate(() => ({
    rows: document.querySelectorAll('#alerts li:not(.empty)').length,
    groups: document.querySelectorAll('#alerts li.group').length,
    open: Number(document.getElementById('alert-open').textContent),
  }));
  assert(panel.groups > 0 && panel.rows === panel.groups, `alert panel: ${JSON.stringify(panel)}`);
  const server = await rest('GET', '/api/v1/alerts/groups');
  assert(Math.abs(panel.open - server.open) <= 5, `open count ${panel.open}, the server's ${server.open}`);
});

/** A test unit's SOS (the terminal's emergency button): a fix with the alarm set, and the battery it reports. */
const postSos = (unit, [lon, lat], battery) => postPositions([{ unit, lon, lat, time: nowIso(), speed: 0, heading: 0, battery, alarms: ['sos'] }]);

/** The urgent-alert marker `id` on `page`'s map, and how far (px) its centre is from the map's drawing of `lonLat`. */
const markerOffset = (page, id, lonLat) => page.evaluate(([id, lonLat]) => {
  const el = document.querySelector(`.maplibregl-marker[data-layer="urgent"][data-id="${id}"]`);
  if (!el) return null;
  const m = window.__gw.map;
  const r = el.getBoundingClientRect();
  const c = m.getCanvas().getBoundingClientRect();
  const p = m.project(lonLat);
  const look = el.firstElementChild;
  return {
    px: Math.hypot(r.left + r.width / 2 - (c.left + p.x), r.top + r.height / 2 - (c.top + p.y)),
    animation: look ? getComputedStyle(look).animationName : '',
  };
}, [id, lonLat]);

await test('big screen: an SOS shows at once by itself on top of the alert panel and flashes on the map at its place, until acknowledged', async () => {
  assert(big, 'big screen did not open');
  const place = [spot(1)[0] + 0.01, spot(1)[1] + 0.006];
  const unit = await testUnit('E2E-SOS-BIG', 'foot_patrol', place);
  // Close in, where few units are drawn (a city-wide view of icons takes a software-rendered map seconds a frame); the view is put back after.
  const view = await big.evaluate(() => ({ center: window.__gw.map.getCenter().toArray(), zoom: window.__gw.map.getZoom() }));
  try {
    await big.evaluate((c) => { window.__gw.map.jumpTo({ center: c, zoom: 15 }); }, place);
    const t0 = Date.now();
    await postSos(unit, place, 41);
    const row = big.locator('#urgent-alerts li[data-kind="sos"]', { hasText: `测试${unit} 紧急求助` });
    await row.waitFor({ timeout: 10_000 });
    console.log(`      on the big screen ${Date.now() - t0} ms after the fix was posted`);
    const id = await row.getAttribute('data-id');
    assert((await row.locator('.tag').textContent()) === '紧急求助', `the row's tag: ${await row.locator('.tag').textContent()}`);
    // on top: the pinned list is above the groups, outside the scrolling box
    const above = await big.evaluate(() => document.getElementById('urgent-alerts').getBoundingClientRect().bottom
      <= document.getElementById('alerts').getBoundingClientRect().top + 1);
    assert(above, 'the SOS is not above the alert groups');
    await big.waitForFunction((id) => document.querySelector(`.maplibregl-marker[data-layer="urgent"][data-id="${id}"]`), id, { timeout: 10_000, polling: 250 });
    await settle(big);
    const marker = await markerOffset(big, id, place);
    assert(marker && marker.px < 4, `the marker is ${marker?.px} px off the SOS's place`);
    assert(marker.animation.includes('urgent-blink'), `the marker does not flash: ${marker.animation}`);
    await big.screenshot({ path: join(outDir, 'bigscreen-sos.png') });
    // never folded into a group: the SOS group, all of it shown one by one, is not listed
    const server = await rest('GET', '/api/v1/alerts?kind=sos&open=true&limit=500');
    const sosGroups = await big.$$eval('#alerts li.group[data-group^="sos."]', (lis) => lis.length);
    assert(server.alerts.length > 8 || sosGroups === 0, `${server.alerts.length} open SOS and ${sosGroups} SOS groups listed`);
    await rest('POST', `/api/v1/alerts/${id}/ack`, {});
    await big.waitForSelector(`#urgent-alerts li[data-id="${id}"]`, { state: 'detached', timeout: 10_000 });
    await big.waitForSelector(`.maplibregl-marker[data-layer="urgent"][data-id="${id}"]`, { state: 'detached', timeout: 10_000 });
  } finally {
    await big.evaluate((v) => { window.__gw.map.jumpTo(v); }, view);
    await settle(big);
  }
});

await test('big screen: its clock shows the server\'s time, not the browser\'s wrong clock', async () => {
  assert(big, 'big screen did not open');
  // The server's clock, as it answers (coverage says when it computed), read just before the page's.
  const asked = Date.now();
  const server = Date.parse((await rest('GET', '/api/v1/coverage?level=county')).at) + (Date.now() - asked) / 2;
  const shown = await big.evaluate(() => ({ clock: document.getElementById('clock').textContent, browser: Date.now() }));
  const m = /^(\d{4}-\d\d-\d\d) 星期. (\d\d:\d\d:\d\d)$/.exec(shown.clock);
  assert(m, `clock shows ${shown.clock}`);
  const at = Date.parse(`${m[1]}T${m[2]}+08:00`);
  assert(Math.abs(at - server) < 5_000, `clock shows ${shown.clock}, ${(at - server) / 1000} s off the server's time`);
  assert(Math.abs(at - shown.browser) > 3 * 3600_000, `clock follows the browser's clock (${new Date(shown.browser).toISOString()})`);
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
  await big.waitForFunction((tag) => window.__gw.alerts.list().some((a) => (a.detail ?? '').includes(tag)),
    tag, { timeout: 30_000, polling: 250 });
  await groupShows(big, tag);
  await big.waitForSelector('#conn[data-state="open"]', { timeout: 5_000 });
  const url = sockets.slice(before).find((u) => u.includes('/live'));
  assert(url && /[?&]session=/.test(url), `reconnected to ${url} without its session`);
});

await test('big screen: the duty trend chart shows the last 7 days from the history', async () => {
  assert(big, 'big screen did not open');
  await big.waitForFunction(() => window.__gw.trend?.data?.labels?.length === 7
    && document.getElementById('chart-duty-trend').querySelector('canvas')?.clientWidth > 200, null, { timeout: 15_000, polling: 250 });
  const t = await big.evaluate(() => ({
    area: document.getElementById('duty-trend-area').textContent,
    today: window.__gw.trend.data.values.coverage.at(-1),
    error: window.__gw.trend.error,
  }));
  assert(t.error === null, `the history was not loaded: ${t.error}`);
  assert(t.area.length > 0, 'the trend names no area');
  assert(typeof t.today === 'number', `today's coverage is ${t.today}`);
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

await test('big screen: the 快速反应圈 switch fetches the 3-minute layer, shows its coverage rate and draws the reached parts', async () => {
  assert(big, 'big screen did not open');
  const request = big.waitForRequest((r) => r.url().includes('/api/v1/rapid-response?'), { timeout: 15_000 });
  const response = big.waitForResponse((r) => r.url().includes('/api/v1/rapid-response?'), { timeout: 60_000 });
  // both are awaited below; should the click fail first, their timeouts are no unhandled rejection
  request.catch(() => {});
  response.catch(() => {});
  await big.check('#toggle-rapid', { timeout: 10_000 });
  const url = new URL((await request).url());
  assert(url.searchParams.get('minutes') === '3' && url.searchParams.get('geometry') === 'true', `asked ${url.search}`);
  const answer = await (await response).json();
  assert(answer.type === 'FeatureCollection' && answer.features.length > 0, `answer: ${JSON.stringify(answer).slice(0, 200)}`);
  await big.waitForFunction(() => /^3分钟覆盖率 \d+\.\d%$/.test(document.getElementById('rapid-rate')?.textContent ?? ''), null,
    { timeout: 15_000, polling: 250 });
  const shown = await big.evaluate(() => {
    const m = window.__gw.map;
    return {
      text: document.getElementById('rapid-rate').textContent,
      drawn: m.getSource('rapid').serialize().data?.features?.length ?? -1,
      visible: m.getLayoutProperty('rapid-fill', 'visibility'),
      legend: document.getElementById('legend').textContent.includes('快速反应圈'),
    };
  });
  // the figure is the server's rate; the drawn townships those with a reached part
  const expected = answer.rate === null ? '—' : `${(Math.round(answer.rate * 1000) / 10).toFixed(1)}%`;
  assert(shown.text === `3分钟覆盖率 ${expected}`, `figure ${shown.text}, server rate ${answer.rate}`);
  const reached = answer.features.filter((f) => f.geometry !== null).length;
  assert(shown.drawn === reached && reached > 0, `drawn ${shown.drawn} of ${reached} townships with a reached part`);
  assert(shown.visible === 'visible' && shown.legend, `layer ${shown.visible}, legend ${shown.legend}`);
  await still(big, join(outDir, 'bigscreen-rapid.png'));
  await big.uncheck('#toggle-rapid');
  const off = await big.evaluate(() => ({
    hidden: document.getElementById('rapid-rate').hidden, visible: window.__gw.map.getLayoutProperty('rapid-fill', 'visibility'),
  }));
  assert(off.hidden && off.visible === 'none', `off: ${JSON.stringify(off)}`);
});

await test('big screen: a JT/T 808 terminal bound to a unit registers, authenticates and moves its unit; its emergency button pins an SOS', async () => {
  assert(big, 'big screen did not open');
  for (let i = 0; demo.jt808Port() < 0 && i < 40; i++) await new Promise((r) => setTimeout(r, 250));
  assert(demo.jt808Port() > 0, 'the server logged no JT/T 808 port');
  const place = [spot(7)[0], spot(7)[1] + 0.003];
  const unit = await testUnit('E2E-JT808', 'police_car', place);
  const phone = '013800000808';
  await rest('PATCH', `/api/v1/units/${unit}`, { terminalId: phone });
  const terminal = await openTerminal(demo.jt808Port(), phone);
  try {
    const reg = await terminal.register();
    assert(reg.result === 0 && /^[0-9A-F]{16}$/.test(reg.code), `registration answered ${JSON.stringify(reg)}`);
    assert((await terminal.authenticate(reg.code)) === 0, 'authentication refused');
    await big.evaluate((c) => { window.__gw.map.jumpTo({ center: c, zoom: 15 }); }, place);
    assert((await terminal.report(place[0], place[1], new Date(Date.now() - 2000))) === 0, 'the location was not committed');
    await big.waitForFunction(([id, c]) => window.__gw.map.queryRenderedFeatures({ layers: ['units'] }).some((f) =>
      f.properties.id === id && Math.abs(f.geometry.coordinates[0] - c[0]) < 1e-4 && Math.abs(f.geometry.coordinates[1] - c[1]) < 1e-4),
    [unit, place], { timeout: 15_000, polling: 250 });
    const moved = [place[0] + 0.002, place[1]];
    assert((await terminal.report(moved[0], moved[1], new Date(), ALARM_EMERGENCY)) === 0, 'the SOS location was not committed');
    const t0 = Date.now();
    await big.locator('#urgent-alerts li[data-kind="sos"]', { hasText: `测试${unit} 紧急求助` }).waitFor({ timeout: 5_000 });
    console.log(`      SOS on the big screen ${Date.now() - t0} ms after the terminal's answer`);
    await big.waitForFunction(([id, c]) => window.__gw.map.queryRenderedFeatures({ layers: ['units'] }).some((f) =>
      f.properties.id === id && Math.abs(f.geometry.coordinates[0] - c[0]) < 1e-4), [unit, moved], { timeout: 15_000, polling: 250 });
    const sos = (await rest('GET', '/api/v1/alerts?kind=sos&open=true&limit=500')).alerts.find((a) => a.title === `测试${unit} 紧急求助`);
    assert(sos && sos.severity === 'critical', `the server's alert: ${JSON.stringify(sos)}`);
    await rest('POST', `/api/v1/alerts/${sos.id}/ack`, {});
  } finally {
    terminal.close();
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
  await postPositions([{ unit: near, lon: lon + 0.001, lat, time: nowIso(), speed: 0, heading: 0 }]);
  desk = await openPage('/dispatch');
  assertDrawnFromTiles('/dispatch as dispatcher');
  const incident = await rest('POST', '/api/v1/incidents', {
    category: 'public_order', source: 'police_call', lon, lat, reportedAt: nowIso(), title: `E2E派警测试${Date.now() % 100000}`, severity: 2,
  });
  const id = incidentId(incident);
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
});

/** The step history as the detail panel shows it, newest first: each step's title. */
const historyTitles = (page) => page.$$eval('#timeline li b', (bs) => bs.map((b) => b.textContent));

await test('dispatcher: sends a lead and a supporting unit, recalls one, transfers the case (流转); the history names each step', async () => {
  assert(desk, 'dispatcher did not open');
  const [lon, lat] = spot(0);
  // A police car (a lead kind for public order) and a grid worker (support only), 80 and 60 m away: not on
  // scene (50 m), and nearer than the demo's school guards of the quarter (about 150 m), which the
  // console's question for support kinds would list before a farther grid worker.
  const car = await testUnit('E2E-CW-CAR', 'police_car', [lon + 0.0009, lat]);
  const worker = await testUnit('E2E-CW-GW', 'grid_worker', [lon, lat + 0.00054]);
  await postPositions([
    { unit: car, lon: lon + 0.0009, lat, time: nowIso(), speed: 0, heading: 0 },
    { unit: worker, lon, lat: lat + 0.00054, time: nowIso(), speed: 0, heading: 0 },
  ]);
  const id = incidentId(await rest('POST', '/api/v1/incidents', {
    category: 'public_order', source: 'police_call', lon, lat, reportedAt: nowIso(), title: `E2E多警种${Date.now() % 100000}`, severity: 3,
  }));
  await desk.selectOption('#f-status', '');
  const item = desk.locator(`#queue li[data-id="${id}"]`);
  await item.waitFor({ timeout: 15_000 });
  await item.click();
  await desk.waitForSelector(`#detail-status[data-status="reported"]`, { timeout: 15_000 });
  // the lead: the car's button says 派遣 (no lead yet); the grid worker's waits for a unit on the case
  const carBtn = desk.locator(`#detail .dispatch-btn[data-unit="${car}"]`);
  await carBtn.waitFor({ timeout: 15_000 });
  assert((await carBtn.textContent()) === '派遣' && (await carBtn.getAttribute('data-role')) === 'lead', `the car's button: ${await carBtn.textContent()}`);
  await carBtn.click();
  await desk.waitForSelector(`#case-units li[data-unit="${car}"][data-role="lead"]`, { timeout: 15_000 });
  // support: with a lead on the case every button says 增援
  const gwBtn = desk.locator(`#detail .dispatch-btn[data-unit="${worker}"]:not([disabled])`);
  await gwBtn.waitFor({ timeout: 15_000 });
  assert((await gwBtn.textContent()) === '增援', `the grid worker's button says ${await gwBtn.textContent()}`);
  await gwBtn.click();
  await desk.waitForSelector(`#case-units li[data-unit="${worker}"][data-role="support"]`, { timeout: 15_000 });
  const roles = await desk.$$eval('#case-units li[data-unit]', (lis) => lis.map((li) => `${li.querySelector('.role').textContent}/${li.querySelector('.where').textContent}`));
  assert(roles.join() === '主办/途中,协助/途中', `units on the case: ${roles}`);
  // 撤回 the grid worker, with the reason
  await desk.click(`#case-units li[data-unit="${worker}"] .recall-btn`);
  await desk.fill('#f-recall-note', '警力充足');
  await desk.click('#detail .form button[data-submit="recall"]');
  await desk.waitForSelector(`#case-units li[data-unit="${worker}"]`, { state: 'detached', timeout: 15_000 });
  // 流转 to the township, with the reason (required: refused without)
  await desk.click('#detail .transfer-btn');
  await desk.selectOption('#f-transfer-level', 'township');
  await desk.click('#detail .form button[data-submit="transfer"]');
  await desk.waitForSelector('#toast.error:not([hidden])', { timeout: 5_000 });
  assert((await desk.textContent('#toast')) === '请填写流转原因', `transfer without a reason: ${await desk.textContent('#toast')}`);
  await desk.fill('#f-transfer-note', '涉及多个村（社区），由镇综治中心协调');
  await desk.click('#detail .form button[data-submit="transfer"]');
  await desk.waitForSelector('#detail-level[data-level="township"]', { timeout: 15_000 });
  const level = await desk.textContent('#detail-level');
  assert(level === '乡镇（街道）', `the detail shows level ${level}`);
  const titles = await historyTitles(desk);
  assert(titles.slice(0, 5).join() === '流转,撤回,增援,派遣,受理' && titles.at(-1) === '上报', `history: ${titles}`);
  const recall = await desk.textContent('#timeline li[data-action="recall"]');
  assert(recall.includes('警力充足'), `the recall step reads ${recall}`);
  // the server's record agrees
  const p = (await rest('GET', `/api/v1/incidents/${id}`)).properties;
  assert(p.unit === car && p.units.length === 1 && p.units[0].role === 'lead' && p.level === 'township', `server: ${JSON.stringify({ unit: p.unit, units: p.units, level: p.level })}`);
  const actions = p.history.map((t) => t.action);
  assert(['dispatch', 'support', 'recall', 'transfer'].every((a) => actions.includes(a)), `server's steps: ${actions}`);
  const freed = await rest('GET', `/api/v1/units/${worker}`);
  assert((freed.properties ?? freed).status === 'available', `the recalled unit is ${(freed.properties ?? freed).status}`);
  await desk.evaluate(([lon, lat]) => {
    window.__gw.map.jumpTo({ center: [lon, lat], zoom: 14 });
    document.getElementById('detail').scrollTop = 0; // the picture shows the case from its head
  }, [lon, lat]);
  await settle(desk);
  await still(desk, join(outDir, 'dispatch.png'));
});

await test('dispatcher: acknowledges an alert', async () => {
  assert(desk, 'dispatcher did not open');
  const btn = desk.locator('#alert-list button.ack-btn').first();
  await btn.waitFor({ timeout: 15_000 });
  const id = await btn.getAttribute('data-id');
  await desk.locator(`#alert-list button.ack-btn[data-id="${id}"]`).click();
  // The row shows it acknowledged, unless newer alerts (overdue cases arrive all the time in the demo)
  // pushed it out of the list meanwhile; the server's record is what counts.
  await desk.waitForFunction((id) => {
    const li = document.querySelector(`#alert-list li[data-id="${id}"]`);
    return !li || li.classList.contains('acked');
  }, id, { timeout: 10_000, polling: 100 });
  const list = await rest('GET', '/api/v1/alerts?limit=5000');
  assert(list.alerts.find((a) => String(a.id) === id)?.acknowledged === true, 'server did not record the acknowledgement');
});

await test('dispatcher: acknowledges a group of alerts at once', async () => {
  assert(desk, 'dispatcher did not open');
  const btn = desk.locator('#alert-groups button.group-ack-btn').first();
  await btn.waitFor({ timeout: 15_000 });
  const group = await btn.getAttribute('data-group');
  const before = (await rest('GET', '/api/v1/alerts/groups')).groups.find((g) => g.id === group);
  assert(before, `the server has no group ${group}`);
  // That very group's button: new groups (an overdue case, say) may have sorted before it meanwhile.
  await desk.locator(`#alert-groups button.group-ack-btn[data-group="${group}"]`).click();
  await desk.waitForFunction(() => /^已确认 \d+ 条告警$/.test(document.getElementById('toast')?.textContent ?? ''), null,
    { timeout: 10_000, polling: 100 });
  const acked = Number(/\d+/.exec(await desk.locator('#toast').textContent())[0]);
  assert(acked >= before.count, `acknowledged ${acked} of the group's ${before.count}`);
  const after = new Map((await rest('GET', `/api/v1/alerts?group=${group}&limit=5000`)).alerts.map((x) => [x.id, x]));
  const open = before.members.filter((id) => after.get(id)?.acknowledged !== true);
  assert(open.length === 0, `members of ${group} not acknowledged: ${open.join(', ')}`);
});

await test('dispatcher: a drawn circle queries incidents and units in it, and a unit\'s track replays', async () => {
  assert(desk, 'dispatcher did not open');
  const [lon, lat] = spot(3);
  const worker = await testUnit('E2E-GW-1', 'grid_worker', [lon, lat + 0.0003]);
  await postPositions([{ unit: worker, lon, lat: lat + 0.0003, time: nowIso(), speed: 0, heading: 0 }]);
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

await test('dispatcher: an SOS is on top of everything within seconds, with the call sign and the nearest help; 确认接警 acknowledges it on the server', async () => {
  assert(desk, 'dispatcher did not open');
  const place = [spot(6)[0] + 0.012, spot(6)[1] + 0.004];
  const caller = await testUnit('E2E-SOS-1', 'foot_patrol', place);
  const helper = await testUnit('E2E-SOS-HELP', 'police_car', [place[0] + 0.001, place[1]]);
  await postPositions([{ unit: helper, lon: place[0] + 0.001, lat: place[1], time: nowIso(), speed: 0, heading: 0 }]);
  await desk.waitForFunction((id) => window.__gw.units.items.get(id)?.lon != null, helper, { timeout: 10_000, polling: 250 });
  const t0 = Date.now();
  await postSos(caller, place, 64);
  const card = desk.locator('#sos .sos-card[data-kind="sos"]', { has: desk.locator('.who', { hasText: `测试${caller}` }) });
  await card.waitFor({ timeout: 5_000 });
  console.log(`      banner shown ${Date.now() - t0} ms after the fix was posted`);
  const id = await card.getAttribute('data-id');
  assert((await card.locator('.who').textContent()) === `测试${caller}`, `the banner names ${await card.locator('.who').textContent()}`);
  assert((await card.locator('.tag').textContent()) === '紧急求助', `the banner's kind: ${await card.locator('.tag').textContent()}`);
  // over everything: the banner is the topmost element where it is drawn
  const top = await desk.evaluate((id) => {
    const el = document.querySelector(`#sos .sos-card[data-id="${id}"] .who`);
    const r = el.getBoundingClientRect();
    return el.contains(document.elementFromPoint(r.left + 2, r.top + r.height / 2));
  }, id);
  assert(top, 'something is drawn over the SOS banner');
  // the nearest available help, without the caller
  await card.locator('tr[data-unit]').first().waitFor({ timeout: 10_000 });
  const help = await card.locator('tr[data-unit]').evaluateAll((trs) => trs.map((tr) => [tr.dataset.unit, ...[...tr.cells].map((td) => td.textContent)]));
  assert(help.length >= 1 && help.length <= 3 && !help.some(([u]) => u === caller), `help listed: ${JSON.stringify(help)}`);
  assert(help.some(([u]) => u === helper), `the unit 90 m away is not among the help: ${JSON.stringify(help)}`);
  assert(help.every((r) => /^\d+(\.\d)? (米|公里)$/.test(r[3]) && /^\d+ (秒|分钟)$/.test(r[4])), `distances and ETAs: ${JSON.stringify(help)}`);
  await card.locator('dl.device dd[data-field="battery"]').waitFor({ timeout: 10_000 });
  assert((await card.locator('dl.device dd[data-field="battery"]').textContent()) === '64%', 'the banner shows no battery of 64%');
  const raised = (await rest('GET', '/api/v1/alerts?kind=sos&open=true&limit=500')).alerts.find((a) => String(a.id) === id);
  assert(raised && raised.title === `测试${caller} 紧急求助` && raised.severity === 'critical', `the server's alert: ${JSON.stringify(raised)}`);
  // the map went there, and a pulsing marker is on the place
  await desk.waitForFunction((id) => document.querySelector(`.maplibregl-marker[data-layer="urgent"][data-id="${id}"]`), id, { timeout: 10_000, polling: 250 });
  await desk.waitForFunction((c) => {
    const m = window.__gw.map;
    return !m.isMoving() && m.getZoom() >= 14.9 && Math.abs(m.getCenter().lng - c[0]) < 1e-4 && Math.abs(m.getCenter().lat - c[1]) < 1e-4;
  }, place, { timeout: 15_000, polling: 250 });
  await settle(desk);
  const marker = await markerOffset(desk, id, place);
  assert(marker && marker.px < 4 && marker.animation.includes('urgent-blink'), `marker: ${JSON.stringify(marker)}`);
  await still(desk, join(outDir, 'dispatch-sos.png'));
  // it stays until acknowledged
  assert(await card.isVisible(), 'the banner went by itself');
  await card.locator('button.sos-ack-btn').click();
  await desk.waitForSelector(`#sos .sos-card[data-id="${id}"]`, { state: 'detached', timeout: 10_000 });
  const acked = (await rest('GET', '/api/v1/alerts?kind=sos&limit=500')).alerts.find((a) => String(a.id) === id);
  assert(acked?.acknowledged === true && acked.ackedBy, `the server's alert after 确认接警: ${JSON.stringify(acked)}`);
  await desk.waitForSelector(`.maplibregl-marker[data-layer="urgent"][data-id="${id}"]`, { state: 'detached', timeout: 10_000 });
  // the caller's unit, clicked on the map, shows what its terminal reported (zoomed in: the helper's icon is 90 m away)
  await desk.evaluate((c) => { window.__gw.map.jumpTo({ center: c, zoom: 17 }); }, place);
  await settle(desk);
  await desk.waitForFunction((id) => window.__gw.map.queryRenderedFeatures({ layers: ['units'] }).some((f) => f.properties.id === id),
    caller, { timeout: 15_000, polling: 250 });
  const at = await desk.evaluate((c) => {
    const p = window.__gw.map.project(c);
    const r = window.__gw.map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, place);
  await desk.mouse.click(at.x, at.y);
  const battery = desk.locator(`.maplibregl-popup .unit-popup[data-unit="${caller}"] dd[data-field="battery"]`);
  await battery.waitFor({ timeout: 10_000 });
  assert((await battery.textContent()) === '64%', `the unit's popup shows a battery of ${await battery.textContent()}`);
  const alarms = await desk.locator(`.maplibregl-popup .unit-popup[data-unit="${caller}"] dd[data-field="alarms"]`).textContent();
  assert(alarms === '紧急报警', `the unit's popup shows the alarms ${alarms}`);
});

// One software-rendered map at a time from here on.
if (desk) {
  await desk.context().close();
  desk = null;
}

await test('督办: a duty leader (supervisor) flags a case with a deadline in the console; the queue and detail show the 督办 badge', async () => {
  // The demo has no supervisor account: one is made and granted as the administrators would.
  const login = 'e2e-leader';
  const password = `Gw-E2e${Date.now() % 1000000}Ld`;
  await rest('POST', '/api/v1/admin/users', { login, displayName: '值班领导（测试）', password }, 'sysadmin');
  const city = (await rest('GET', '/api/v1/areas?level=city&limit=1')).features[0].properties.code;
  await rest('PUT', `/api/v1/admin/users/${login}/grants`, { roles: ['supervisor'], jurisdiction: [city] }, 'secadmin');
  accounts[login] = password;
  const [lon, lat] = spot(0);
  const id = incidentId(await rest('POST', '/api/v1/incidents', {
    category: 'dispute', source: 'hotline', lon: lon + 0.002, lat, reportedAt: nowIso(), title: `E2E督办${Date.now() % 100000}`, severity: 4,
  }));
  const page = await openPage('/dispatch', { as: login });
  try {
    const who = await userBadge(page);
    assert(who.role === '值班领导', `header shows ${JSON.stringify(who)}`);
    const item = page.locator(`#queue li[data-id="${id}"]`);
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    await page.click('#detail .supervise-btn');
    await page.fill('#f-supervise-note', '今日内化解，结果报值班室');
    await page.click('#detail .form button[data-submit="supervise"]');
    await page.waitForSelector('#detail-supervision', { timeout: 15_000 });
    await page.waitForSelector(`#queue li[data-id="${id}"] .supervised`, { timeout: 15_000 });
    const badge = await page.textContent(`#queue li[data-id="${id}"] .supervised`);
    assert(/^督办 \d\d-\d\d \d\d:\d\d$/.test(badge), `queue badge: ${badge}`);
    const p = (await rest('GET', `/api/v1/incidents/${id}`)).properties;
    assert(p.supervision?.note === '今日内化解，结果报值班室' && p.supervision.by === '值班领导（测试）', `server: ${JSON.stringify(p.supervision)}`);
    assert((await historyTitles(page))[0] === '督办', `history: ${await historyTitles(page)}`);
  } finally {
    await page.context().close();
  }
});

await test('roles: a screen-only user in the console is told 无权限 when acting, once, and stays signed in', async () => {
  const [lon, lat] = spot(6);
  const tag = `E2E无权限${Date.now() % 100000}`;
  const id = incidentId(await rest('POST', '/api/v1/incidents', {
    category: 'public_order', source: 'police_call', lon, lat, reportedAt: nowIso(), title: tag, severity: 3,
  }));
  const page = await openPage('/dispatch', { as: 'screen' });
  try {
    const who = await userBadge(page);
    assert(who.role === '大屏', `header shows ${JSON.stringify(who)}`);
    const writes = [];
    page.on('request', (r) => {
      if (r.method() !== 'GET') writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
    });
    const item = page.locator(`#queue li[data-id="${id}"]`);
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    const accept = page.locator('#detail .actions button[data-to="accepted"]');
    await accept.waitFor({ timeout: 15_000 });
    await accept.click();
    await page.waitForSelector('#toast.error:not([hidden])', { timeout: 10_000 });
    const toast = await page.textContent('#toast');
    assert(toast.startsWith('无权限：'), `toast says "${toast}"`);
    await new Promise((r) => setTimeout(r, 3000));
    assert(writes.join() === `POST /api/v1/incidents/${id}/transitions`, `writes after one click: ${writes.join(', ')}`);
    assert(new URL(page.url()).pathname === '/dispatch', `a refusal took the page to ${page.url()}`);
    const after = await rest('GET', `/api/v1/incidents/${id}`);
    assert((after.properties ?? after).status === 'reported', `the refused transition changed the incident to ${(after.properties ?? after).status}`);
  } finally {
    await page.context().close();
  }
});

/**
 * The page drew its grids and areas from vector tiles: it asked for /tiles/grids/… and
 * /tiles/areas/… tiles, answered 200 (or 204 where its jurisdiction has nothing, 304 when current).
 */
function assertDrawnFromTiles(label) {
  const mine = tileResponses.filter((t) => t.page === label);
  for (const set of ['grids', 'areas']) {
    const tiles = mine.filter((t) => new RegExp(`^/tiles/${set}/\\d+/\\d+/\\d+\\.mvt$`).test(t.path));
    assert(tiles.some((t) => t.status === 200), `${label}: no /tiles/${set}/ tile answered 200 (${tiles.length} asked)`);
    assert(tiles.every((t) => [200, 204, 304].includes(t.status)), `${label}: /tiles/${set}/ answered ${tiles.map((t) => t.status)}`);
  }
}

/** [[minLon, minLat], [maxLon, maxLat]] of a GeoJSON geometry. */
function geometryBounds(g) {
  const xs = [];
  const ys = [];
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      xs.push(c[0]);
      ys.push(c[1]);
    } else {
      for (const x of c) walk(x);
    }
  };
  walk(g.coordinates);
  return [[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]];
}

/** A point in a grid of some county other than `county`, with its township: `{ lon, lat, county, township }`. */
async function pointOutside(county) {
  const counties = await rest('GET', '/api/v1/areas?level=county&limit=50');
  for (const c of counties.features) {
    const code = c.properties.code;
    if (code === county) continue;
    const grids = await rest('GET', `/api/v1/areas?level=grid&code=${code}&limit=5`);
    for (const g of grids.features) {
      const ring = g.geometry.type === 'Polygon' ? g.geometry.coordinates[0] : g.geometry.coordinates[0][0];
      const pts = ring.slice(0, -1);
      const lon = pts.reduce((a, p) => a + p[0], 0) / pts.length;
      const lat = pts.reduce((a, p) => a + p[1], 0) / pts.length;
      const where = await rest('GET', `/api/v1/lookup?lon=${lon}&lat=${lat}`).catch(() => null);
      if (where?.county?.code === code) return { lon, lat, county: code, township: where.township.code };
    }
  }
  throw new Error(`no grid point found outside ${county}`);
}

await test('jurisdiction: a county dispatcher (bincheng, 滨城区 371602) sees only the county on the big screen and in the console', async () => {
  const COUNTY = '371602';
  const inCounty = (code) => typeof code === 'string' && code.startsWith(COUNTY);
  // One incident and one unit inside the county and one of each outside it, so that the views are
  // seen to leave something out, not only to hold county things.
  const inside = spot(5);
  const whereIn = await rest('GET', `/api/v1/lookup?lon=${inside[0]}&lat=${inside[1]}`);
  assert(whereIn.county.code === COUNTY, `spot ${inside} is in ${whereIn.county.code}, not ${COUNTY}`);
  const outside = await pointOutside(COUNTY);
  const tag = `E2E辖区${Date.now() % 100000}`;
  const report = (title, [lon, lat]) => rest('POST', '/api/v1/incidents', {
    category: 'dispute', source: 'hotline', lon, lat, reportedAt: nowIso(), title, severity: 4,
  }).then(incidentId);
  const idIn = await report(`${tag}内`, inside);
  const idOut = await report(`${tag}外`, [outside.lon, outside.lat]);
  const unitIn = await testUnit('E2E-BC-IN', 'foot_patrol', inside);
  const unitOut = await testUnit('E2E-BC-OUT', 'foot_patrol', [outside.lon, outside.lat]);
  await postPositions([
    { unit: unitIn, lon: inside[0], lat: inside[1], time: nowIso(), speed: 0, heading: 0 },
    { unit: unitOut, lon: outside.lon, lat: outside.lat, time: nowIso(), speed: 0, heading: 0 },
  ]);
  // The server's own records, read as the city-wide dispatcher: each unit's home township.
  const homes = new Map((await rest('GET', '/api/v1/units')).features.map((f) => [f.properties.id, f.properties.homeTownshipCode]));
  assert(inCounty(homes.get(unitIn)) && !inCounty(homes.get(unitOut)), `test units' homes: ${homes.get(unitIn)}, ${homes.get(unitOut)}`);
  const notInCounty = (ids) => ids.filter((id) => !inCounty(homes.get(id)));
  /** Reads the homes of units not in the roster read above (added since), as the city-wide dispatcher. */
  const readHomes = async (ids) => {
    for (const id of ids) {
      if (!homes.has(id)) homes.set(id, await rest('GET', `/api/v1/units/${encodeURIComponent(id)}`).then((u) => (u.properties ?? u).homeTownshipCode, () => null));
    }
  };
  const [[minLon, minLat], [maxLon, maxLat]] = geometryBounds((await rest('GET', `/api/v1/areas/${COUNTY}`)).geometry);
  const checkHeader = async (page) => {
    const who = await userBadge(page);
    assert(who.role === '调度员' && who.area?.includes('滨城区'), `header shows ${JSON.stringify(who)}`);
  };

  // --- the big screen
  const screen = await openPage('/', { as: 'bincheng' });
  try {
    await checkHeader(screen);
    const view = await screen.evaluate(() => {
      const m = window.__gw.map;
      return { center: m.getCenter().toArray(), bounds: m.getBounds().toArray() };
    });
    const [cLon, cLat] = view.center;
    assert(cLon > minLon && cLon < maxLon && cLat > minLat && cLat < maxLat, `map opens at ${view.center}, outside ${COUNTY}`);
    assert(view.bounds[1][0] - view.bounds[0][0] < 0.8 * (118.39 - 117.25), `map opens on ${JSON.stringify(view.bounds)}: the whole city`);
    await screen.waitForFunction(([idIn, unitIn]) => {
      const g = window.__gw;
      return g.incidents.get(idIn) !== undefined && g.units.items.has(unitIn) && g.screen.stats.value?.coverage?.length > 0;
    }, [idIn, unitIn], { timeout: 30_000, polling: 250 });
    await settle(screen);
    const seen = await screen.evaluate(() => {
      const g = window.__gw;
      return {
        incidents: g.incidents.list().map((i) => [i.id, i.gridCode]),
        units: [...g.units.items.keys()],
        drawn: [...new Set(g.map.queryRenderedFeatures({ layers: ['units-dot', 'units'] }).map((f) => f.properties.id))],
        stats: g.screen.stats.value,
        alerts: g.alerts.list().map((a) => [a.id, a.areaCode]),
      };
    });
    await readHomes([...seen.units, ...seen.drawn]);
    const foreignIncidents = seen.incidents.filter(([, grid]) => !inCounty(grid));
    assert(foreignIncidents.length === 0, `big screen shows incidents outside ${COUNTY}: ${JSON.stringify(foreignIncidents.slice(0, 5))}`);
    assert(!seen.incidents.some(([id]) => id === idOut), `big screen shows incident ${idOut} of ${outside.county}`);
    assert(seen.units.length > 1 && notInCounty(seen.units).length === 0, `big screen holds units outside ${COUNTY}: ${notInCounty(seen.units).slice(0, 5)}`);
    assert(!seen.units.includes(unitOut), `big screen holds unit ${unitOut} of ${outside.county}`);
    assert(seen.drawn.length > 0 && notInCounty(seen.drawn).length === 0, `map draws ${seen.drawn.length} units, outside ${COUNTY}: ${notInCounty(seen.drawn).slice(0, 5)}`);
    for (const part of ['coverage', 'posts', 'visibility']) {
      const rows = seen.stats[part] ?? [];
      const out = rows.filter((r) => !inCounty(r.code));
      assert(out.length === 0, `stats ${part} has rows outside ${COUNTY}: ${JSON.stringify(out.map((r) => [r.code, r.name]))}`);
    }
    const foreignAlerts = seen.alerts.filter(([, area]) => area !== null && !inCounty(area));
    assert(foreignAlerts.length === 0, `big screen shows alerts outside ${COUNTY}: ${JSON.stringify(foreignAlerts.slice(0, 5))}`);
  } finally {
    await screen.context().close();
  }

  // --- the console
  const page = await openPage('/dispatch', { as: 'bincheng' });
  try {
    await checkHeader(page);
    await page.selectOption('#f-status', '');
    await page.locator(`#queue li[data-id="${idIn}"]`).waitFor({ timeout: 15_000 });
    await page.waitForFunction((unitIn) => window.__gw.units.items.has(unitIn), unitIn, { timeout: 15_000, polling: 250 });
    const queue = await page.$$eval('#queue li[data-id]', (lis) => lis.map((li) => Number(li.dataset.id)));
    assert(!queue.includes(idOut), `the queue lists incident ${idOut} of ${outside.county}`);
    // each listed incident as the server has it (read as the city-wide dispatcher)
    for (const id of queue.slice(0, 25)) {
      const r = await rest('GET', `/api/v1/incidents/${id}`);
      const grid = (r.properties ?? r).gridCode;
      assert(inCounty(grid), `the queue lists incident ${id} of grid ${grid}`);
    }
    const held = await page.evaluate(() => ({
      incidents: window.__gw.incidents.list().map((i) => [i.id, i.gridCode]),
      units: [...window.__gw.units.items.keys()],
      alerts: window.__gw.alerts.list().map((a) => [a.id, a.areaCode]),
    }));
    await readHomes(held.units);
    assert(held.incidents.every(([, grid]) => inCounty(grid)), `the console holds incidents outside ${COUNTY}`);
    assert(notInCounty(held.units).length === 0 && !held.units.includes(unitOut), `the console holds units outside ${COUNTY}: ${notInCounty(held.units).slice(0, 5)}`);
    assert(held.alerts.every(([, area]) => area === null || inCounty(area)), `the console lists alerts outside ${COUNTY}`);
    // the nearest units offered for a county incident are the county's
    await page.locator(`#queue li[data-id="${idIn}"]`).click();
    await page.locator('#detail table.nearest tbody tr[data-unit]').first().waitFor({ timeout: 15_000 });
    const offered = await page.$$eval('#detail table.nearest tbody tr[data-unit]', (trs) => trs.map((tr) => tr.dataset.unit));
    await readHomes(offered);
    assert(notInCounty(offered).length === 0, `nearest units offered from outside ${COUNTY}: ${notInCounty(offered)}`);
  } finally {
    await page.context().close();
  }
});

await test('console: 日报 lists a report with its HTML, PDF and XLSX links, and the HTML report opens', async () => {
  // Yesterday in the city's time zone (the server's days are local days).
  const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const made = await rest('POST', '/api/v1/reports/daily', { date: yesterday, area: '371600' });
  assert(made?.links?.html, `POST /api/v1/reports/daily answered ${JSON.stringify(made)}`);
  const page = await openPage('/dispatch');
  try {
    await page.click('#tool-reports');
    const row = page.locator(`#report-list li.report[data-date="${yesterday}"][data-area="371600"]`);
    await row.waitFor({ timeout: 15_000 });
    const title = await row.locator('.t').textContent();
    assert(title === '滨州市社会治安日报', `the list names the report ${title}`);
    const hrefs = {};
    for (const f of ['open', 'pdf', 'xlsx']) hrefs[f] = await row.locator(`a.${f}`).getAttribute('href');
    assert(hrefs.open === made.links.html && hrefs.pdf === made.links.pdf && hrefs.xlsx === made.links.xlsx,
      `links ${JSON.stringify(hrefs)}, the server's ${JSON.stringify(made.links)}`);
    await page.screenshot({ path: join(outDir, 'dispatch-reports.png') });
    // The downloads, in the page's session.
    for (const [f, type] of [['pdf', 'application/pdf'], ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']]) {
      const r = await page.request.get(base + hrefs[f]);
      assert(r.status() === 200 && r.headers()['content-type']?.startsWith(type), `${f}: ${r.status()} ${r.headers()['content-type']}`);
      assert(r.headers()['content-disposition']?.includes("filename*=UTF-8''"), `${f}: ${r.headers()['content-disposition']}`);
    }
    // The HTML opens in a new tab, as the link does.
    const [tab] = await Promise.all([page.context().waitForEvent('page'), row.locator('a.open').click()]);
    try {
      await tab.waitForLoadState('load');
      const h1 = await tab.textContent('h1');
      assert(h1 === '滨州市社会治安日报', `the report page's heading is ${h1}`);
      for (const id of ['summary', 'incidents', 'response', 'overdue', 'patrol', 'counties', 'alerts']) {
        assert(await tab.locator(`section#${id}`).count() === 1, `the report page has no section ${id}`);
      }
      assert(await tab.locator('section#incidents svg rect').count() > 0, 'the incidents chart draws no bars');
      await tab.setViewportSize({ width: 900, height: 1200 });
      await tab.screenshot({ path: join(outDir, 'daily-report.png'), fullPage: true });
    } finally {
      await tab.close();
    }
  } finally {
    await page.context().close();
  }
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
  for (const f of ['bigscreen.png', 'bigscreen-rapid.png', 'dispatch.png', 'dispatch-sos.png', 'dispatch-reports.png', 'daily-report.png']) {
    if (existsSync(join(outDir, f))) copyFileSync(join(outDir, f), join(docsShots, f));
  }
}
await browser.close();
stopServer();
const failed = results.filter((r) => !r.ok).length;
console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
