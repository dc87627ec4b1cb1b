// The command-center big screen (态势一张图): one map, the panels, the alert list, all live.
// Nobody touches it: everything it shows comes from /live subscriptions that survive reconnects,
// and every structure it keeps is bounded (see ../live/state.ts).

import '../common/theme.css';
import './bigscreen.css';
import type * as maplibregl from 'maplibre-gl';
import { api, type FeatureCollection } from '../common/api';
import { applyCoverage, circlePolygon, createMap, heatResolution, loadAreas, setData } from '../common/basemap';
import {
  ALERT_KIND, ALERT_SEVERITY_COLOR, CATEGORY, CATEGORY_COLOR, COVERAGE_COLOR, COVERAGE_STATE, HEAT_WINDOWS,
  POST_STATE, POST_STATE_COLOR, UNIT_STATUS, UNIT_STATUS_COLOR, label,
} from '../common/labels';
import { UnitLayer } from '../common/units';
import { ConnectionBadge, UpdateBatcher, escapeHtml, timeOfDay } from '../common/ui';
import type { Alert, HeatCell, Incident, Post, Stats, Unit } from '../domain/records';
import { LiveClient, liveUrl } from '../live/client';
import type { Params } from '../live/protocol';
import { KeyedState, LogState, ValueState, timeThenId } from '../live/state';
import { Panels } from './panels';

const INCIDENT_HOURS = 6;

const map = createMap(document.getElementById('map')!);
const client = new LiveClient({ url: liveUrl() });
const panels = new Panels();

const units = new KeyedState<Unit>();
const heat = new KeyedState<HeatCell>();
const posts = new KeyedState<Post>();
const incidents = new LogState<Incident>(2000, (i) => timeThenId(i.reportedAt, i.id));
const alerts = new LogState<Alert>(200, (a) => timeThenId(a.raisedAt, a.id));
const stats = new ValueState<Stats>();
/** Map updates from all channels land together, about once a second. */
const batch = new UpdateBatcher(1000);
const unitLayer = new UnitLayer(map, units, (draw) => batch.schedule('units', draw));
/** Coverage changes collected between batches: grid code -> state (null: removed). */
const coverageChanges = new Map<string, string | null>();
let coverageReset = false;

let heatWindow = '24h';
let heatCategory = '';
let riskCount = 0;

/** Test and operations hook: what the screen holds now. */
(window as any).__gw = { map, client, units, heat, alerts, incidents, posts, ready: false, unitLayer, batch };

// --- live subscriptions --------------------------------------------------------------------------

function subscribeAll(): void {
  client.subscribe('units', 'units', (e) => unitLayer.apply(e));
  const heatSub = client.subscribe('heat', 'heat', (e) => {
    heat.apply(e);
    drawHeat();
  }, { params: heatParams() });
  client.subscribe('coverage', 'coverage', (e) => {
    if (e.kind !== 'delta') {
      coverageReset = true;
      coverageChanges.clear();
    }
    for (const c of e.kind === 'snapshot' ? e.data.items : e.kind === 'delta' ? e.data.upsert : []) coverageChanges.set(c.id, c.state);
    if (e.kind === 'delta') for (const code of e.data.remove) coverageChanges.set(code, null);
    batch.schedule('coverage', drawCoverage);
  }, { params: { window: 30 } });
  client.subscribe('incidents', 'incidents', (e) => {
    incidents.apply(e);
    drawIncidents();
  }, { params: { hours: INCIDENT_HOURS } });
  client.subscribe('posts', 'posts', (e) => {
    posts.apply(e);
    drawPosts();
  });
  client.subscribe('alerts', 'alerts', (e) => {
    const r = alerts.apply(e);
    renderAlerts(r.reset ? new Set() : new Set(r.items.filter((a) => !a.acknowledged).map((a) => a.id)));
  }, { params: { hours: 24 } });
  client.subscribe('stats', 'stats', (e) => panels.update(stats.apply(e)));

  const updateHeat = () => heatSub.update({ params: heatParams() });
  let lastRes = heatResolution(map.getZoom());
  map.on('moveend', () => {
    const res = heatResolution(map.getZoom());
    if (res !== lastRes) {
      lastRes = res;
      updateHeat();
    }
  });
  buildHeatControls(updateHeat);
}

function heatParams(): Params {
  const p: Params = { window: heatWindow, resolution: heatResolution(map.getZoom()) };
  if (heatCategory) p.categories = [heatCategory];
  return p;
}

// --- drawing -------------------------------------------------------------------------------------

