// Decoders from parsed JSON to the records of ./records.ts: the one place where server data gets
// its types. A decoder answers null for a value that lacks a field the pages rely on (an id, a
// place where one is required, a status); optional fields that are missing or of the wrong type
// become null. REST answers that are GeoJSON Features are read through their properties and point
// geometry.

import { decodeCasework } from './casework';
import { type JsonObject, booleanField, isObject, listOf, numberField, numberRecord, stringField } from './json';
import type {
  Alert, AlertGroup, ChangedTile, CoverageCell, Device, HeatCell, Incident, IncidentDetail, NearestUnit, Post, RiskZone, Stats, TrackPoint, Transition, Unit,
  UnitDetail,
} from './records';

export function decodeUnit(v: unknown): Unit | null {
  const o = flat(v);
  if (!o) return null;
  const id = stringField(o, 'id');
  const kind = stringField(o, 'kind');
  const status = stringField(o, 'status');
  if (id === null || kind === null || status === null) return null;
  return {
    id, kind, status,
    callSign: stringField(o, 'callSign') ?? id,
    lon: numberField(o, 'lon'), lat: numberField(o, 'lat'),
    time: stringField(o, 'time'), speed: numberField(o, 'speed'), heading: numberField(o, 'heading'),
  };
}

/** GET /api/v1/units/{id}: the unit with its agency and its terminal's `device` object. */
export function decodeUnitDetail(v: unknown): UnitDetail | null {
  const unit = decodeUnit(v);
  const o = flat(v);
  if (!unit || !o) return null;
  return { ...unit, agency: stringField(o, 'agency'), device: decodeDevice(o.device) };
}

/** A unit's `device` object; null when there is none (the terminal reported nothing beside the fix). */
export function decodeDevice(v: unknown): Device | null {
  if (!isObject(v)) return null;
  const strings = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
  return {
    battery: numberField(v, 'battery'), charging: booleanField(v, 'charging'), ignition: booleanField(v, 'ignition'),
    altitude: numberField(v, 'altitude'), hdop: numberField(v, 'hdop'), satellites: numberField(v, 'satellites'),
    signal: numberField(v, 'signal'), odometer: numberField(v, 'odometer'), fuel: numberField(v, 'fuel'),
    alarms: strings(v.alarms), alarmLabels: strings(v.alarmLabels),
    moving: booleanField(v, 'moving'), event: stringField(v, 'event'),
  };
}

export function decodeHeatCell(v: unknown): HeatCell | null {
  if (!isObject(v)) return null;
  const id = stringField(v, 'id');
  const lon = numberField(v, 'lon');
  const lat = numberField(v, 'lat');
  const count = numberField(v, 'count');
  if (id === null || lon === null || lat === null || count === null) return null;
  return { id, lon, lat, count };
}

export function decodeChangedTile(v: unknown): ChangedTile | null {
  if (!isObject(v)) return null;
  const layer = stringField(v, 'layer');
  const [z, x, y, version] = ['z', 'x', 'y', 'version'].map((k) => numberField(v, k));
  if (layer === null || z === null || x === null || y === null || version === null) return null;
  return { layer, z, x, y, version };
}

export function decodeCoverageCell(v: unknown): CoverageCell | null {
  if (!isObject(v)) return null;
  const id = stringField(v, 'id');
  const state = stringField(v, 'state');
  return id === null || state === null ? null : { id, state };
}

export function decodePost(v: unknown): Post | null {
  if (!isObject(v)) return null;
  const id = stringField(v, 'id');
  const lon = numberField(v, 'lon');
  const lat = numberField(v, 'lat');
  const state = stringField(v, 'state');
  if (id === null || lon === null || lat === null || state === null) return null;
  return {
    id, lon, lat, state,
    name: stringField(v, 'name') ?? id,
    present: numberField(v, 'present') ?? 0,
    required: numberField(v, 'required') ?? 0,
    windowStart: stringField(v, 'windowStart'),
    windowEnd: stringField(v, 'windowEnd'),
    late: booleanField(v, 'late') ?? false,
  };
}

