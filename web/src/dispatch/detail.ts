// The selected incident: its fields and timeline, the nearest available units with distance and
// ETA and one-click dispatch, and a button for each other transition the workflow allows from its
// status (the vocabulary's `statuses[].next`).

import { type Api, errorText } from '../common/api';
import type { Clock } from '../common/clock';
import { ago, dateTime, escapeHtml, formatDistance, formatEta } from '../common/format';
import { featureCollection, pointFeature } from '../common/geojson';
import type { MapSurface } from '../common/map-surface';
import { CATEGORY_COLOR, colorOf } from '../common/palette';
import { decodeIncident, decodeIncidentDetail, decodeNearestUnits } from '../domain/decode';
import type { Incident, IncidentDetail, NearestUnit } from '../domain/records';
import type { Vocabulary } from '../domain/vocabulary';
import { severityTag } from './severity';
import type { Toast } from './toast';
import { ACCEPTED, REPORTED, canDispatch, transitionButtons } from './workflow';

/** Units listed as candidates for dispatch. */
export const NEAREST_UNITS = 6;
/** The map zooms at least this far in to an incident selected from the queue. */
const DETAIL_ZOOM = 13;

export interface IncidentPanelDeps {
  el: HTMLElement;
  map: MapSurface;
  api: Api;
  clock: Clock;
  vocabulary: Vocabulary;
  toast: Toast;
  /** A unit's call sign, when the console knows the unit. */
  unitName: (id: string) => string;
  /** The server answered with a new version of the incident. */
  onUpdated: (incident: Incident) => void;
}

export class IncidentPanel {
  /** the incident shown, as last read from the server */
  current: IncidentDetail | null = null;
  private wanted: number | null = null;

  constructor(private readonly deps: IncidentPanelDeps) {}

  mount(): void {
    this.deps.el.addEventListener('click', (e) => void this.onClick(e.target));
  }

  /** Reads incident `id` from the server and shows it (the latest call wins). */
  async show(id: number, fly: boolean): Promise<void> {
    const { api, map, toast } = this.deps;
    this.wanted = id;
    let detail: IncidentDetail | null;
    try {
      detail = decodeIncidentDetail(await api.get(`/api/v1/incidents/${id}`));
    } catch (e) {
      toast.show(errorText(e, '读取事件失败'), true);
      return;
    }
    if (this.wanted !== id) return;
    if (!detail) {
      toast.show(`读取事件失败：事件 #${id} 的数据不完整`, true);
      return;
    }
    this.current = detail;
    if (detail.lon !== null && detail.lat !== null) {
      map.setData('highlight', featureCollection([pointFeature([detail.lon, detail.lat], {})]));
      if (fly) map.flyTo([detail.lon, detail.lat], Math.max(map.zoom(), DETAIL_ZOOM));
    }
    this.render(detail, null);
    await this.loadNearest(detail);
  }

  private async loadNearest(i: IncidentDetail): Promise<void> {
    if (i.lon === null || i.lat === null) return this.render(i, []);
    try {
      // for=: the server ranks by the dispatch policy of the incident's category and grade (lead kinds
      // first, by ETA; support kinds after them), and leaves out guards on school-post duty.
      const list = decodeNearestUnits(await this.deps.api.get('/api/v1/units/nearest', { for: i.id, k: NEAREST_UNITS }));
      if (this.current?.id === i.id) this.render(this.current, list);
    } catch (e) {
      if (this.current?.id === i.id) this.render(this.current, null, errorText(e, '查询失败'));
    }
  }

