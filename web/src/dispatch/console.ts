// The dispatcher console (指挥调度台): incident queue, detail with timeline, nearest units with
// distance and ETA, one-click dispatch, status transitions and alert acknowledgement. Live data
// comes from /live, actions go through the REST API as the signed-in user (the server records who
// acted: nothing the console sends names the actor). The page, the map, the clock, the live feed
// and the API are injected (./index.ts wires the browser's), so that a test drives the console
// without a browser; area queries and track replay (./area.ts) need the real map and are wired there.

import { type AlarmSound, SILENT } from '../common/alarm-sound';
import type { PageDeps } from '../common/page';
import { UnitLayer } from '../common/units';
import { UpdateBatcher, element, showConnection } from '../common/ui';
import { TILE_SOURCES, followTiles } from '../common/tile-refresh';
import type { Alert, AlertGroup, Incident, Unit } from '../domain/records';
import { KeyedState, LogState, timeThenId } from '../live/state';
import { AlertDesk } from './alerts';
import { IncidentPanel } from './detail';
import { ExportControl } from './export';
import { IncidentQueue } from './queue';
import { SosDesk } from './sos';
import { Toast } from './toast';

/** The queue holds the incidents reported in the last hours. */
export const QUEUE_HOURS = 72;
export const MAX_INCIDENTS = 3000;
export const MAX_ALERTS = 300;
const ALERT_HOURS = 24;
/** Unit redraws land about once a second (a software-rendered map redraws slowly). */
const UNIT_REDRAW_MS = 1000;
/** The queue is redrawn this often even without news ("… minutes ago"). */
const QUEUE_AGEING_MS = 30_000;

export interface ConsoleDeps extends PageDeps {
  /** True while a query area is being drawn: map clicks then belong to the drawing. */
  isDrawing?: () => boolean;
  /** The user may acknowledge alerts (permission `alerts`): the console offers its buttons. Default true. */
  canAcknowledge?: boolean;
  /** the signed-in principal's permissions (GET /api/v1/auth/me): 督办 needs `supervise` */
  permissions?: readonly string[];
  /** The tone of a new urgent alert (紧急求助); silent by default. */
  sound?: AlarmSound;
}

export class DispatchConsole {
  readonly incidents = new LogState<Incident>(MAX_INCIDENTS, (i) => timeThenId(i.reportedAt, i.id));
  readonly units = new KeyedState<Unit>();
  readonly alerts = new LogState<Alert>(MAX_ALERTS, (a) => timeThenId(a.raisedAt, a.id));
  /** The open alerts of the jurisdiction by kind and area, each acknowledged at once from the alert list. */
  readonly alertGroups = new KeyedState<AlertGroup>();
  readonly queue: IncidentQueue;
  readonly detail: IncidentPanel;
  readonly alertDesk: AlertDesk;
  /** The banner of urgent alerts (紧急求助), on top of everything until acknowledged. */
  readonly sos: SosDesk;
  readonly toast: Toast;
  /** 导出 of the queue's filter, for accounts with `export`; null otherwise. */
  readonly exporter: ExportControl | null;
  private readonly unitLayer: UnitLayer;
  private readonly stops: (() => void)[] = [];

  constructor(private readonly deps: ConsoleDeps) {
    const { doc, map, api, clock, vocabulary } = deps;
    this.toast = new Toast(element(doc, 'toast'), clock);
    this.queue = new IncidentQueue({ doc, map, clock, vocabulary, incidents: this.incidents, onSelect: (id) => void this.select(id, true) });
    this.detail = new IncidentPanel({
      el: element(doc, 'detail'), map, api, clock, vocabulary, toast: this.toast, permissions: deps.permissions ?? [],
      unitName: (id) => this.unitName(id),
      onOpen: (id) => void this.select(id, true),
      onUpdated: (incident) => {
        // The live feed may have brought a later version first (a unit that arrives within seconds
        // of its dispatch): an HTTP answer must not take the incident back to an older state.
        const held = this.incidents.get(incident.id);
        if (held && isOlder(incident, held)) return;
        this.incidents.put(incident);
        this.queue.render();
      },
    });
    this.alertDesk = new AlertDesk({
      doc, map, api, clock, vocabulary, alerts: this.alerts, groups: this.alertGroups, toast: this.toast,
      canAcknowledge: deps.canAcknowledge ?? true,
    });
    this.sos = new SosDesk({
      doc, map, api, clock, vocabulary, toast: this.toast, units: this.units, alerts: this.alerts,
      canAcknowledge: deps.canAcknowledge ?? true, sound: deps.sound ?? SILENT, onAcknowledged: () => this.alertDesk.render(),
    });
    this.exporter = (deps.permissions ?? []).includes('export')
      ? new ExportControl({ doc, clock, vocabulary, filter: () => this.queue.filterValues(), hours: QUEUE_HOURS })
      : null;
    const batch = new UpdateBatcher(clock, UNIT_REDRAW_MS);
    this.unitLayer = new UnitLayer(map, this.units, clock, (draw) => batch.schedule('units', draw));
  }