function drawCoverage(): void {
  const items: { code: string; state: string }[] = [];
  const removed: string[] = [];
  for (const [code, state] of coverageChanges) (state === null ? removed.push(code) : items.push({ code, state }));
  applyCoverage(map, coverageReset, items, removed);
  coverageChanges.clear();
  coverageReset = false;
}

const drawHeat = () => batch.schedule('heat', () => {
  const features = [...heat.items.values()].map((c) => ({
    type: 'Feature' as const, geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, properties: { count: c.count },
  }));
  setData(map, 'heat', { type: 'FeatureCollection', features });
});

const drawIncidents = () => batch.schedule('incidents', () => {
  const now = Date.now();
  const features = [];
  for (const i of incidents.list()) {
    if (i.lon === null || i.lat === null) continue;
    features.push({
      type: 'Feature' as const, geometry: { type: 'Point', coordinates: [i.lon, i.lat] },
      properties: { id: i.id, color: CATEGORY_COLOR[i.category] ?? '#90a4ae', fresh: now - Date.parse(i.reportedAt) < 15 * 60_000 },
    });
  }
  setData(map, 'incidents', { type: 'FeatureCollection', features });
  setText('kpi-incidents', String(features.length));
});

let postsDrawn = '';
const drawPosts = () => batch.schedule('posts', () => {
  let staffed = 0, due = 0;
  const features = [];
  for (const p of posts.items.values()) {
    features.push({
      type: 'Feature' as const, geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { id: p.id, name: p.name, state: p.state, color: POST_STATE_COLOR[p.state] ?? '#546e7a' },
    });
    if (p.state === 'staffed') staffed++;
    if (p.state === 'staffed' || p.state === 'understaffed' || p.state === 'missed') due++;
  }
  // The channel is recomputed every second; redraw only when a post's colour changed.
  const key = features.map((f) => f.properties.state).join();
  if (key !== postsDrawn) {
    postsDrawn = key;
    setData(map, 'posts', { type: 'FeatureCollection', features });
  }
  panels.setPostRate(due > 0 ? staffed / due : null);
});

async function pollRiskZones(): Promise<void> {
  try {
    const fc = await api.get<FeatureCollection>('/api/v1/risk-zones');
    const features = fc.features.filter((f) => f.geometry?.type === 'Point').map((f) => ({
      type: 'Feature' as const,
      geometry: { type: 'Polygon', coordinates: [circlePolygon(f.geometry!.coordinates, f.properties.radius ?? 200)] },
      properties: { category: f.properties.category },
    }));
    riskCount = features.length;
    setText('kpi-risk', String(riskCount));
    setData(map, 'risk', { type: 'FeatureCollection', features });
  } catch {
    // next poll
  }
}

async function loadKeyPlaces(): Promise<void> {
  try {
    setData(map, 'keyplaces', await api.get<FeatureCollection>('/api/v1/key-places', { limit: 5000 }));
  } catch {
    // a server without key places: the layer stays empty
  }
}

// --- alert list ----------------------------------------------------------------------------------

let alertScroll = 0;

function renderAlerts(fresh: Set<number>): void {
  const list = alerts.list().slice(0, 60);
  const open = list.filter((a) => !a.acknowledged).length;
  setText('alert-open', String(open));
  const ul = document.querySelector('#alerts ul')!;
  ul.innerHTML = list.length === 0 ? '<li class="empty">暂无告警</li>' : list.map((a) => `
    <li class="${a.acknowledged ? 'acked' : ''} ${fresh.has(a.id) ? 'new' : ''}" data-id="${a.id}">
      <span class="tag" style="background:${ALERT_SEVERITY_COLOR[a.severity] ?? '#40c4ff'}">${escapeHtml(label(ALERT_KIND, a.kind))}</span>
      <span class="t">${escapeHtml(a.title)}</span>
      <span class="meta">${timeOfDay(a.raisedAt)}${a.detail ? ' · ' + escapeHtml(a.detail) : ''}${a.acknowledged ? ' · 已确认' : ''}</span>
    </li>`).join('');
  if (fresh.size > 0) alertScroll = 0;
}

/** The list scrolls by itself when it is longer than its panel, pausing at both ends. */
function startAlertScroll(): void {
  const box = document.getElementById('alerts')!;
  let pause = 60;
  setInterval(() => {
    const max = box.scrollHeight - box.clientHeight;
    if (max <= 0) {
      box.scrollTop = alertScroll = 0;
      return;
    }
    if (pause > 0) {
      pause--;
      return;
    }
    alertScroll += 1;
    if (alertScroll >= max) {
      alertScroll = 0;
      pause = 60;
    }
    box.scrollTop = alertScroll;
  }, 50);
}

