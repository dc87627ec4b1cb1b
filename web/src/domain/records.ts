// The records the pages get from the server: the items of the /live channels
// (docs/live-protocol.md, "Channels") and the REST resources of the same shape. One type per
// record, shared by the big screen and the dispatcher console.
//
// Times are ISO-8601 UTC instants, coordinates WGS84 degrees, distances metres. Terms of the domain
// vocabulary (category, status, kind, state…) are the server's identifiers as plain strings: their
// labels come from GET /api/v1/vocabulary, and a page must cope with an identifier it does not know.
// Records are built only by ./decode.ts, which checks every field read here.

export type LonLat = [number, number];

/** A patrol unit's latest state (`units` channel). lon/lat are null for a unit without a fix. */
export interface Unit {
  id: string;
  callSign: string;
  kind: string;
  status: string;
  lon: number | null;
  lat: number | null;
  /** the device's fix time */
  time: string | null;
  /** m/s */
  speed: number | null;
  /** degrees clockwise from north */
  heading: number | null;
}

/**
 * What a unit's terminal reported beside its last fix (GET /api/v1/units/{id} → `device`): only
 * the fields it reported are non-null. A JT/T 808 terminal, Traccar Client and OsmAnd each send
 * a different part.
 */
export interface Device {
  /** per cent, 0–100 */
  battery: number | null;
  charging: boolean | null;
  ignition: boolean | null;
  /** metres above sea level */
  altitude: number | null;
  hdop: number | null;
  satellites: number | null;
  /** the wireless network's signal strength as the terminal reports it */
  signal: number | null;
  /** metres */
  odometer: number | null;
  /** litres */
  fuel: number | null;
  /** the safety alarms set now (the vocabulary's deviceAlarms ids) and their labels, in the same order */
  alarms: string[];
  alarmLabels: string[];
  moving: boolean | null;
  /** Traccar Client's event (motionchange, heartbeat …) */
  event: string | null;
}

/** A unit as GET /api/v1/units/{id} answers: its latest state, its agency and what its terminal reported. */
export interface UnitDetail extends Unit {
  agency: string | null;
  /** null when the terminal reported nothing beside the fix */
  device: Device | null;
}

/** Incidents per H3 cell (`heat` channel); `id` is the cell's hex index, lon/lat its centre. */
export interface HeatCell {
  id: string;
  lon: number;
  lat: number;
  count: number;
}

/** A grid's patrol coverage (`coverage` channel); `id` is the grid code. */
/** A vector tile whose content changed (channel `tiles`): tileset `layer`, at the change log's zoom. */
export interface ChangedTile {
  layer: string;
  z: number;
  x: number;
  y: number;
  version: number;
}

export interface CoverageCell {
  id: string;
  /** fresh | covered | uncovered | never */
  state: string;
}

/** A school-guard post (护学岗) at its gate, with its current duty window (`posts` channel). */
export interface Post {
  id: string;
  name: string;
  lon: number;
  lat: number;
  /** a duty state of the vocabulary (pending, staffed, understaffed, missed, none) */
  state: string;
  present: number;
  required: number;
  windowStart: string | null;
  windowEnd: string | null;
  late: boolean;
}

/** A unit on a case: the lead (主办) or a supporting one (协助), on its way or on scene. */
export interface CaseUnit {
  unit: string;
  /** 'lead' | 'support' (another value is shown as itself) */
  role: string;
  onScene: boolean;
  /** when it was sent */
  sentAt: string | null;
}

/** 督办: a supervisor's flag on a case, with the deadline and the instruction. */
export interface Supervision {
  due: string | null;
  note: string | null;
  /** the supervisor's name */
  by: string | null;
  at: string | null;
}

/** The steps a case has time limits for (时限); `supervision` is a 督办's deadline. */
export const DEADLINE_STEPS = ['accept', 'arrive', 'handle', 'close', 'supervision'] as const;
export type DeadlineStep = (typeof DEADLINE_STEPS)[number];

/**
 * How a case is being handled (issue 13): its units, its handling level (流转), 督办, the merge
 * target, the response figures and the time limits. An older server sends none of it: then no
 * units, no level, nothing supervised or overdue.
 */
export interface Casework {
  /** every unit on the case, the lead among them (`unit` names the lead) */
  units: CaseUnit[];
  /** a handling level id (village, township, county) and its label */
  level: string | null;
  levelLabel: string | null;
  supervision: Supervision | null;
  /** the incident this one was merged into */
  mergedInto: number | null;
  /** seconds from the report to the first unit sent (派警用时) */
  dispatchSeconds: number | null;
  /** each step's deadline (ISO instant); a step without one is absent */
  deadlines: Readonly<Partial<Record<DeadlineStep, string>>>;
  /** the steps the server finds overdue now (a step it may name that the page does not know is kept) */
  overdue: string[];
}

