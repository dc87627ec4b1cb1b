// The selected incident: its fields, its casework (the units on it, its handling level, 督办, time
// limits, response figures) and its step history; the nearest available units with distance, ETA
// and a button that sends the lead (派遣) or support (增援); per-unit 撤回 and 改派; a button for
// each other transition the workflow allows from its status (the vocabulary's `statuses[].next`),
// 合并 asking for the target; 流转 to another handling level with the reason, and 督办 for a
// principal allowed to supervise. Each action's small form opens in the panel; its values survive
// a redraw (the live feed rereads the incident while a dispatcher types).

import { type Api, errorText } from '../common/api';
import type { Clock } from '../common/clock';
import { ago, dateTime, escapeHtml, formatDistance, formatEta, localInput } from '../common/format';
import { featureCollection, pointFeature } from '../common/geojson';
import type { MapSurface } from '../common/map-surface';
import { CATEGORY_COLOR, colorOf } from '../common/palette';
import { type NearestPolicy, decodeNearestPolicy } from '../domain/casework';
import { decodeIncident, decodeIncidentDetail, decodeNearestUnits } from '../domain/decode';
import type { Incident, IncidentDetail, NearestUnit } from '../domain/records';
import type { Vocabulary } from '../domain/vocabulary';
import {
  LEAD, SUPPORT, deadlineRows, dispatchOffers, leadOf, overdueTag, responseFigure, roleText, stepLine, supervisionBadge,
  unitStateText, unitsOpen,
} from './casework';
import { severityTag } from './severity';
import type { Toast } from './toast';
import { ACCEPTED, REPORTED, transitionButtons } from './workflow';

/** Units listed as candidates for dispatch. */
export const NEAREST_UNITS = 6;
/** Support-kind units listed at least, when the policy has support kinds (asked apart when the lead kinds fill the list). */
export const SUPPORT_UNITS = 2;
/** The map zooms at least this far in to an incident selected from the queue. */
const DETAIL_ZOOM = 13;
/** The time limits' countdowns tick this often. */
const COUNTDOWN_MS = 1000;
/** The 督办 form's deadline by default: this far ahead. */
const DEFAULT_SUPERVISION_MS = 24 * 3600_000;
export const MERGED = 'merged';
/** The permission that allows 督办 (GET /api/v1/auth/me → permissions). */
export const SUPERVISE = 'supervise';

export interface IncidentPanelDeps {
  el: HTMLElement;
  map: MapSurface;
  api: Api;
  clock: Clock;
  vocabulary: Vocabulary;
  toast: Toast;
  /** the signed-in principal's permissions */
  permissions: readonly string[];
  /** A unit's call sign, when the console knows the unit. */
  unitName: (id: string) => string;
  /** The server answered with a new version of the incident. */
  onUpdated: (incident: Incident) => void;
  /** Opens another incident (the one a merged case went into). */
  onOpen: (id: number) => void;
}

/** The action whose form is open. */
export type PanelForm =
  | { kind: 'merge' | 'transfer' | 'supervise' }
  | { kind: 'recall' | 'reassign'; unit: string };

export class IncidentPanel {
  /** the incident shown, as last read from the server */
  current: IncidentDetail | null = null;
  /** the form open, if any */
  form: PanelForm | null = null;
  private wanted: number | null = null;
  private nearest: readonly NearestUnit[] | null = null;
  private nearestError: string | null = null;
  private stopTicking: (() => void) | null = null;

  constructor(private readonly deps: IncidentPanelDeps) {}

  mount(): void {
    this.deps.el.addEventListener('click', (e) => void this.onClick(e));
    this.stopTicking = this.deps.clock.every(COUNTDOWN_MS, () => this.tick());
  }

  stop(): void {
    this.stopTicking?.();
    this.stopTicking = null;
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
    if (this.current?.id !== id) {
      this.form = null;
      this.nearest = null;
    }
    this.current = detail;
    if (detail.lon !== null && detail.lat !== null) {
      map.setData('highlight', featureCollection([pointFeature([detail.lon, detail.lat], {})]));
      if (fly) map.flyTo([detail.lon, detail.lat], Math.max(map.zoom(), DETAIL_ZOOM));
    }
    this.render();
    await this.loadNearest(detail);
  }

