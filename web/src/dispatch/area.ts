// Area queries and track replay: a polygon or circle drawn on the map lists the incidents of the
// last 24 hours (from the server) and the units (from the live state) inside it; a unit's track
// is replayed for a time window, the map following it.

import { type Api, type Query, errorText } from '../common/api';
import type { Clock } from '../common/clock';
import { escapeHtml, formatDistance, localInput, timeOfDay } from '../common/format';
import { deviceHtml, deviceRows } from '../common/device';
import { boundsOf, distanceMetres, pointInRing } from '../common/geo';
import { EMPTY, featureCollection, pointFeature } from '../common/geojson';
import type { MapSurface } from '../common/map-surface';
import { CATEGORY_COLOR, colorOf } from '../common/palette';
import { element } from '../common/ui';
import { decodeIncidents, decodeTrack, decodeUnitDetail } from '../domain/decode';
import type { LonLat, Unit } from '../domain/records';
import type { Vocabulary } from '../domain/vocabulary';
import type { KeyedState } from '../live/state';
import type { Shape } from './draw';

/** The drawing tool as the area tools use it (./draw.ts on a MapLibre map). */
export interface ShapeDrawer {
  readonly active: boolean;
  start(mode: Shape['kind']): void;
  clear(): void;
}

export interface AreaToolsDeps {
  doc: Document;
  map: MapSurface;
  api: Api;
  clock: Clock;
  vocabulary: Vocabulary;
  units: KeyedState<Unit>;
  unitName: (id: string) => string;
  select: (incidentId: number) => void;
}

const QUERY_HOURS = 24;
const LISTED = 100;
/** Replay frames: the track is shown in about this many steps, one every 50 ms. */
const REPLAY_STEPS = 200;
const REPLAY_FRAME_MS = 50;

export class AreaTools {
  private drawer: ShapeDrawer | null = null;
  private readonly box: HTMLElement;
  private stopReplay: (() => void) | null = null;

  constructor(private readonly deps: AreaToolsDeps) {
    this.box = element(deps.doc, 'area-result');
  }

  mount(drawer: ShapeDrawer): void {
    const { doc, map, vocabulary } = this.deps;
    this.drawer = drawer;
    element(doc, 'tool-polygon').onclick = () => drawer.start('polygon');
    element(doc, 'tool-circle').onclick = () => drawer.start('circle');
    element(doc, 'tool-clear').onclick = () => {
      drawer.clear();
      map.setData('track', EMPTY);
      this.box.hidden = true;
    };
    this.box.addEventListener('click', (e) => {
      const t = e.target;
      if (!(t instanceof HTMLElement)) return;
      if (t.id === 'area-close') {
        this.box.hidden = true;
        drawer.clear();
        return;
      }
      if (t.classList.contains('replay-btn') && t.dataset.unit) return this.showReplay(t.dataset.unit);
      const li = t.closest<HTMLElement>('li[data-incident]');
      if (li) this.deps.select(Number(li.dataset.incident));
    });
    map.onFeatureClick('units', (p, at) => {
      if (drawer.active || typeof p.id !== 'string') return;
      const id = p.id;
      const div = doc.createElement('div');
      div.className = 'unit-popup';
      div.dataset.unit = id;
      div.innerHTML = `<b>${escapeHtml(p.callSign)}</b><br>${escapeHtml(vocabulary.label('unitKinds', typeof p.kind === 'string' ? p.kind : null))} · ${escapeHtml(vocabulary.label('unitStatuses', typeof p.status === 'string' ? p.status : null))}
        <div class="unit-device">读取终端状态…</div>`;
      const b = doc.createElement('button');
      b.textContent = '轨迹回放';
      b.onclick = () => this.showReplay(id);
      div.appendChild(b);
      map.popup(at, div);
      void this.showDevice(id, div.querySelector<HTMLElement>('.unit-device'));
    });
  }

  /** What the unit's terminal reported with its last fix (GET /api/v1/units/{id}), into `el`. */
  private async showDevice(id: string, el: HTMLElement | null): Promise<void> {
    if (!el) return;
    const { api, clock, vocabulary } = this.deps;
    try {
      const unit = decodeUnitDetail(await api.get(`/api/v1/units/${encodeURIComponent(id)}`));
      const rows = unit ? deviceRows(unit.device, unit.time, clock.now(), vocabulary) : [];
      el.innerHTML = deviceHtml(rows) || '终端未上报状态';
    } catch (e) {
      el.textContent = errorText(e, '终端状态读取失败');
    }
  }

  get drawing(): boolean {
    return this.drawer?.active ?? false;
  }