  private render(i: IncidentDetail, nearest: readonly NearestUnit[] | null, error?: string): void {
    const { vocabulary: v, clock, unitName } = this.deps;
    const now = clock.now();
    const dispatchable = canDispatch(v, i.status);
    const timeline = i.history.slice().reverse();
    this.deps.el.innerHTML = `
    <div class="head">
      <span class="tag" style="background:${colorOf(CATEGORY_COLOR, i.category)}">${escapeHtml(v.label('categories', i.category))}</span>
      <h2>${escapeHtml(i.title ?? `事件 ${i.id}`)}</h2>
      <span class="st st-${escapeHtml(i.status)}" id="detail-status" data-status="${escapeHtml(i.status)}">${escapeHtml(v.label('statuses', i.status))}</span>
    </div>
    <dl>
      <dt>编号</dt><dd>#${i.id}</dd>
      <dt>来源</dt><dd>${escapeHtml(v.label('sources', i.source))}</dd>
      <dt>等级</dt><dd>${severityTag(v, i.severity)}</dd>
      <dt>上报时间</dt><dd>${dateTime(i.reportedAt)}（${ago(i.reportedAt, now)}）</dd>
      <dt>所在网格</dt><dd>${escapeHtml(i.gridName ?? '—')}</dd>
      <dt>处置力量</dt><dd>${escapeHtml(i.unit ? unitName(i.unit) : '—')}</dd>
      ${i.responseSeconds !== null ? `<dt>响应用时</dt><dd>${Math.round(i.responseSeconds / 60)} 分钟</dd>` : ''}
      <dt>描述</dt><dd>${escapeHtml(i.description ?? '—')}</dd>
    </dl>
    <div class="actions">${transitionButtons(v, i.status).map((s) => `<button data-to="${escapeHtml(s)}">${escapeHtml(v.label('statuses', s))}</button>`).join('')}</div>
    <h3>附近可用力量</h3>
    <table class="nearest"><thead><tr><th>力量</th><th>类型</th><th>距离</th><th>预计到达</th><th></th></tr></thead>
      <tbody>${nearest === null ? `<tr><td colspan="5">${error ? escapeHtml(error) : '查询中…'}</td></tr>`
        : nearest.length === 0 ? '<tr><td colspan="5">附近没有可用力量</td></tr>'
        : nearest.map((u, k) => `<tr data-unit="${escapeHtml(u.id)}" data-role="${escapeHtml(u.role ?? '')}">
            <td>${escapeHtml(u.callSign)}${k === 0 && u.role === 'lead' ? ' <span class="first">首选</span>' : ''}</td>
            <td>${escapeHtml(v.label('unitKinds', u.kind))}${u.role === 'support' ? ' <span class="support">协助</span>' : ''}</td>
            <td>${formatDistance(u.distance)}</td><td>${formatEta(u.etaSeconds)}</td>
            <td><button class="dispatch-btn ${k === 0 ? 'primary' : ''}" data-unit="${escapeHtml(u.id)}"
              ${dispatchable ? '' : 'disabled'}>派遣</button></td></tr>`).join('')}</tbody></table>
    <h3>处置时间线</h3>
    <ol class="timeline">${timeline.map((t) => `<li><b>${escapeHtml(v.label('statuses', t.to))}</b>
      <span>${dateTime(t.at)} · ${escapeHtml(t.actor ?? t.actorId ?? '')}${t.unit ? ' · ' + escapeHtml(unitName(t.unit)) : ''}</span>
      ${t.note ? `<em>${escapeHtml(t.note)}</em>` : ''}</li>`).join('') || '<li>暂无</li>'}</ol>`;
  }

  private async onClick(target: EventTarget | null): Promise<void> {
    const i = this.current;
    if (!i || !(target instanceof HTMLButtonElement) || target.disabled) return;
    const { api, toast, vocabulary, unitName, onUpdated } = this.deps;
    const to = target.dataset.to;
    const unit = target.dataset.unit;
    const isDispatch = target.classList.contains('dispatch-btn') && unit !== undefined;
    if (to === undefined && !isDispatch) return;
    target.disabled = true;
    try {
      if (to !== undefined) {
        const updated = decodeIncident(await api.post(`/api/v1/incidents/${i.id}/transitions`, { to }));
        if (updated) onUpdated(updated);
        toast.show(`事件 #${i.id} 已${vocabulary.label('statuses', to)}`);
      } else if (unit !== undefined) {
        if (i.status === REPORTED) await api.post(`/api/v1/incidents/${i.id}/transitions`, { to: ACCEPTED, note: '调度受理' });
        const updated = decodeIncident(await api.post(`/api/v1/incidents/${i.id}/dispatch`, { unit }));
        if (updated) onUpdated(updated);
        toast.show(`已派遣 ${unitName(unit)} 前往事件 #${i.id}`);
      }
    } catch (err) {
      toast.show(errorText(err, '操作失败'), true);
    }
    await this.show(i.id, false);
  }
}
