// The command-center big screen (态势一张图): one map, the panels, the alert list, all live.
// Nobody touches it: everything it shows comes from /live subscriptions that survive reconnects,
// every structure it keeps is bounded (../live/state.ts), and map updates from all channels are
// drawn together about once a second. The page, the map, the clock, the live feed and the REST API
// are injected (./index.ts wires the browser's), so that a test drives the screen without a browser.

import { escapeHtml, longDateTime } from '../common/format';
import { heatResolution } from '../common/geo';
import { asFeatureCollection } from '../common/geojson';
import type { MapSurface } from '../common/map-surface';
import type { PageDeps } from '../common/page';
import { UnitLayer } from '../common/units';
import { UpdateBatcher, element, showConnection } from '../common/ui';
import { TILE_SOURCES, followTiles } from '../common/tile-refresh';
import { decodeAlertList, decodeRiskZones } from '../domain/decode';
import { type JsonObject, booleanField, stringField } from '../domain/json';
import type { Alert, AlertGroup, CoverageCell, HeatCell, Incident, Post, Stats, Unit } from '../domain/records';
import type { SubEvent } from '../live/channels';
import type { Subscription } from '../live/client';
import type { Params } from '../live/protocol';
import { KeyedState, LogState, ValueState, timeThenId } from '../live/state';
import { freshGroups, orderGroups, severityRank } from '../common/alert-groups';
import { groupsBesides } from '../common/urgent';
import { AlertTicker } from './alert-ticker';
import { type HeatFilter, bindLayerToggles, buildHeatControls, renderLegend } from './controls';
import { heatFeatures, incidentFeatures, postFeatures, postRate, riskZoneFeatures } from './features';
import type { StatsPanels } from './panels';
import { RapidResponse } from './rapid-response';
import { UrgentBoard } from './urgent-board';

/** The incidents drawn: those reported in the last hours. */
export const INCIDENT_HOURS = 6;
export const COVERAGE_WINDOW_MINUTES = 30;
export const MAX_INCIDENTS = 2000;
export const MAX_ALERTS = 200;
const ALERT_HOURS = 24;
/** Members of an open group read from the server (the newest), of which the most severe are shown. */
const MEMBERS_READ = 500;
/** Map updates from all channels land together, at most once per this. */
export const REDRAW_MS = 1000;
const KEY_PLACES_POLL_MS = 60_000;
const RISK_ZONES_POLL_MS = 30_000;
/** Incidents are redrawn this often even without news, as the "fresh" ring ages out. */
const INCIDENT_AGEING_MS = 60_000;

export interface BigScreenDeps extends PageDeps {
  panels: StatsPanels;
}

export class BigScreen {
  readonly units = new KeyedState<Unit>();
  readonly heat = new KeyedState<HeatCell>();
  readonly posts = new KeyedState<Post>();
  readonly incidents = new LogState<Incident>(MAX_INCIDENTS, (i) => timeThenId(i.reportedAt, i.id));
  readonly alerts = new LogState<Alert>(MAX_ALERTS, (a) => timeThenId(a.raisedAt, a.id));
  /** The open alerts of the jurisdiction by kind and area: what the alert panel shows. */
  readonly alertGroups = new KeyedState<AlertGroup>();
  readonly stats = new ValueState<Stats>();
  readonly batch: UpdateBatcher;
  readonly unitLayer: UnitLayer;
  /** The 快速反应圈 switch and layer. */
  readonly rapid: RapidResponse;
  /** The open urgent alerts (紧急求助), one by one over the groups and flashing on the map. */
  readonly urgent: UrgentBoard;
  private readonly coverage = new PendingCoverage();
  private readonly ticker: AlertTicker;
  private heatFilter: HeatFilter;
  private heatSub: Subscription | null = null;
  private postsDrawn = '';
  private readonly stops: (() => void)[] = [];

  constructor(private readonly deps: BigScreenDeps) {
    const { doc, map, clock, vocabulary } = deps;
    this.batch = new UpdateBatcher(clock, REDRAW_MS);
    this.rapid = new RapidResponse(doc, map, deps.api, clock);
    this.unitLayer = new UnitLayer(map, this.units, clock, (draw) => this.batch.schedule('units', draw));
    this.ticker = new AlertTicker(element(doc, 'alerts'), element(doc, 'alert-open'), vocabulary, clock,
      (g, limit) => this.loadMembers(g, limit));
    this.urgent = new UrgentBoard(element(doc, 'urgent-alerts'), map, deps.api, vocabulary, () => this.showGroups(new Set()));
    const windows = vocabulary.terms('heatWindows').map((w) => w.id);
    this.heatFilter = { window: windows.includes('24h') || windows.length === 0 ? '24h' : windows[0], category: '' };
  }

