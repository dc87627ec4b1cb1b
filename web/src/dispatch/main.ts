// The dispatcher console (指挥调度台): incident queue, detail with timeline, nearest units with
// distance and ETA, one-click dispatch, status transitions, area queries drawn on the map, track
// replay and alert acknowledgement. Live data comes from /live; actions go through the REST API.

import '../common/theme.css';
import './dispatch.css';
import * as maplibregl from 'maplibre-gl';
import { ApiError, api, type Feature, type FeatureCollection } from '../common/api';
import { createMap, distanceMetres, loadAreas, pointInRing, setData } from '../common/basemap';
import {
  ALERT_KIND, ALERT_SEVERITY_COLOR, CATEGORY, CATEGORY_COLOR, NEXT_STATUS, SOURCE, STATUS, UNIT_KIND, UNIT_STATUS, label,
} from '../common/labels';
import { UnitLayer } from '../common/units';
import { decodeIncident, decodeIncidentDetail, decodeIncidents } from '../domain/decode';
import type { Alert, Incident, IncidentDetail, Unit } from '../domain/records';
import { ConnectionBadge, UpdateBatcher, ago, dateTime, escapeHtml, throttle, timeOfDay } from '../common/ui';
import { LiveClient, liveUrl } from '../live/client';
import { KeyedState, LogState, timeThenId } from '../live/state';
import { Drawer, type Shape } from './draw';
interface Nearest { id: string; callSign: string; kind: string; status: string; distance: number; eta: number; lon?: number; lat?: number }

const ACTOR = '调度员';
const QUEUE_HOURS = 72;
const STATUS_GROUPS: Record<string, string[]> = {
  open: ['reported', 'accepted'],
  active: ['dispatched', 'on_scene', 'handled', 'verified'],
  done: ['closed', 'rejected', 'merged'],
};

const map = createMap(document.getElementById('map')!);
const client = new LiveClient({ url: liveUrl() });
const incidents = new LogState<Incident>(3000, (i) => timeThenId(i.reportedAt, i.id));
const units = new KeyedState<Unit>();
const alerts = new LogState<Alert>(300, (a) => timeThenId(a.raisedAt, a.id));
/** Unit redraws land about once a second (a software-rendered map redraws slowly). */
const batch = new UpdateBatcher(1000);
const unitLayer = new UnitLayer(map, units, (draw) => batch.schedule('units', draw));
let selected: number | null = null;
let detail: IncidentDetail | null = null;
(window as any).__gw = { map, client, incidents, units, alerts, ready: false };

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function toast(text: string, error = false): void {
  const t = $('toast');
  t.textContent = text;
  t.className = `toast ${error ? 'error' : ''}`;
  t.hidden = false;
  clearTimeout((t as any)._timer);
  (t as any)._timer = setTimeout(() => (t.hidden = true), 4000);
}

function coords(i: { lon: number | null; lat: number | null }): [number, number] | null {
  return i.lon !== null && i.lat !== null ? [i.lon, i.lat] : null;
}

// --- queue ---------------------------------------------------------------------------------------

const renderQueue = throttle(() => {
  const group = $<HTMLSelectElement>('f-status').value;
  const cat = $<HTMLSelectElement>('f-category').value;
  const text = $<HTMLInputElement>('f-text').value.trim();
  const statuses = group ? STATUS_GROUPS[group] : null;
  const list = incidents.list().filter((i) => (!statuses || statuses.includes(i.status)) && (!cat || i.category === cat)
    && (!text || (i.title ?? '').includes(text) || (i.gridName ?? '').includes(text) || String(i.id) === text));
  $('queue-count').textContent = `共 ${list.length} 起`;
  const shown = list.slice(0, 300);
  $('queue').innerHTML = shown.map((i) => `
    <li data-id="${i.id}" class="${i.id === selected ? 'sel' : ''} ${i.status === 'reported' ? 'unread' : ''}">
      <span class="tag" style="background:${CATEGORY_COLOR[i.category] ?? '#90a4ae'}">${escapeHtml(label(CATEGORY, i.category))}</span>
      <span class="t">${escapeHtml(i.title ?? `事件 ${i.id}`)}</span>
      <span class="st st-${i.status}" data-status="${i.status}">${escapeHtml(label(STATUS, i.status))}</span>
      <span class="meta">#${i.id} · ${escapeHtml(i.gridName ?? '')} · ${ago(i.reportedAt)}</span>
    </li>`).join('');
  drawIncidents(list);
}, 300);