  async query(shape: Shape): Promise<void> {
    const { api, clock, units, vocabulary: v } = this.deps;
    const box = this.box;
    box.hidden = false;
    box.innerHTML = '查询中…';
    const query: Query = { from: new Date(clock.now() - QUERY_HOURS * 3600_000).toISOString(), limit: 500 };
    let inside: (p: LonLat) => boolean;
    if (shape.kind === 'circle') {
      Object.assign(query, { lon: shape.center[0], lat: shape.center[1], radius: Math.round(shape.radius) });
      inside = (p) => distanceMetres(p, shape.center) <= shape.radius;
    } else {
      query.polygon = JSON.stringify({ type: 'Polygon', coordinates: [shape.ring] });
      inside = (p) => pointInRing(p, shape.ring);
    }
    try {
      const found = decodeIncidents(await api.get('/api/v1/incidents', query));
      const inUnits = [...units.items.values()].filter((u) => u.lon !== null && u.lat !== null && inside([u.lon, u.lat]));
      box.innerHTML = `
      <div class="area-head"><b>${shape.kind === 'circle' ? `圆形区域（半径 ${formatDistance(shape.radius)}）` : '多边形区域'}</b>
        <span>近 ${QUERY_HOURS} 小时事件 <em id="area-incidents">${found.length}</em> 起 · 巡防力量 <em id="area-units">${inUnits.length}</em> 个</span>
        <button id="area-close">关闭</button></div>
      <div class="area-cols">
        <ul class="list">${found.slice(0, LISTED).map((i) => `<li data-incident="${i.id}"><span class="tag" style="background:${colorOf(CATEGORY_COLOR, i.category)}">${escapeHtml(v.label('categories', i.category))}</span>
          <span class="t">${escapeHtml(i.title ?? '')}</span><span class="st">${escapeHtml(v.label('statuses', i.status))}</span></li>`).join('') || '<li class="empty">无事件</li>'}</ul>
        <ul class="list">${inUnits.slice(0, LISTED).map((u) => `<li data-unit="${escapeHtml(u.id)}"><span class="t">${escapeHtml(u.callSign)}</span>
          <span class="st">${escapeHtml(v.label('unitKinds', u.kind))} · ${escapeHtml(v.label('unitStatuses', u.status))}</span>
          <button class="replay-btn" data-unit="${escapeHtml(u.id)}">轨迹回放</button></li>`).join('') || '<li class="empty">无力量</li>'}</ul>
      </div>`;
    } catch (e) {
      box.innerHTML = escapeHtml(errorText(e, '查询失败'));
    }
  }

  private showReplay(unitId: string): void {
    const { doc, clock, unitName } = this.deps;
    const now = clock.now();
    this.box.hidden = false;
    this.box.innerHTML = `
    <div class="area-head"><b>轨迹回放：${escapeHtml(unitName(unitId))}</b><button id="area-close">关闭</button></div>
    <div class="replay">
      <label>从 <input type="datetime-local" id="rp-from" value="${localInput(now - 3600_000)}"></label>
      <label>到 <input type="datetime-local" id="rp-to" value="${localInput(now)}"></label>
      <button id="rp-go" class="primary">回放</button>
      <input type="range" id="rp-pos" min="0" max="1000" value="0">
      <span id="rp-info"></span>
    </div>`;
    element(doc, 'rp-go').onclick = () => void this.replay(unitId);
  }

  private async replay(unitId: string): Promise<void> {
    const { doc, api, map, clock } = this.deps;
    this.stopReplay?.();
    const info = element(doc, 'rp-info');
    const from = new Date(element(doc, 'rp-from', HTMLInputElement).value).toISOString();
    // The inputs have minute precision: "到 11:24" covers 11:24 itself, up to 11:25 exclusive, so that
    // the default (now) includes the fixes of the current minute.
    const to = new Date(new Date(element(doc, 'rp-to', HTMLInputElement).value).getTime() + 60_000).toISOString();
    let points;
    try {
      points = decodeTrack(await api.get(`/api/v1/units/${encodeURIComponent(unitId)}/track`, { from, to }));
    } catch (e) {
      info.textContent = errorText(e, '查询失败');
      return;
    }
    if (points.length === 0) {
      info.textContent = '该时段没有轨迹点';
      map.setData('track', EMPTY);
      return;
    }
    const line: LonLat[] = points.map((p) => [p.lon, p.lat]);
    map.fitBounds(boundsOf(line), 15);
    const slider = element(doc, 'rp-pos', HTMLInputElement);
    const show = (k: number) => {
      map.setData('track', featureCollection([
        { type: 'Feature', geometry: { type: 'LineString', coordinates: line.length > 1 ? line : [line[0], line[0]] }, properties: {} },
        pointFeature(line[k], {}),
      ]));
      info.textContent = `${k + 1}/${points.length} · ${timeOfDay(points[k].time)}`;
    };
    slider.max = String(points.length - 1);
    slider.oninput = () => {
      this.stopReplay?.();
      show(Number(slider.value));
    };
    let k = 0;
    show(0);
    const step = Math.max(1, Math.ceil(points.length / REPLAY_STEPS));
    const stop = clock.every(REPLAY_FRAME_MS, () => {
      k = Math.min(points.length - 1, k + step);
      slider.value = String(k);
      show(k);
      if (k >= points.length - 1) stop();
    });
    this.stopReplay = stop;
  }
}