  /** The page's fixed parts: clock, connection badge, legend, map tools, the empty alert list. No network. */
  mount(): void {
    const { doc, map, live, clock, vocabulary } = this.deps;
    showConnection(element(doc, 'conn'), live);
    const clockEl = element(doc, 'clock');
    const tick = () => (clockEl.textContent = longDateTime(clock.now()));
    tick();
    this.stops.push(clock.every(1000, tick));
    renderLegend(element(doc, 'legend'), vocabulary, INCIDENT_HOURS, COVERAGE_WINDOW_MINUTES);
    buildHeatControls(doc, vocabulary, this.heatFilter, (f) => {
      this.heatFilter = f;
      this.heatSub?.update({ params: this.heatParams() });
    });
    bindLayerToggles(doc, map);
    this.rapid.mount();
    this.ticker.render([], new Set());
    this.stops.push(this.ticker.startScrolling());
    this.bindPopups();
  }

  /** Subscribes to every channel and starts the REST polls; call once the map's base layers are in. */
  start(): void {
    const { map, live, clock } = this.deps;
    live.subscribe('units', 'units', (e) => this.unitLayer.apply(e));
    this.heatSub = live.subscribe('heat', 'heat', (e) => {
      this.heat.apply(e);
      this.batch.schedule('heat', () => map.setData('heat', heatFeatures(this.heat.items.values())));
    }, { params: this.heatParams() });
    live.subscribe('coverage', 'coverage', (e) => {
      this.coverage.apply(e);
      this.batch.schedule('coverage', () => this.coverage.drawOn(map));
    }, { params: { window: COVERAGE_WINDOW_MINUTES } });
    live.subscribe('incidents', 'incidents', (e) => {
      this.incidents.apply(e);
      this.scheduleIncidents();
    }, { params: { hours: INCIDENT_HOURS } });
    live.subscribe('posts', 'posts', (e) => {
      this.posts.apply(e);
      this.batch.schedule('posts', () => this.drawPosts());
    });
    live.subscribe('alerts', 'alerts', (e) => {
      this.alerts.apply(e);
      this.urgent.onAlerts(e);
    }, { params: { hours: ALERT_HOURS } });
    live.subscribe('alertGroups', 'alertGroups', (e) => this.onAlertGroups(e));
    live.subscribe('stats', 'stats', (e) => this.onStats(this.stats.apply(e)));
    // The grids and areas are vector tiles: those a change touched are fetched again.
    this.stops.push(followTiles(live, map, clock, TILE_SOURCES));

    // A finer heat resolution as the map zooms in: a new subscription only when the resolution changes.
    let resolution = heatResolution(map.zoom());
    map.onMoveEnd(() => {
      const r = heatResolution(map.zoom());
      if (r === resolution) return;
      resolution = r;
      this.heatSub?.update({ params: this.heatParams() });
    });
    live.start();
    void this.loadKeyPlaces();
    this.stops.push(clock.every(KEY_PLACES_POLL_MS, () => void this.loadKeyPlaces()));
    void this.loadRiskZones();
    this.stops.push(clock.every(RISK_ZONES_POLL_MS, () => void this.loadRiskZones()));
    this.stops.push(clock.every(INCIDENT_AGEING_MS, () => this.scheduleIncidents()));
  }

  stop(): void {
    this.deps.live.stop();
    this.rapid.stop();
    for (const s of this.stops.splice(0)) s();
  }

  heatParams(): Params {
    const p: Params = { window: this.heatFilter.window, resolution: heatResolution(this.deps.map.zoom()) };
    if (this.heatFilter.category) p.categories = [this.heatFilter.category];
    return p;
  }

  private onAlertGroups(e: SubEvent<'alertGroups'>): void {
    const before = new Map(this.alertGroups.items);
    const r = this.alertGroups.apply(e);
    // A snapshot marks nothing new (it is what was there); a delta marks the groups that grew newer.
    this.showGroups(r.reset ? new Set<string>() : freshGroups(before, r.upserted));
  }

  /** The groups in the alert panel, besides the urgent alerts shown one by one over them. */
  private showGroups(fresh: ReadonlySet<string>): void {
    this.ticker.render(groupsBesides(orderGroups(this.alertGroups.items.values()), this.urgent.shown()), fresh);
  }