/** An incident: a flat /live item, or a REST Feature (its properties and point). */
export function decodeIncident(v: unknown): Incident | null {
  const o = flat(v);
  if (!o) return null;
  const id = numberField(o, 'id');
  const category = stringField(o, 'category');
  const status = stringField(o, 'status');
  const reportedAt = stringField(o, 'reportedAt');
  if (id === null || category === null || status === null || reportedAt === null) return null;
  return {
    id, category, status, reportedAt,
    source: stringField(o, 'source'),
    severity: numberField(o, 'severity'),
    title: stringField(o, 'title'),
    description: stringField(o, 'description'),
    gridCode: stringField(o, 'gridCode'),
    gridName: stringField(o, 'gridName'),
    updatedAt: stringField(o, 'updatedAt'),
    unit: stringField(o, 'unit'),
    responseSeconds: numberField(o, 'responseSeconds'),
    lon: numberField(o, 'lon'),
    lat: numberField(o, 'lat'),
    ...decodeCasework(o),
  };
}

/** GET /api/v1/incidents/{id}: the incident and its history (oldest first). */
export function decodeIncidentDetail(v: unknown): IncidentDetail | null {
  const incident = decodeIncident(v);
  const o = flat(v);
  if (!incident || !o) return null;
  return { ...incident, history: listOf(o.history, decodeTransition) };
}

function decodeTransition(v: unknown): Transition | null {
  if (!isObject(v)) return null;
  const to = stringField(v, 'to');
  const at = stringField(v, 'at');
  if (to === null || at === null) return null;
  return {
    to, at,
    from: stringField(v, 'from'), actor: stringField(v, 'actor'), actorId: stringField(v, 'actorId'),
    note: stringField(v, 'note'), unit: stringField(v, 'unit'),
    action: stringField(v, 'action'), actionLabel: stringField(v, 'actionLabel'), toLabel: stringField(v, 'toLabel'),
    target: stringField(v, 'target') ?? numberField(v, 'target')?.toString() ?? null, due: stringField(v, 'due'),
  };
}

export function decodeAlert(v: unknown): Alert | null {
  if (!isObject(v)) return null;
  const id = numberField(v, 'id');
  const kind = stringField(v, 'kind');
  const severity = stringField(v, 'severity');
  const raisedAt = stringField(v, 'raisedAt');
  const acknowledged = booleanField(v, 'acknowledged');
  if (id === null || kind === null || severity === null || raisedAt === null || acknowledged === null) return null;
  return {
    id, kind, severity, raisedAt, acknowledged,
    title: stringField(v, 'title') ?? '',
    detail: stringField(v, 'detail'),
    areaCode: stringField(v, 'areaCode'),
    lon: numberField(v, 'lon'), lat: numberField(v, 'lat'),
    ackedAt: stringField(v, 'ackedAt'), ackedBy: stringField(v, 'ackedBy'),
  };
}

export function decodeAlertGroup(v: unknown): AlertGroup | null {
  if (!isObject(v)) return null;
  const id = stringField(v, 'id');
  const kind = stringField(v, 'kind');
  const count = numberField(v, 'count');
  const severity = stringField(v, 'severity');
  const newest = stringField(v, 'newest');
  if (id === null || kind === null || count === null || severity === null || newest === null) return null;
  const members = Array.isArray(v.members) ? v.members.filter((m): m is number => typeof m === 'number') : [];
  return {
    id, kind, count, severity, newest, members,
    level: stringField(v, 'level') ?? '',
    areaCode: stringField(v, 'areaCode') ?? '',
    areaName: stringField(v, 'areaName') ?? '',
    title: stringField(v, 'title') ?? `${count} 条告警`,
    membersHref: stringField(v, 'membersHref') ?? `/api/v1/alerts?open=true&group=${encodeURIComponent(id)}`,
  };
}

/** GET /api/v1/alerts/groups: `{level, open, groups: [...]}`. */
export function decodeAlertGroupList(v: unknown): AlertGroup[] {
  return isObject(v) ? listOf(v.groups, decodeAlertGroup) : [];
}

/** GET /api/v1/units/nearest: a FeatureCollection of units with `distance` and `etaSeconds`. */
export function decodeNearestUnits(v: unknown): NearestUnit[] {
  return listOf(features(v), (f) => {
    const unit = decodeUnit(f);
    const o = flat(f);
    if (!unit || !o) return null;
    return {
      id: unit.id, callSign: unit.callSign, kind: unit.kind, status: unit.status, lon: unit.lon, lat: unit.lat,
      distance: numberField(o, 'distance') ?? 0, etaSeconds: numberField(o, 'etaSeconds') ?? 0,
      role: stringField(o, 'role'),
    };
  });
}

/** GET /api/v1/units/{id}/track: fixes in time order. */
export function decodeTrack(v: unknown): TrackPoint[] {
  return listOf(features(v), (f) => {
    const o = flat(f);
    if (!o) return null;
    const lon = numberField(o, 'lon');
    const lat = numberField(o, 'lat');
    return lon === null || lat === null ? null : { lon, lat, time: stringField(o, 'time') ?? stringField(o, 'at') };
  });
}

