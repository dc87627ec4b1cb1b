// The console's banner of urgent alerts (紧急求助, and the device alarms raised at the highest
// severity: 跌倒, 碰撞侧翻 …): on top of everything the moment the alerts channel brings one, with
// the unit's call sign, the kind, the time, the place (the map flies there and a pulsing marker
// stays on it), what its terminal reports (电量, 当前报警 …), the nearest available units for help
// with distance and ETA, and the button that acknowledges it. It stays until acknowledged (here,
// by another dispatcher or with its group); several are stacked, the emergency buttons first, the
// newest on top. A short tone sounds on arrival when the page may make sound.
//
// The help is listed, not dispatched: the console dispatches units to incidents, and an SOS is an
// alert, not an incident.

import { type Api, errorText } from '../common/api';
import type { AlarmSound } from '../common/alarm-sound';
import type { Clock } from '../common/clock';
import { deviceHtml, deviceRows } from '../common/device';
import { ago, escapeHtml, formatDistance, formatEta, timeOfDay } from '../common/format';
import type { MapSurface } from '../common/map-surface';
import { SOS, UrgentQueue, callSignOf, followAlerts, urgentMarkers } from '../common/urgent';
import { element } from '../common/ui';
import { decodeAlert, decodeNearestUnits, decodeUnitDetail } from '../domain/decode';
import { isObject, stringField } from '../domain/json';
import type { Alert, NearestUnit, Unit, UnitDetail } from '../domain/records';
import type { Vocabulary } from '../domain/vocabulary';
import type { SubEvent } from '../live/channels';
import type { KeyedState, LogState } from '../live/state';
import type { Toast } from './toast';

/** Available units listed for help. */
export const HELPERS = 3;
/** The map zooms at least this far in to an urgent alert. */
export const URGENT_ZOOM = 15;
/** The banner's "… 秒前" ticks this often. */
const TICK_MS = 1000;

export interface SosDeskDeps {
  doc: Document;
  map: MapSurface;
  api: Api;
  clock: Clock;
  vocabulary: Vocabulary;
  toast: Toast;
  /** the console's live units, to find the unit of a call sign */
  units: KeyedState<Unit>;
  /** the console's alerts: an acknowledgement is put there at once */
  alerts: LogState<Alert>;
  /** The user may acknowledge alerts. */
  canAcknowledge: boolean;
  sound: AlarmSound;
  /** Told when an alert was acknowledged here (the alert list redraws). */
  onAcknowledged: () => void;
}

/** The nearest help for one alert: being asked, listed, or the reason it could not be. */
type Help = { state: 'loading' } | { state: 'listed'; units: NearestUnit[] } | { state: 'failed'; reason: string };

export class SosDesk {
  readonly queue = new UrgentQueue();
  private readonly box: HTMLElement;
  private readonly help = new Map<number, Help>();
  /** the place's areas in words (滨城区 市中街道 …), null when it is in none */
  private readonly places = new Map<number, string | null>();
  /** the terminal of an alert's unit, as last read (null: read, but unknown) */
  private readonly terminals = new Map<number, UnitDetail | null>();
  private stopTicking: (() => void) | null = null;
  /** the banner's markup as last drawn: redrawn only when it changes, so that a click is not lost to a redraw */
  private drawn = '';

  constructor(private readonly deps: SosDeskDeps) {
    this.box = element(deps.doc, 'sos');
  }

  mount(): void {
    this.box.addEventListener('click', (e) => void this.onClick(e.target));
    this.stopTicking = this.deps.clock.every(TICK_MS, () => this.tick());
    this.render();
  }

  stop(): void {
    this.stopTicking?.();
    this.stopTicking = null;
  }

  /** An event of the console's alerts subscription (see {@link followAlerts}). */
  onAlerts(e: SubEvent<'alerts'>): void {
    followAlerts(this.queue, this.deps.api, e, (joined) => this.changed(joined));
  }