  /** An open group's members from the server (its newest MEMBERS_READ), most severe first, then newest. */
  private async loadMembers(g: AlertGroup, limit: number): Promise<Alert[]> {
    const alerts = decodeAlertList(await this.deps.api.get('/api/v1/alerts', { open: 'true', group: g.id, limit: MEMBERS_READ }));
    return alerts.sort((a, b) => severityRank(a.severity) - severityRank(b.severity)
      || Date.parse(b.raisedAt) - Date.parse(a.raisedAt)).slice(0, limit);
  }

  private onStats(stats: Stats | null): void {
    this.deps.panels.update(stats);
    this.setText('today-total', String(stats?.incidentsToday?.total ?? 0));
    if (stats?.alerts) this.setText('kpi-open', String(stats.alerts.open));
    this.ticker.setServerOpen(stats?.alerts ? stats.alerts.open : null);
    if (stats?.units) {
      // On duty: every unit not off duty.
      let n = 0;
      for (const byStatus of Object.values(stats.units.byKind)) {
        for (const [status, count] of Object.entries(byStatus)) if (status !== 'off_duty') n += count;
      }
      this.setText('kpi-units', String(n));
    }
  }

  private scheduleIncidents(): void {
    this.batch.schedule('incidents', () => {
      const fc = incidentFeatures(this.incidents.list(), this.deps.clock.now());
      this.deps.map.setData('incidents', fc);
      this.setText('kpi-incidents', String(fc.features.length));
    });
  }

  private drawPosts(): void {
    // The channel is recomputed every second; redraw only when a post's colour changed.
    const fc = postFeatures(this.posts.items.values());
    const key = fc.features.map((f) => `${f.properties.id}:${f.properties.state}`).join();
    if (key !== this.postsDrawn) {
      this.postsDrawn = key;
      this.deps.map.setData('posts', fc);
    }
    this.deps.panels.setPostRate(postRate(this.posts.items.values()));
  }

  private async loadKeyPlaces(): Promise<void> {
    try {
      this.deps.map.setData('keyplaces', asFeatureCollection(await this.deps.api.get('/api/v1/key-places')));
    } catch {
      // a server without key places: the layer stays as it is until the next poll
    }
  }

  private async loadRiskZones(): Promise<void> {
    try {
      const zones = decodeRiskZones(await this.deps.api.get('/api/v1/risk-zones'));
      this.setText('kpi-risk', String(zones.length));
      this.deps.map.setData('risk', riskZoneFeatures(zones));
    } catch {
      // next poll
    }
  }

  private bindPopups(): void {
    const { map, vocabulary } = this.deps;
    const name = (p: JsonObject, key: string) => escapeHtml(stringField(p, key) ?? '');
    for (const layer of ['units', 'units-dot']) {
      map.onFeatureClick(layer, (p, at) => map.popup(at, `${name(p, 'callSign')}<br>${escapeHtml(vocabulary.label('unitStatuses', stringField(p, 'status')))}`));
    }
    map.onFeatureClick('posts', (p, at) => map.popup(at, `${name(p, 'name')}<br>${escapeHtml(vocabulary.label('dutyStates', stringField(p, 'state')))}`));
    map.onFeatureClick('keyplaces', (p, at) => {
      const state = booleanField(p, 'overdue') ? '超时未巡' : booleanField(p, 'inPeriod') ? '重点时段' : '非重点时段';
      map.popup(at, `${name(p, 'name')}<br>${state}`);
    });
  }

  private setText(id: string, text: string): void {
    const el = this.deps.doc.getElementById(id);
    if (el) el.textContent = text;
  }
}

/**
 * Coverage changes collected between two redraws: grid code → state (null: removed). A snapshot
 * or a reset replaces everything, so the next redraw first clears every grid.
 */
class PendingCoverage {
  private readonly changes = new Map<string, string | null>();
  private reset = false;

  apply(e: SubEvent<'coverage'>): void {
    if (e.kind !== 'delta') {
      this.reset = true;
      this.changes.clear();
    }
    if (e.kind === 'snapshot') for (const c of e.data.items) this.changes.set(c.id, c.state);
    if (e.kind === 'delta') {
      for (const code of e.data.remove) this.changes.set(code, null);
      for (const c of e.data.upsert) this.changes.set(c.id, c.state);
    }
  }

  drawOn(map: MapSurface): void {
    const changed: CoverageCell[] = [];
    const removed: string[] = [];
    for (const [id, state] of this.changes) (state === null ? removed.push(id) : changed.push({ id, state }));
    map.setGridCoverage(this.reset, changed, removed);
    this.changes.clear();
    this.reset = false;
  }
}