/** GET /api/v1/incidents: the incidents of a FeatureCollection. */
export function decodeIncidents(v: unknown): Incident[] {
  return listOf(features(v), decodeIncident);
}

/** GET /api/v1/alerts: `{alerts: [...]}`. */
export function decodeAlertList(v: unknown): Alert[] {
  return isObject(v) ? listOf(v.alerts, decodeAlert) : [];
}

export function decodeRiskZones(v: unknown): RiskZone[] {
  return listOf(features(v), (f) => {
    const o = flat(f);
    if (!o) return null;
    const lon = numberField(o, 'lon');
    const lat = numberField(o, 'lat');
    if (lon === null || lat === null) return null;
    return { lon, lat, radius: numberField(o, 'radius') ?? 200, category: stringField(o, 'category') };
  });
}

/** The stats object; parts that are missing or malformed are left out (not set to undefined). */
export function decodeStats(v: unknown): Stats {
  const out: Stats = {};
  if (!isObject(v)) return out;
  const time = stringField(v, 'time');
  if (time !== null) out.time = time;
  if (isObject(v.incidentsToday)) {
    out.incidentsToday = { total: numberField(v.incidentsToday, 'total') ?? 0, byCategory: numberRecord(v.incidentsToday.byCategory) };
  }
  if (Array.isArray(v.trend24h)) {
    out.trend24h = listOf(v.trend24h, (x) => {
      if (!isObject(x)) return null;
      const hour = stringField(x, 'hour') ?? numberField(x, 'hour')?.toString() ?? null;
      const count = numberField(x, 'count');
      return hour === null || count === null ? null : { hour, count };
    });
  }
  if (Array.isArray(v.coverage)) {
    out.coverage = listOf(v.coverage, (x) => {
      const area = areaOf(x);
      const rate = area && numberField(area.o, 'rate');
      if (!area || rate == null) return null;
      return { ...area.row, rate, visited: numberField(area.o, 'visited') ?? 0, grids: numberField(area.o, 'grids') ?? 0 };
    });
  }
  if (isObject(v.units) && isObject(v.units.byKind)) {
    const byKind: Record<string, Record<string, number>> = {};
    for (const [kind, byStatus] of Object.entries(v.units.byKind)) byKind[kind] = numberRecord(byStatus);
    out.units = { byKind };
  }
  if (isObject(v.alerts)) {
    const open = numberField(v.alerts, 'open');
    if (open !== null) out.alerts = { open };
  }
  if (Array.isArray(v.posts)) {
    out.posts = listOf(v.posts, (x) => {
      const area = areaOf(x);
      if (!area) return null;
      return { ...area.row, windows: numberField(area.o, 'windows') ?? 0, decided: numberField(area.o, 'decided') ?? 0, rate: numberField(area.o, 'rate') };
    });
  }
  if (Array.isArray(v.visibility)) {
    out.visibility = listOf(v.visibility, (x) => {
      const area = areaOf(x);
      if (!area) return null;
      return { ...area.row, inPeriod: numberField(area.o, 'inPeriod') ?? 0, inTime: numberField(area.o, 'inTime') ?? 0, rate: numberField(area.o, 'rate') };
    });
  }
  return out;
}

function areaOf(x: unknown): { o: JsonObject; row: { code: string; name: string } } | null {
  if (!isObject(x)) return null;
  const code = stringField(x, 'code');
  return code === null ? null : { o: x, row: { code, name: stringField(x, 'name') ?? code } };
}

/**
 * The fields of a record: a flat object as it is, or a GeoJSON Feature's properties with the id
 * and, for a point geometry, lon and lat.
 */
function flat(v: unknown): JsonObject | null {
  if (!isObject(v)) return null;
  if (v.type !== 'Feature') return v;
  const props = isObject(v.properties) ? v.properties : {};
  const point = pointOf(v.geometry);
  return { id: v.id, ...props, ...(point ? { lon: point[0], lat: point[1] } : {}) };
}

function pointOf(g: unknown): [number, number] | null {
  if (!isObject(g) || g.type !== 'Point' || !Array.isArray(g.coordinates)) return null;
  const [lon, lat] = g.coordinates;
  return typeof lon === 'number' && typeof lat === 'number' ? [lon, lat] : null;
}

function features(v: unknown): unknown[] {
  return isObject(v) && Array.isArray(v.features) ? v.features : [];
}