  private changed(joined: readonly number[]): void {
    this.forget();
    if (joined.length > 0) {
      for (const id of joined) this.load(id);
      this.deps.sound.play();
      // the newest of those that joined, with a place
      const newest = this.queue.list().find((a) => joined.includes(a.id) && a.lon !== null && a.lat !== null);
      if (newest?.lon != null && newest.lat != null) {
        this.deps.map.flyTo([newest.lon, newest.lat], Math.max(this.deps.map.zoom(), URGENT_ZOOM));
      }
    }
    this.render();
  }

  /** Drops what was loaded for alerts no longer held. */
  private forget(): void {
    for (const cache of [this.help, this.places, this.terminals]) {
      for (const id of cache.keys()) if (!this.queue.has(id)) cache.delete(id);
    }
  }

  /** Asks for the help near alert `id` and for its place's areas. */
  private load(id: number): void {
    const a = this.queue.get(id);
    if (!a || a.lon === null || a.lat === null) {
      this.help.set(id, { state: 'failed', reason: '告警没有位置' });
      return;
    }
    const { lon, lat } = a;
    this.help.set(id, { state: 'loading' });
    const caller = callSignOf(a);
    // One more than listed: the caller itself may be an available unit at the very place.
    this.deps.api.get('/api/v1/units/nearest', { lon, lat, k: HELPERS + 1 }).then((answer) => {
      const units = decodeNearestUnits(answer).filter((u) => u.callSign !== caller).slice(0, HELPERS);
      this.settle(id, () => this.help.set(id, { state: 'listed', units }));
    }, (err: unknown) => this.settle(id, () => this.help.set(id, { state: 'failed', reason: errorText(err, '查询失败') })));
    this.deps.api.get('/api/v1/lookup', { lon, lat }).then((answer) => {
      this.settle(id, () => this.places.set(id, placeName(answer)));
    }, () => this.settle(id, () => this.places.set(id, null)));
  }

  /** Keeps what a request brought for alert `id`, if it is still held, and redraws. */
  private settle(id: number, keep: () => void): void {
    if (!this.queue.has(id)) return;
    keep();
    this.render();
  }

  /** Reads the terminal of an alert's unit once the console knows the unit (its fix may come after the alert). */
  private loadTerminal(a: Alert): void {
    if (this.terminals.has(a.id)) return;
    const caller = callSignOf(a);
    const unit = [...this.deps.units.items.values()].find((u) => u.callSign === caller);
    if (!unit) return;
    this.terminals.set(a.id, null);
    this.deps.api.get(`/api/v1/units/${encodeURIComponent(unit.id)}`).then((answer) => {
      this.settle(a.id, () => this.terminals.set(a.id, decodeUnitDetail(answer)));
    }, () => {
      // shown without the terminal's state
    });
  }

  render(): void {
    const { doc, map, clock, vocabulary: v, canAcknowledge } = this.deps;
    const list = this.queue.list();
    const now = clock.now();
    doc.body.classList.toggle('sos-on', list.length > 0);
    this.box.hidden = list.length === 0;
    map.setMarkers('urgent', urgentMarkers(list));
    for (const a of list) this.loadTerminal(a);
    const sos = list.filter((a) => a.kind === SOS).length;
    const head = [sos ? `紧急求助 ${sos} 起` : '', list.length > sos ? `终端报警 ${list.length - sos} 起` : ''].filter(Boolean).join(' · ');
    const html = list.length === 0 ? '' : `<div class="sos-head"><b>${head}</b><span>待确认，确认前不会消失</span></div>` + list.map((a) => {
      const caller = callSignOf(a);
      const place = this.places.get(a.id);
      const terminal = this.terminals.get(a.id);
      // the fix's time is in the detail; its "… ago" would redraw the banner every second
      const rows = terminal ? deviceRows(terminal.device, null, now, v) : [];
      const what = a.detail ? a.detail.split('。')[0] : '';
      return `
    <article class="sos-card sos-${escapeHtml(a.kind)}" data-id="${a.id}" data-kind="${escapeHtml(a.kind)}">
      <header>
        <span class="tag">${escapeHtml(v.label('alertKinds', a.kind))}</span>
        <h2 class="who">${escapeHtml(caller)}</h2>
        <span class="when">${timeOfDay(a.raisedAt)} · <span class="ago" data-at="${escapeHtml(a.raisedAt)}"></span></span>
      </header>
      ${what ? `<p class="what">${escapeHtml(what)}</p>` : ''}
      <p class="where"><span class="place">${escapeHtml(place ?? '')}</span>
        ${a.lon !== null && a.lat !== null ? `<span class="lonlat">${a.lon.toFixed(5)}, ${a.lat.toFixed(5)}</span>
        <button class="locate-btn" data-id="${a.id}">定位</button>` : '<span>位置不明</span>'}</p>
      ${deviceHtml(rows)}
      <h3>附近可用力量</h3>
      ${this.helpHtml(a.id)}
      <footer>${canAcknowledge ? `<button class="primary sos-ack-btn" data-id="${a.id}">确认接警</button>` : '<span class="no-ack">无确认权限</span>'}</footer>
    </article>`;
    }).join('');
    if (html === this.drawn) return;
    this.drawn = html;
    this.box.innerHTML = html;
    this.tick();
  }