function drawIncidents(list: Incident[]): void {
  const features = [];
  for (const i of list.slice(0, 2000)) {
    const c = coords(i);
    if (!c) continue;
    features.push({ type: 'Feature' as const, geometry: { type: 'Point', coordinates: c },
      properties: { id: i.id, color: CATEGORY_COLOR[i.category] ?? '#90a4ae', fresh: i.id === selected } });
  }
  setData(map, 'incidents', { type: 'FeatureCollection', features });
}

$('queue').addEventListener('click', (e) => {
  const li = (e.target as HTMLElement).closest('li[data-id]') as HTMLElement | null;
  if (li) void select(Number(li.dataset.id), true);
});
for (const id of ['f-status', 'f-category', 'f-text']) $(id).addEventListener('input', renderQueue);
$<HTMLSelectElement>('f-category').innerHTML = `<option value="">全部类别</option>` +
  Object.entries(CATEGORY).map(([k, v]) => `<option value="${k}">${v}</option>`).join('');

// --- detail --------------------------------------------------------------------------------------

async function select(id: number, fly: boolean): Promise<void> {
  selected = id;
  renderQueue();
  try {
    detail = decodeIncidentDetail(await api.get<unknown>(`/api/v1/incidents/${id}`));
  } catch (e) {
    toast(`读取事件失败：${(e as Error).message}`, true);
    return;
  }
  if (selected !== id || !detail) return;
  const c = coords(detail);
  if (c) {
    setData(map, 'highlight', { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties: {} }] });
    if (fly) map.flyTo({ center: c, zoom: Math.max(map.getZoom(), 13), speed: 2 });
  }
  renderDetail(detail, null);
  void loadNearest(detail);
}

function renderDetail(i: IncidentDetail, nearest: Nearest[] | null, error?: string): void {
  const next = (NEXT_STATUS[i.status] ?? []).filter((s) => s !== 'dispatched');
  const timeline = (i.history ?? []).slice().reverse();
  $('detail').innerHTML = `
    <div class="head">
      <span class="tag" style="background:${CATEGORY_COLOR[i.category] ?? '#90a4ae'}">${escapeHtml(label(CATEGORY, i.category))}</span>
      <h2>${escapeHtml(i.title ?? `事件 ${i.id}`)}</h2>
      <span class="st st-${i.status}" id="detail-status" data-status="${i.status}">${escapeHtml(label(STATUS, i.status))}</span>
    </div>
    <dl>
      <dt>编号</dt><dd>#${i.id}</dd>
      <dt>来源</dt><dd>${escapeHtml(label(SOURCE, i.source))}</dd>
      <dt>等级</dt><dd>${i.severity ?? '—'} 级</dd>
      <dt>上报时间</dt><dd>${dateTime(i.reportedAt)}（${ago(i.reportedAt)}）</dd>
      <dt>所在网格</dt><dd>${escapeHtml(i.gridName ?? '—')}</dd>
      <dt>处置力量</dt><dd>${escapeHtml(i.unit ? unitName(i.unit) : '—')}</dd>
      ${i.responseSeconds != null ? `<dt>响应用时</dt><dd>${Math.round(i.responseSeconds / 60)} 分钟</dd>` : ''}
      <dt>描述</dt><dd>${escapeHtml(i.description ?? '—')}</dd>
    </dl>
    <div class="actions">${next.map((s) => `<button data-to="${s}">${escapeHtml(label(STATUS, s))}</button>`).join('')}</div>
    <h3>附近可用力量</h3>
    <table class="nearest"><thead><tr><th>力量</th><th>类型</th><th>距离</th><th>预计到达</th><th></th></tr></thead>
      <tbody>${nearest === null ? `<tr><td colspan="5">${error ? escapeHtml(error) : '查询中…'}</td></tr>`
        : nearest.length === 0 ? '<tr><td colspan="5">附近没有可用力量</td></tr>'
        : nearest.map((u, k) => `<tr data-unit="${escapeHtml(u.id)}">
            <td>${escapeHtml(u.callSign)}</td><td>${escapeHtml(label(UNIT_KIND, u.kind))}</td>
            <td>${formatDistance(u.distance)}</td><td>${formatEta(u.eta)}</td>
            <td><button class="dispatch-btn ${k === 0 ? 'primary' : ''}" data-unit="${escapeHtml(u.id)}"
              ${canDispatch(i) ? '' : 'disabled'}>派遣</button></td></tr>`).join('')}</tbody></table>
    <h3>处置时间线</h3>
    <ol class="timeline">${timeline.map((t) => `<li><b>${escapeHtml(label(STATUS, t.to))}</b>
      <span>${dateTime(t.at)} · ${escapeHtml(t.actor ?? '')}${t.unit ? ' · ' + escapeHtml(unitName(t.unit)) : ''}</span>
      ${t.note ? `<em>${escapeHtml(t.note)}</em>` : ''}</li>`).join('') || '<li>暂无</li>'}</ol>`;
}