  private async loadNearest(i: IncidentDetail): Promise<void> {
    if (i.lon === null || i.lat === null) {
      this.nearest = [];
      return this.render();
    }
    try {
      // for=: the server ranks by the dispatch policy of the incident's category and grade (lead kinds
      // first, by ETA; support kinds after them), and leaves out guards on school-post duty.
      const answer = await this.deps.api.get('/api/v1/units/nearest', { for: i.id, k: NEAREST_UNITS });
      const list = decodeNearestUnits(answer);
      const support = await this.supportUnits(i, decodeNearestPolicy(answer), list);
      if (this.current?.id !== i.id) return;
      this.nearest = [...list, ...support];
      this.nearestError = null;
    } catch (e) {
      if (this.current?.id !== i.id) return;
      this.nearest = null;
      this.nearestError = errorText(e, '查询失败');
    }
    this.render();
  }

  /**
   * The policy's support kinds nearest the incident, when the ranked list holds fewer than
   * SUPPORT_UNITS of them: it puts every lead kind first and ends at k, so that in a town full of
   * patrol cars a grid worker would never be offered as support.
   */
  private async supportUnits(i: IncidentDetail, policy: NearestPolicy | null, list: readonly NearestUnit[]): Promise<NearestUnit[]> {
    if (!policy || policy.support.length === 0 || i.lon === null || i.lat === null) return [];
    const have = list.filter((u) => u.role === SUPPORT).length;
    if (have >= SUPPORT_UNITS) return [];
    const listed = new Set(list.map((u) => u.id));
    const more = decodeNearestUnits(await this.deps.api.get('/api/v1/units/nearest', {
      lon: i.lon, lat: i.lat, kind: policy.support.join(','), k: SUPPORT_UNITS - have,
    }));
    return more.filter((u) => !listed.has(u.id)).map((u) => ({ ...u, role: SUPPORT }));
  }