  private helpHtml(id: number): string {
    const v = this.deps.vocabulary;
    const help = this.help.get(id) ?? { state: 'loading' };
    const head = '<table class="nearest help"><thead><tr><th>力量</th><th>类型</th><th>距离</th><th>预计到达</th></tr></thead><tbody>';
    if (help.state === 'loading') return `${head}<tr><td colspan="4">查询中…</td></tr></tbody></table>`;
    if (help.state === 'failed') return `${head}<tr><td colspan="4">${escapeHtml(help.reason)}</td></tr></tbody></table>`;
    if (help.units.length === 0) return `${head}<tr><td colspan="4">附近没有可用力量</td></tr></tbody></table>`;
    return head + help.units.map((u) => `<tr data-unit="${escapeHtml(u.id)}">
      <td>${escapeHtml(u.callSign)}</td><td>${escapeHtml(v.label('unitKinds', u.kind))}</td>
      <td>${formatDistance(u.distance)}</td><td>${formatEta(u.etaSeconds)}</td></tr>`).join('') + '</tbody></table>';
  }

  /** The "… 秒前" of each card, without redrawing the banner. */
  private tick(): void {
    const now = this.deps.clock.now();
    for (const el of this.box.querySelectorAll<HTMLElement>('.ago[data-at]')) el.textContent = ago(el.dataset.at, now);
  }

  private async onClick(target: EventTarget | null): Promise<void> {
    if (!(target instanceof HTMLButtonElement)) return;
    const id = Number(target.dataset.id);
    const a = this.queue.get(id);
    if (!a) return;
    if (target.classList.contains('locate-btn')) {
      if (a.lon !== null && a.lat !== null) this.deps.map.flyTo([a.lon, a.lat], Math.max(this.deps.map.zoom(), URGENT_ZOOM));
      return;
    }
    if (!target.classList.contains('sos-ack-btn')) return;
    const { api, alerts, toast } = this.deps;
    target.disabled = true;
    try {
      const acked = decodeAlert(await api.post(`/api/v1/alerts/${id}/ack`, {}));
      if (acked) alerts.put(acked);
      this.queue.remove(id);
      this.forget();
      toast.show(`已确认：${a.title}`);
      this.deps.onAcknowledged();
    } catch (err) {
      toast.show(errorText(err, '确认失败'), true);
      target.disabled = false;
    }
    this.render();
  }
}

/** GET /api/v1/lookup's answer in words: '滨城区 市中街道 黄河五路社区第3网格'; null for none. */
export function placeName(v: unknown): string | null {
  if (!isObject(v)) return null;
  const names = ['county', 'township', 'grid'].map((level) => {
    const area = v[level];
    return isObject(area) ? stringField(area, 'name') : null;
  }).filter((n): n is string => n !== null && n !== '');
  return names.length ? names.join(' ') : null;
}