function canDispatch(i: Incident): boolean {
  return ['reported', 'accepted', 'handled'].includes(i.status);
}

function unitName(id: string): string {
  return units.items.get(id)?.callSign ?? id;
}

function formatDistance(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${Math.round(m)} 米`;
}

function formatEta(s: number): string {
  return s < 60 ? `${Math.round(s)} 秒` : `${Math.round(s / 60)} 分钟`;
}

async function loadNearest(i: IncidentDetail): Promise<void> {
  const c = coords(i);
  if (!c) return renderDetail(i, []);
  try {
    const res = await api.get<any>('/api/v1/units/nearest', { lon: c[0], lat: c[1], k: 6 });
    const list: Nearest[] = (res.features ?? res.units ?? res.items ?? []).map((f: any) => {
      const p = f.properties ?? f;
      return { ...p, id: p.id ?? f.id, distance: p.distance ?? p.distanceMetres ?? 0, eta: p.eta ?? p.etaSeconds ?? 0 };
    });
    if (detail?.id === i.id) renderDetail(detail, list);
  } catch (e) {
    if (detail?.id === i.id) renderDetail(detail, null, `查询失败：${(e as Error).message}`);
  }
}

$('detail').addEventListener('click', async (e) => {
  const target = e.target as HTMLElement;
  if (!detail || !(target instanceof HTMLButtonElement) || target.disabled) return;
  const i = detail;
  try {
    if (target.dataset.to) {
      target.disabled = true;
      await api.post(`/api/v1/incidents/${i.id}/transitions`, { to: target.dataset.to, actor: ACTOR });
      toast(`事件 #${i.id} 已${label(STATUS, target.dataset.to)}`);
    } else if (target.classList.contains('dispatch-btn')) {
      target.disabled = true;
      if (i.status === 'reported') await api.post(`/api/v1/incidents/${i.id}/transitions`, { to: 'accepted', actor: ACTOR, note: '调度受理' });
      const res = decodeIncident(await api.post<unknown>(`/api/v1/incidents/${i.id}/dispatch`, { unit: target.dataset.unit, actor: ACTOR }));
      if (res) incidents.put(res);
      toast(`已派遣 ${unitName(target.dataset.unit!)} 前往事件 #${i.id}`);
    } else {
      return;
    }
  } catch (err) {
    toast(err instanceof ApiError ? `操作失败：${err.message}` : `操作失败`, true);
  }
  await select(i.id, false);
});

// --- alerts --------------------------------------------------------------------------------------

const renderAlerts = throttle(() => {
  const list = alerts.list().slice(0, 100);
  $('alert-open').textContent = String(list.filter((a) => !a.acknowledged).length);
  $('alert-list').innerHTML = list.map((a) => `
    <li data-id="${a.id}" class="${a.acknowledged ? 'acked' : ''}">
      <span class="tag" style="background:${ALERT_SEVERITY_COLOR[a.severity] ?? '#40c4ff'}">${escapeHtml(label(ALERT_KIND, a.kind))}</span>
      <span class="t">${escapeHtml(a.title)}</span>
      ${a.acknowledged ? `<span class="ok">已确认${a.ackedBy ? '（' + escapeHtml(a.ackedBy) + '）' : ''}</span>`
        : `<button class="ack-btn" data-id="${a.id}">确认</button>`}
      <span class="meta">${timeOfDay(a.raisedAt)}${a.detail ? ' · ' + escapeHtml(a.detail) : ''}</span>
    </li>`).join('') || '<li class="empty">暂无告警</li>';
}, 300);

$('alert-list').addEventListener('click', async (e) => {
  const target = e.target as HTMLElement;
  const li = target.closest('li[data-id]') as HTMLElement | null;
  if (!li) return;
  const a = alerts.get(Number(li.dataset.id));
  if (target.classList.contains('ack-btn')) {
    (target as HTMLButtonElement).disabled = true;
    try {
      alerts.put(await api.post<Alert>(`/api/v1/alerts/${li.dataset.id}/ack`, { by: ACTOR }));
      toast('告警已确认');
    } catch (err) {
      toast(`确认失败：${(err as Error).message}`, true);
    }
    renderAlerts();
  } else if (a?.lon != null && a.lat != null) {
    map.flyTo({ center: [a.lon, a.lat], zoom: 14 });
  }
});