// --- controls, legend, clock ---------------------------------------------------------------------

function buildHeatControls(onChange: () => void): void {
  const seg = document.getElementById('heat-window')!;
  for (const [w, text] of HEAT_WINDOWS) {
    const b = document.createElement('button');
    b.textContent = text;
    b.dataset.window = w;
    b.className = w === heatWindow ? 'on' : '';
    b.onclick = () => {
      heatWindow = w;
      seg.querySelectorAll('button').forEach((x) => x.classList.toggle('on', x === b));
      onChange();
    };
    seg.appendChild(b);
  }
  const sel = document.getElementById('heat-category') as HTMLSelectElement;
  sel.innerHTML = `<option value="">全部类别</option>` +
    Object.entries(CATEGORY).map(([k, v]) => `<option value="${k}">${v}</option>`).join('');
  sel.onchange = () => {
    heatCategory = sel.value;
    onChange();
  };
  const toggle = (id: string, layers: string[]) => {
    const box = document.getElementById(id) as HTMLInputElement;
    box.onchange = () => layers.forEach((l) => map.setLayoutProperty(l, 'visibility', box.checked ? 'visible' : 'none'));
  };
  toggle('toggle-heat', ['heat']);
  toggle('toggle-grids', ['grid-fill', 'grid-line']);
  toggle('toggle-units', ['units', 'units-dot']);
}

function buildLegend(): void {
  const dot = (color: string, text: string, sq = false) => `<span><i class="${sq ? 'sq' : ''}" style="background:${color}"></i>${text}</span>`;
  document.getElementById('legend')!.innerHTML = `
    <div class="row">网格覆盖：${Object.entries(COVERAGE_STATE).map(([k, v]) => dot(COVERAGE_COLOR[k], v, true)).join('')}</div>
    <div class="row">巡防力量：${Object.entries(UNIT_STATUS).map(([k, v]) => dot(UNIT_STATUS_COLOR[k], v)).join('')}
      护学岗：${['staffed', 'understaffed', 'missed', 'pending'].map((k) => dot(POST_STATE_COLOR[k], POST_STATE[k])).join('')}</div>
    <div class="row">${dot('#ff5252', '近重复风险区', true)}重点部位：${dot('#e040fb', '重点时段')}${dot('#ff1744', '超时未巡')}${dot('#6a4a78', '非重点时段')}${dot('#fff', `近 ${INCIDENT_HOURS} 小时事件（按类别着色）`)}</div>`;
}

function setText(id: string, text: string): void {
  const el = document.getElementById(id);
  if (el) el.textContent = text;
}

function startClock(): void {
  const el = document.getElementById('clock')!;
  const tick = () => {
    const d = new Date();
    const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const week = '日一二三四五六'[d.getDay()];
    el.textContent = `${date} 星期${week} ${d.toTimeString().slice(0, 8)}`;
  };
  tick();
  setInterval(tick, 1000);
}

// --- start ---------------------------------------------------------------------------------------

new ConnectionBadge(document.getElementById('conn')!, client);
startClock();
buildLegend();
startAlertScroll();
renderAlerts(new Set());

map.on('load', async () => {
  try {
    await loadAreas(map);
  } catch (e) {
    console.error('areas', e);
  }
  subscribeAll();
  client.start();
  void loadKeyPlaces();
  setInterval(loadKeyPlaces, 60_000);
  void pollRiskZones();
  setInterval(pollRiskZones, 30_000);
  setInterval(drawIncidents, 60_000); // "fresh" ages out
  // Ready for a look (and for the browser tests): the areas are drawn. A live map may never be
  // "idle" while data keeps arriving, so this does not wait for that.
  map.once('render', () => ((window as any).__gw.ready = true));
  map.triggerRepaint();
});

for (const layer of ['units', 'units-dot']) map.on('click', layer, (e) => popup(e, (p) => `${escapeHtml(p.callSign)}<br>${label(UNIT_STATUS, p.status)}`));
map.on('click', 'posts', (e) => popup(e, (p) => `${escapeHtml(p.name)}<br>${label(POST_STATE, p.state)}`));
map.on('click', 'keyplaces', (e) => popup(e, (p) => `${escapeHtml(p.name)}<br>${p.overdue ? '超时未巡' : p.inPeriod ? '重点时段' : '非重点时段'}`));

function popup(e: maplibregl.MapLayerMouseEvent, html: (p: any) => string): void {
  const f = e.features?.[0];
  if (!f) return;
  void import('maplibre-gl').then((m) => new m.Popup({ closeButton: false }).setLngLat(e.lngLat).setHTML(html(f.properties)).addTo(map));
}