/** An incident: the `incidents` channel's item, and the properties of the REST Feature. */
export interface Incident extends Casework {
  id: number;
  category: string;
  status: string;
  source: string | null;
  severity: number | null;
  title: string | null;
  description: string | null;
  gridCode: string | null;
  gridName: string | null;
  reportedAt: string;
  updatedAt: string | null;
  /** the lead unit, if any */
  unit: string | null;
  /** seconds from the report to the first unit on scene (到场用时) */
  responseSeconds: number | null;
  lon: number | null;
  lat: number | null;
}

/** One step of an incident's workflow history. */
export interface Transition {
  from: string | null;
  to: string;
  at: string;
  /** who made it: the signed-in user's display name, recorded by the server */
  actor: string | null;
  /** that user's id */
  actorId: string | null;
  note: string | null;
  unit: string | null;
  /** what the step did (dispatch, support, reassign, recall, arrive, merge, supervise, transfer, status…) and its label */
  action: string | null;
  actionLabel: string | null;
  /** the status's label, as the server names it */
  toLabel: string | null;
  /** reassign: the unit taken off; merge: the incident merged into; transfer: the level */
  target: string | null;
  /** supervise: the deadline */
  due: string | null;
}

/** An incident with its history, as GET /api/v1/incidents/{id} answers. */
export interface IncidentDetail extends Incident {
  history: Transition[];
}

/** An alert (告警): the `alerts` channel's item and GET /api/v1/alerts's. lon/lat null: no place. */
export interface Alert {
  id: number;
  kind: string;
  severity: string;
  title: string;
  detail: string | null;
  areaCode: string | null;
  lon: number | null;
  lat: number | null;
  raisedAt: string;
  acknowledged: boolean;
  ackedAt: string | null;
  ackedBy: string | null;
}

/**
 * Open alerts of one kind in one area (告警归并): the `alertGroups` channel's item and
 * GET /api/v1/alerts/groups's. `id` is `kind.level.areaCode`.
 */
export interface AlertGroup {
  id: string;
  kind: string;
  level: string;
  areaCode: string;
  areaName: string;
  count: number;
  /** the highest severity among the members */
  severity: string;
  /** when the newest member was raised */
  newest: string;
  /** e.g. 邹平市 12 个护学岗到岗不足 */
  title: string;
  /** member ids, most severe first, then newest */
  members: number[];
  /** the members in the API (GET /api/v1/alerts?open=true&group=…) */
  membersHref: string;
}

/** A unit as GET /api/v1/units/nearest lists it: nearest first, with distance and straight-line ETA. */
export interface NearestUnit {
  id: string;
  callSign: string;
  kind: string;
  status: string;
  lon: number | null;
  lat: number | null;
  distance: number;
  etaSeconds: number;
  /** for an incident's dispatch policy: 'lead' (takes the case) or 'support'; null without one */
  role: string | null;
}

/** A fix of a unit's track (GET /api/v1/units/{id}/track). */
export interface TrackPoint {
  lon: number;
  lat: number;
  time: string | null;
}

/** A near-repeat risk zone (GET /api/v1/risk-zones): a circle around the incidents that opened it. */
export interface RiskZone {
  lon: number;
  lat: number;
  radius: number;
  category: string | null;
}

export interface AreaRate {
  code: string;
  name: string;
}

/**
 * Headline statistics (`stats` channel) for the connection's scope. Every part is optional: the
 * decoder leaves out a part that is missing or malformed, and the panels draw what they have.
 */
export interface Stats {
  time?: string;
  incidentsToday?: { total: number; byCategory: Record<string, number> };
  trend24h?: { hour: string; count: number }[];
  /** coverage rate per county (per township in a county scope) */
  coverage?: (AreaRate & { rate: number; visited: number; grids: number })[];
  units?: { byKind: Record<string, Record<string, number>> };
  alerts?: { open: number };
  /** today's 护学岗 on-post rate per county and for the whole scope; rate null until a window is decided */
  posts?: (AreaRate & { windows: number; decided: number; rate: number | null })[];
  /** live 见警率 per county and for the whole scope */
  visibility?: (AreaRate & { inPeriod: number; inTime: number; rate: number | null })[];
}