// --- area query and track replay -----------------------------------------------------------------

const drawer = new Drawer(map, (shape) => void queryArea(shape));
$('tool-polygon').onclick = () => drawer.start('polygon');
$('tool-circle').onclick = () => drawer.start('circle');
$('tool-clear').onclick = () => {
  drawer.clear();
  setData(map, 'track', { type: 'FeatureCollection', features: [] });
  $('area-result').hidden = true;
};

async function queryArea(shape: Shape): Promise<void> {
  const box = $('area-result');
  box.hidden = false;
  box.innerHTML = '查询中…';
  const from = new Date(Date.now() - 24 * 3600_000).toISOString();
  const query: Record<string, string | number> = { from, limit: 500 };
  let inside: (p: [number, number]) => boolean;
  if (shape.kind === 'circle') {
    Object.assign(query, { lon: shape.center[0], lat: shape.center[1], radius: Math.round(shape.radius) });
    inside = (p) => distanceMetres(p, shape.center) <= shape.radius;
  } else {
    query.polygon = JSON.stringify({ type: 'Polygon', coordinates: [shape.ring] });
    inside = (p) => pointInRing(p, shape.ring);
  }
  try {
    const fc = await api.get<FeatureCollection>('/api/v1/incidents', query);
    const found = decodeIncidents(fc);
    const inUnits = [...units.items.values()].filter((u) => u.lon != null && u.lat != null && inside([u.lon, u.lat]));
    box.innerHTML = `
      <div class="area-head"><b>${shape.kind === 'circle' ? `圆形区域（半径 ${formatDistance(shape.radius)}）` : '多边形区域'}</b>
        <span>近 24 小时事件 <em id="area-incidents">${found.length}</em> 起 · 巡防力量 <em id="area-units">${inUnits.length}</em> 个</span>
        <button id="area-close">关闭</button></div>
      <div class="area-cols">
        <ul class="list">${found.slice(0, 100).map((i) => `<li data-incident="${i.id}"><span class="tag" style="background:${CATEGORY_COLOR[i.category] ?? '#90a4ae'}">${escapeHtml(label(CATEGORY, i.category))}</span>
          <span class="t">${escapeHtml(i.title ?? '')}</span><span class="st">${escapeHtml(label(STATUS, i.status))}</span></li>`).join('') || '<li class="empty">无事件</li>'}</ul>
        <ul class="list">${inUnits.slice(0, 100).map((u) => `<li data-unit="${escapeHtml(u.id)}"><span class="t">${escapeHtml(u.callSign)}</span>
          <span class="st">${escapeHtml(label(UNIT_KIND, u.kind))} · ${escapeHtml(label(UNIT_STATUS, u.status))}</span>
          <button class="replay-btn" data-unit="${escapeHtml(u.id)}">轨迹回放</button></li>`).join('') || '<li class="empty">无力量</li>'}</ul>
      </div>`;
  } catch (e) {
    box.innerHTML = `查询失败：${escapeHtml((e as Error).message)}`;
  }
}

$('area-result').addEventListener('click', (e) => {
  const t = e.target as HTMLElement;
  if (t.id === 'area-close') {
    $('area-result').hidden = true;
    drawer.clear();
    return;
  }
  if (t.classList.contains('replay-btn')) return showReplay(t.dataset.unit!);
  const li = t.closest('li[data-incident]') as HTMLElement | null;
  if (li) void select(Number(li.dataset.incident), true);
});

function localInput(d: Date): string {
  const off = d.getTimezoneOffset() * 60_000;
  return new Date(d.getTime() - off).toISOString().slice(0, 16);
}

function showReplay(unitId: string): void {
  const box = $('area-result');
  box.hidden = false;
  const now = new Date();
  box.innerHTML = `
    <div class="area-head"><b>轨迹回放：${escapeHtml(unitName(unitId))}</b><button id="area-close">关闭</button></div>
    <div class="replay">
      <label>从 <input type="datetime-local" id="rp-from" value="${localInput(new Date(now.getTime() - 3600_000))}"></label>
      <label>到 <input type="datetime-local" id="rp-to" value="${localInput(now)}"></label>
      <button id="rp-go" class="primary">回放</button>
      <input type="range" id="rp-pos" min="0" max="1000" value="0">
      <span id="rp-info"></span>
    </div>`;
  $('rp-go').onclick = () => void replay(unitId);
}

let replayTimer: ReturnType<typeof setInterval> | null = null;