  private render(): void {
    const i = this.current;
    if (!i) return;
    const saved = this.formValues();
    const { vocabulary: v, clock, unitName } = this.deps;
    const now = clock.now();
    const terminal = v.isTerminal(i.status);
    const lead = leadOf(i);
    const timeline = i.history.slice().reverse();
    const deadlines = deadlineRows(v, i, now);
    const actions = transitionButtons(v, i.status).map((s) => `<button data-to="${escapeHtml(s)}">${escapeHtml(v.label('statuses', s))}</button>`);
    if (!terminal) actions.push('<button data-form="transfer" class="transfer-btn">流转</button>');
    if (!terminal && this.deps.permissions.includes(SUPERVISE)) actions.push('<button data-form="supervise" class="supervise-btn">督办</button>');
    this.deps.el.innerHTML = `
    <div class="head">
      <span class="tag" style="background:${colorOf(CATEGORY_COLOR, i.category)}">${escapeHtml(v.label('categories', i.category))}</span>
      <h2>${escapeHtml(i.title ?? `事件 ${i.id}`)}</h2>
      ${supervisionBadge(i.supervision)}${overdueTag(i)}
      <span class="st st-${escapeHtml(i.status)}" id="detail-status" data-status="${escapeHtml(i.status)}">${escapeHtml(v.label('statuses', i.status))}</span>
    </div>
    ${i.mergedInto !== null ? `<p class="merged" id="detail-merged">已合并至 <a href="#" data-open="${i.mergedInto}">#${i.mergedInto}</a></p>` : ''}
    <dl>
      <dt>编号</dt><dd>#${i.id}</dd>
      <dt>来源</dt><dd>${escapeHtml(v.label('sources', i.source))}</dd>
      <dt>等级</dt><dd>${severityTag(v, i.severity)}</dd>
      <dt>上报时间</dt><dd>${dateTime(i.reportedAt)}（${ago(i.reportedAt, now)}）</dd>
      <dt>所在网格</dt><dd>${escapeHtml(i.gridName ?? '—')}</dd>
      <dt>办理层级</dt><dd id="detail-level" data-level="${escapeHtml(i.level ?? '')}">${escapeHtml(i.levelLabel ?? v.label('handlingLevels', i.level))}</dd>
      <dt>主办力量</dt><dd>${escapeHtml(lead ? unitName(lead) : '—')}</dd>
      <dt>派警用时</dt><dd id="detail-dispatch-time">${responseFigure(i.dispatchSeconds)}</dd>
      <dt>到场用时</dt><dd id="detail-response-time">${responseFigure(i.responseSeconds)}</dd>
      <dt>描述</dt><dd>${escapeHtml(i.description ?? '—')}</dd>
    </dl>
    ${i.supervision ? `<div class="supervision" id="detail-supervision"><b>督办</b>
      <span>时限 ${dateTime(i.supervision.due)}</span>${i.supervision.note ? `<em>${escapeHtml(i.supervision.note)}</em>` : ''}
      <span class="by">${escapeHtml(i.supervision.by ?? '')} ${i.supervision.at ? dateTime(i.supervision.at) : ''}</span></div>` : ''}
    ${deadlines.length ? `<h3>办理时限</h3><table class="deadlines" id="detail-deadlines"><tbody>${deadlines.map((d) => `
      <tr data-step="${d.step}" class="dl-${d.state}"><td>${d.label}</td><td>${dateTime(d.at)}</td><td class="left">${escapeHtml(d.text)}</td></tr>`).join('')}</tbody></table>` : ''}
    <div class="actions">${actions.join('')}</div>
    ${this.form && !('unit' in this.form) ? this.formHtml(i) : ''}
    <h3>处置力量</h3>
    <ul class="case-units" id="case-units">${i.units.length === 0 ? '<li class="none">暂无</li>' : i.units.map((u) => `
      <li data-unit="${escapeHtml(u.unit)}" data-role="${escapeHtml(u.role)}">
        <span class="name">${escapeHtml(unitName(u.unit))}</span>
        <span class="role role-${escapeHtml(u.role)}">${escapeHtml(roleText(u.role))}</span>
        <span class="where ${u.onScene ? 'on' : ''}">${unitStateText(u)}</span>
        <span class="sent">${u.sentAt ? `${dateTime(u.sentAt)} 派出` : ''}</span>
        ${unitsOpen(i) ? `<button class="recall-btn" data-form="recall" data-unit="${escapeHtml(u.unit)}">撤回</button>
        <button class="reassign-btn" data-form="reassign" data-unit="${escapeHtml(u.unit)}">改派</button>` : ''}
        ${this.form && 'unit' in this.form && this.form.unit === u.unit ? this.formHtml(i) : ''}
      </li>`).join('')}</ul>
    <h3>附近可用力量</h3>
    ${this.nearestHtml(i)}
    <h3>处置时间线</h3>
    <ol class="timeline" id="timeline">${timeline.map((t) => {
      const line = stepLine(v, t, unitName);
      return `<li data-action="${escapeHtml(t.action ?? 'status')}"><b>${escapeHtml(line.title)}</b>${line.status ? ` <i>→ ${escapeHtml(line.status)}</i>` : ''}
      <span>${dateTime(t.at)} · ${escapeHtml(t.actor ?? t.actorId ?? '')}${line.details.map((d) => ' · ' + escapeHtml(d)).join('')}</span>
      ${t.note ? `<em>${escapeHtml(t.note)}</em>` : ''}</li>`;
    }).join('') || '<li>暂无</li>'}</ol>`;
    this.restoreForm(saved);
  }

  private nearestHtml(i: IncidentDetail): string {
    const { vocabulary: v } = this.deps;
    const list = this.nearest;
    const head = '<table class="nearest"><thead><tr><th>力量</th><th>类型</th><th>距离</th><th>预计到达</th><th></th></tr></thead><tbody>';
    if (list === null) return `${head}<tr><td colspan="5">${this.nearestError ? escapeHtml(this.nearestError) : '查询中…'}</td></tr></tbody></table>`;
    if (list.length === 0) return `${head}<tr><td colspan="5">附近没有可用力量</td></tr></tbody></table>`;
    const offers = dispatchOffers(v, i, list);
    return head + list.map((u, k) => {
      const o = offers[k];
      return `<tr data-unit="${escapeHtml(u.id)}" data-role="${escapeHtml(u.role ?? '')}">
        <td>${escapeHtml(u.callSign)}${o.first ? ' <span class="first">首选</span>' : ''}</td>
        <td>${escapeHtml(v.label('unitKinds', u.kind))}${u.role === SUPPORT ? ' <span class="support">协助</span>' : ''}</td>
        <td>${formatDistance(u.distance)}</td><td>${formatEta(u.etaSeconds)}</td>
        <td><button class="dispatch-btn ${o.first ? 'primary' : ''}" data-unit="${escapeHtml(u.id)}" data-role="${o.role}"
          ${o.enabled ? '' : 'disabled'} ${o.reason ? `title="${escapeHtml(o.reason)}"` : ''}>${o.label}</button></td></tr>`;
    }).join('') + '</tbody></table>';
  }

  /** The open form's markup; its fields have ids `f-<kind>-<name>`. */
  private formHtml(i: IncidentDetail): string {
    const f = this.form;
    if (!f) return '';
    const { vocabulary: v, clock, unitName } = this.deps;
    const buttons = (label: string) => `<button class="primary" data-submit="${f.kind}">${label}</button><button data-cancel>取消</button>`;
    switch (f.kind) {
      case 'merge':
        return `<div class="form" data-form-kind="merge"><label>合并至事件 #<input id="f-merge-into" type="number" min="1" step="1" placeholder="事件编号"></label>
          <input id="f-merge-note" placeholder="说明（可选）">${buttons('确认合并')}</div>`;
      case 'transfer': {
        const levels = v.terms('handlingLevels').filter((l) => l.id !== i.level);
        return `<div class="form" data-form-kind="transfer"><label>流转至 <select id="f-transfer-level">${levels.map((l) => `<option value="${escapeHtml(l.id)}">${escapeHtml(l.label)}</option>`).join('')}</select></label>
          <input id="f-transfer-note" placeholder="流转原因（必填）">${buttons('确认流转')}</div>`;
      }
      case 'supervise':
        return `<div class="form" data-form-kind="supervise"><label>办结时限 <input id="f-supervise-due" type="datetime-local" value="${localInput(clock.now() + DEFAULT_SUPERVISION_MS)}"></label>
          <input id="f-supervise-note" placeholder="督办要求（必填）">${buttons('确认督办')}</div>`;
      case 'recall':
        return `<div class="form" data-form-kind="recall"><input id="f-recall-note" placeholder="撤回原因（可选）">${buttons(`撤回 ${escapeHtml(unitName(f.unit))}`)}</div>`;
      case 'reassign': {
        const options = (this.nearest ?? []).map((u) => `<option value="${escapeHtml(u.id)}">${escapeHtml(u.callSign)}（${escapeHtml(v.label('unitKinds', u.kind))}，${formatEta(u.etaSeconds)}）</option>`);
        return `<div class="form" data-form-kind="reassign"><label>改派给 <select id="f-reassign-unit">${options.join('') || '<option value="">附近没有可用力量</option>'}</select></label>
          <input id="f-reassign-note" placeholder="改派原因（可选）">${buttons('确认改派')}</div>`;
      }
    }
  }

  /** The values typed into the open form, by field id. */
  private formValues(): Map<string, string> {
    const out = new Map<string, string>();
    for (const el of this.deps.el.querySelectorAll<HTMLInputElement | HTMLSelectElement>('.form input, .form select')) out.set(el.id, el.value);
    return out;
  }

  private restoreForm(saved: ReadonlyMap<string, string>): void {
    for (const [id, value] of saved) {
      const el = this.deps.el.querySelector<HTMLInputElement | HTMLSelectElement>(`.form #${id}`);
      if (el) el.value = value;
    }
  }

  private field(id: string): string {
    return this.deps.el.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)?.value.trim() ?? '';
  }

  /** Updates the time limits' countdowns in place (a redraw would disturb an open form). */
  private tick(): void {
    const i = this.current;
    if (!i) return;
    for (const d of deadlineRows(this.deps.vocabulary, i, this.deps.clock.now())) {
      const tr = this.deps.el.querySelector<HTMLElement>(`#detail-deadlines tr[data-step="${d.step}"]`);
      const cell = tr?.querySelector('.left');
      if (!tr || !cell) continue;
      tr.className = `dl-${d.state}`;
      cell.textContent = d.text;
    }
  }

  private async onClick(e: Event): Promise<void> {
    const i = this.current;
    const target = e.target instanceof Element ? e.target : null;
    if (!i || !target) return;
    const link = target.closest<HTMLElement>('a[data-open]');
    if (link) {
      e.preventDefault();
      this.deps.onOpen(Number(link.dataset.open));
      return;
    }
    const button = target.closest('button');
    if (!(button instanceof HTMLButtonElement) || button.disabled) return;
    const { to, unit, role, submit } = button.dataset;
    const formKind = button.dataset.form;
    if (button.dataset.cancel !== undefined) return this.setForm(null);
    if (to === MERGED) return this.setForm({ kind: 'merge' });
    if (formKind === 'transfer' || formKind === 'supervise') return this.setForm({ kind: formKind });
    if ((formKind === 'recall' || formKind === 'reassign') && unit !== undefined) return this.setForm({ kind: formKind, unit });
    let act: (() => Promise<string>) | null = null;
    if (to !== undefined) act = () => this.transition(i, { to }, `事件 #${i.id} 已${this.deps.vocabulary.label('statuses', to)}`);
    else if (button.classList.contains('dispatch-btn') && unit !== undefined) act = () => this.dispatch(i, unit, role === SUPPORT ? SUPPORT : LEAD);
    else if (submit !== undefined) act = this.submitter(i);
    if (!act) return;
    button.disabled = true;
    try {
      const done = await act();
      this.form = null;
      this.deps.toast.show(done);
    } catch (err) {
      if (err instanceof FormError) {
        button.disabled = false;
        this.deps.toast.show(err.message, true);
        return;
      }
      this.deps.toast.show(errorText(err, '操作失败'), true);
    }
    await this.show(i.id, false);
  }

  private setForm(form: PanelForm | null): void {
    this.form = form;
    this.render();
    this.deps.el.querySelector<HTMLElement>('.form input, .form select')?.focus();
  }

  /** The open form's action: checks its fields (a FormError names what is missing) and posts it. */
  private submitter(i: IncidentDetail): (() => Promise<string>) | null {
    const f = this.form;
    if (!f) return null;
    const { unitName, vocabulary: v } = this.deps;
    const note = (id: string) => this.field(id) || undefined;
    switch (f.kind) {
      case 'merge': return async () => {
        const into = Number(this.field('f-merge-into'));
        if (!Number.isInteger(into) || into < 1) throw new FormError('请填写要合并至的事件编号');
        if (into === i.id) throw new FormError('不能合并至本事件');
        return this.transition(i, { to: MERGED, into, note: note('f-merge-note') }, `事件 #${i.id} 已合并至 #${into}`);
      };
      case 'transfer': return async () => {
        const level = this.field('f-transfer-level');
        const reason = this.field('f-transfer-note');
        if (!level) throw new FormError('请选择流转层级');
        if (!reason) throw new FormError('请填写流转原因');
        return this.post(i, 'transfer', { level, note: reason }, `事件 #${i.id} 已流转至${v.label('handlingLevels', level)}`);
      };
      case 'supervise': return async () => {
        const due = Date.parse(this.field('f-supervise-due'));
        const instruction = this.field('f-supervise-note');
        if (Number.isNaN(due)) throw new FormError('请填写办结时限');
        if (!instruction) throw new FormError('请填写督办要求');
        return this.post(i, 'supervise', { due: new Date(due).toISOString(), note: instruction }, `事件 #${i.id} 已督办`);
      };
      case 'recall': return async () => this.post(i, 'recall', { unit: f.unit, note: note('f-recall-note') }, `已撤回 ${unitName(f.unit)}`);
      case 'reassign': return async () => {
        const next = this.field('f-reassign-unit');
        if (!next) throw new FormError('请选择改派的力量');
        return this.post(i, 'reassign', { from: f.unit, unit: next, note: note('f-reassign-note') }, `已改派 ${unitName(next)} 替换 ${unitName(f.unit)}`);
      };
    }
  }

  private async dispatch(i: IncidentDetail, unit: string, role: typeof LEAD | typeof SUPPORT): Promise<string> {
    if (i.status === REPORTED) await this.deps.api.post(`/api/v1/incidents/${i.id}/transitions`, { to: ACCEPTED, note: '调度受理' });
    const name = this.deps.unitName(unit);
    return this.post(i, 'dispatch', { unit, role }, role === LEAD ? `已派遣 ${name} 前往事件 #${i.id}` : `已增援 ${name} 前往事件 #${i.id}`);
  }

  private transition(i: IncidentDetail, body: Record<string, unknown>, done: string): Promise<string> {
    return this.post(i, 'transitions', body, done);
  }

  /** POST …/incidents/{id}/{path}; the answer goes to onUpdated; resolves with `done` for the toast. */
  private async post(i: IncidentDetail, path: string, body: Record<string, unknown>, done: string): Promise<string> {
    const updated = decodeIncident(await this.deps.api.post(`/api/v1/incidents/${i.id}/${path}`, withoutUndefined(body)));
    if (updated) this.deps.onUpdated(updated);
    return done;
  }
}

/** A form filled in wrongly: told in the toast, nothing sent. */
class FormError extends Error {}

function withoutUndefined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}