  /** The page's fixed parts and handlers: clock, connection badge, filters, lists. No network. */
  mount(): void {
    const { doc, map, live, clock } = this.deps;
    showConnection(element(doc, 'conn'), live);
    const clockEl = element(doc, 'clock');
    this.stops.push(clock.every(1000, () => (clockEl.textContent = new Date(clock.now()).toTimeString().slice(0, 8))));
    this.queue.mount();
    this.exporter?.mount();
    this.detail.mount();
    this.alertDesk.mount();
    this.sos.mount();
    map.onFeatureClick('incidents', (p) => {
      if (this.deps.isDrawing?.()) return;
      if (typeof p.id === 'number') void this.select(p.id, false);
    });
    this.queue.render();
    this.alertDesk.render();
  }

  /** Subscribes to incidents, units and alerts; call once the map's base layers are in. */
  start(): void {
    const { live, clock } = this.deps;
    live.subscribe('incidents', 'incidents', (e) => {
      const r = this.incidents.apply(e);
      this.queue.render();
      // The shown case changed elsewhere (the unit arrived, another dispatcher sent support, a
      // supervisor flagged it, a time limit passed): reread it, with its history.
      const shown = this.detail.current;
      if (shown && r.items.some((i) => i.id === shown.id && caseState(i) !== caseState(shown))) void this.detail.show(shown.id, false);
    }, { params: { hours: QUEUE_HOURS } });
    live.subscribe('units', 'units', (e) => this.unitLayer.apply(e));
    live.subscribe('alerts', 'alerts', (e) => {
      this.sos.onAlerts(e); // at once: the banner is not throttled with the list
      this.alerts.apply(e);
      this.alertDesk.render();
    }, { params: { hours: ALERT_HOURS } });
    live.subscribe('alertGroups', 'alertGroups', (e) => {
      this.alertGroups.apply(e);
      this.alertDesk.render();
    });
    // The grids and areas are vector tiles: those a change touched are fetched again.
    this.stops.push(followTiles(live, this.deps.map, clock, TILE_SOURCES));
    live.start();
    this.stops.push(clock.every(QUEUE_AGEING_MS, this.queue.render));
  }

  stop(): void {
    this.deps.live.stop();
    this.detail.stop();
    this.sos.stop();
    for (const s of this.stops.splice(0)) s();
  }

  /** Shows incident `id` in the detail panel and marks it in the queue. */
  async select(id: number, fly: boolean): Promise<void> {
    this.queue.selected = id;
    this.queue.render();
    await this.detail.show(id, fly);
  }

  unitName(id: string): string {
    return this.units.items.get(id)?.callSign ?? id;
  }
}

/** What the detail panel shows of a case beyond its fields: a change is worth a reread. */
function caseState(i: Incident): string {
  return JSON.stringify([i.status, i.units, i.level, i.supervision, i.mergedInto, i.overdue]);
}

/** Whether `a` is an earlier version of the incident than `b` (by updatedAt; unknown times are not older). */
function isOlder(a: Incident, b: Incident): boolean {
  const ta = a.updatedAt ? Date.parse(a.updatedAt) : NaN;
  const tb = b.updatedAt ? Date.parse(b.updatedAt) : NaN;
  return ta < tb;
}