async function replay(unitId: string): Promise<void> {
  if (replayTimer) clearInterval(replayTimer);
  const from = new Date($<HTMLInputElement>('rp-from').value).toISOString();
  // The inputs have minute precision: "到 11:24" covers 11:24 itself, up to 11:25 exclusive, so that
  // the default (now) includes the fixes of the current minute.
  const to = new Date(new Date($<HTMLInputElement>('rp-to').value).getTime() + 60_000).toISOString();
  let points: Feature[];
  try {
    points = (await api.get<FeatureCollection>(`/api/v1/units/${encodeURIComponent(unitId)}/track`, { from, to, limit: 5000 })).features
      .filter((f) => f.geometry?.type === 'Point');
  } catch (e) {
    $('rp-info').textContent = `查询失败：${(e as Error).message}`;
    return;
  }
  if (points.length === 0) {
    $('rp-info').textContent = '该时段没有轨迹点';
    setData(map, 'track', { type: 'FeatureCollection', features: [] });
    return;
  }
  const line = points.map((p) => p.geometry!.coordinates as [number, number]);
  const time = (k: number) => points[k].properties?.time ?? points[k].properties?.at;
  const bounds = line.reduce((b, c) => b.extend(c), new maplibregl.LngLatBounds(line[0], line[0]));
  map.fitBounds(bounds, { padding: 80, maxZoom: 15 });
  const slider = $<HTMLInputElement>('rp-pos');
  const show = (k: number) => {
    setData(map, 'track', { type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: { type: 'LineString', coordinates: line.length > 1 ? line : [line[0], line[0]] }, properties: {} },
      { type: 'Feature', geometry: { type: 'Point', coordinates: line[k] }, properties: {} },
    ] });
    $('rp-info').textContent = `${k + 1}/${points.length} · ${timeOfDay(time(k))}`;
  };
  slider.max = String(points.length - 1);
  slider.oninput = () => {
    if (replayTimer) clearInterval(replayTimer);
    show(Number(slider.value));
  };
  let k = 0;
  show(0);
  const step = Math.max(1, Math.ceil(points.length / 200));
  replayTimer = setInterval(() => {
    k = Math.min(points.length - 1, k + step);
    slider.value = String(k);
    show(k);
    if (k >= points.length - 1 && replayTimer) clearInterval(replayTimer);
  }, 50);
}

// --- map interaction -----------------------------------------------------------------------------

map.on('click', 'incidents', (e) => {
  if (drawer.active) return;
  const id = e.features?.[0]?.properties?.id;
  if (id != null) void select(Number(id), false);
});

map.on('click', 'units', (e) => {
  if (drawer.active) return;
  const p = e.features?.[0]?.properties;
  if (!p) return;
  const div = document.createElement('div');
  div.innerHTML = `<b>${escapeHtml(p.callSign)}</b><br>${escapeHtml(label(UNIT_KIND, p.kind))} · ${escapeHtml(label(UNIT_STATUS, p.status))}<br>`;
  const b = document.createElement('button');
  b.textContent = '轨迹回放';
  b.onclick = () => showReplay(p.id);
  div.appendChild(b);
  new maplibregl.Popup({ closeButton: false }).setLngLat(e.lngLat).setDOMContent(div).addTo(map);
});
for (const layer of ['incidents', 'units']) {
  map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
  map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
}

// --- start ---------------------------------------------------------------------------------------

new ConnectionBadge($('conn'), client);
setInterval(() => ($('clock').textContent = new Date().toTimeString().slice(0, 8)), 1000);
setInterval(renderQueue, 30_000); // "… minutes ago"

client.subscribe('incidents', 'incidents', (e) => {
  const r = incidents.apply(e);
  renderQueue();
  if (selected != null && r.items.some((i) => i.id === selected)) {
    const cur = incidents.get(selected);
    if (cur && detail && cur.status !== detail.status) void select(selected, false);
  }
}, { params: { hours: QUEUE_HOURS } });
client.subscribe('units', 'units', (e) => unitLayer.apply(e));
client.subscribe('alerts', 'alerts', (e) => {
  alerts.apply(e);
  renderAlerts();
}, { params: { hours: 24 } });

map.on('load', async () => {
  try {
    await loadAreas(map);
  } catch (e) {
    console.error('areas', e);
  }
  map.setPaintProperty('grid-fill', 'fill-opacity', 0.12);
  client.start();
  renderQueue();
  // Ready for a look (and for the browser tests): the areas are drawn. A live map may never be
  // "idle" while data keeps arriving, so this does not wait for that.
  map.once('render', () => ((window as any).__gw.ready = true));
  map.triggerRepaint();
});
