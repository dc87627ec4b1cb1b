// The open urgent alerts a page keeps in front of everything until someone acknowledges them: a
// terminal's emergency button (sos, 紧急求助) and a device alarm the server raises at the highest
// severity (device_alarm at critical: 跌倒, 碰撞侧翻, 电源掉电, 非法位移, when a person may be in
// danger now). They arrive on the alerts channel like every alert; the queue holds each once (by
// alert id, a newer version replacing an older one), lets go of it when it is acknowledged
// (here, by another dispatcher, or by a group acknowledgement), and reconciles with the server's
// list of open ones after a snapshot, which a reconnect brings. Pure: a page draws it.

import type { Api } from './api';
import type { MapMarker } from './map-surface';
import { decodeAlertList } from '../domain/decode';
import type { Alert, AlertGroup } from '../domain/records';
import type { SubEvent } from '../live/channels';

export const SOS = 'sos';
export const DEVICE_ALARM = 'device_alarm';
const CRITICAL = 'critical';
/** At most this many are held (the oldest go first): a page that runs for days stays bounded. */
export const MAX_URGENT = 100;

/** Whether an alert is held in front of everything until acknowledged. */
export function isUrgent(a: Pick<Alert, 'kind' | 'severity'>): boolean {
  return a.kind === SOS || (a.kind === DEVICE_ALARM && a.severity === CRITICAL);
}

/**
 * The call sign in an urgent alert's title: the server writes "<call sign> 紧急求助" or
 * "<call sign> <alarm>"; a title without a space is taken whole.
 */
export function callSignOf(a: Pick<Alert, 'title'>): string {
  const t = a.title.trim();
  const cut = t.lastIndexOf(' ');
  return cut > 0 ? t.slice(0, cut).trim() : t;
}

interface Held {
  alert: Alert;
  /** when it joined, in the queue's own count of changes (see {@link UrgentQueue.mark}) */
  arrival: number;
}

/** Acknowledgements remembered for {@link UrgentQueue.sync}: an answer older than one must not bring it back. */
const GONE_KEPT = 500;

export class UrgentQueue {
  private readonly held = new Map<number, Held>();
  /** alert id → when it left (acknowledged), in the count of changes */
  private readonly gone = new Map<number, number>();
  private changes = 0;

  get size(): number {
    return this.held.size;
  }

  has(id: number): boolean {
    return this.held.has(id);
  }

  get(id: number): Alert | undefined {
    return this.held.get(id)?.alert;
  }

  /** SOS first, then the newest first, then by id. */
  list(): Alert[] {
    return [...this.held.values()].map((h) => h.alert).sort((a, b) => Number(b.kind === SOS) - Number(a.kind === SOS)
      || Date.parse(b.raisedAt) - Date.parse(a.raisedAt) || b.id - a.id);
  }

  /**
   * Alerts as the alerts channel brings them (a snapshot's or a delta's items): an open urgent one
   * joins or replaces its earlier version, an acknowledged one leaves. Answers the ids that joined
   * (not those already held).
   */
  apply(alerts: readonly Alert[]): number[] {
    const joined: number[] = [];
    for (const a of alerts) {
      if (a.acknowledged) {
        if (this.held.has(a.id) || isUrgent(a)) this.leave(a.id);
      } else if (isUrgent(a)) {
        const was = this.held.get(a.id);
        if (!was) joined.push(a.id);
        this.held.set(a.id, { alert: a, arrival: was?.arrival ?? ++this.changes });
      }
    }
    this.trim();
    return joined.filter((id) => this.held.has(id));
  }

  /** Lets go of alert `id` (acknowledged here); false when it was not held. */
  remove(id: number): boolean {
    return this.leave(id);
  }

  private leave(id: number): boolean {
    this.gone.delete(id);
    this.gone.set(id, ++this.changes);
    if (this.gone.size > GONE_KEPT) this.gone.delete(this.gone.keys().next().value as number);
    return this.held.delete(id);
  }

  /** A mark to pass to {@link sync} with the answer of a question asked now. */
  mark(): number {
    return this.changes;
  }

  /**
   * The server's open urgent alerts, as answered to a question asked at `mark`: those held since
   * before the question and not in the answer were acknowledged meanwhile and leave (those that
   * joined after it may be newer than the answer, and stay); those in it join, unless acknowledged
   * since the question (the answer is older than that). An answer of `complete: false` (cut at its
   * limit) takes nothing away. Answers the ids that joined.
   */
  sync(open: readonly Alert[], mark: number, complete = true): number[] {
    const listed = new Set(open.map((a) => a.id));
    if (complete) for (const [id, h] of this.held) if (h.arrival <= mark && !listed.has(id)) this.leave(id);
    return this.apply(open.filter((a) => !a.acknowledged && isUrgent(a) && !((this.gone.get(a.id) ?? -1) > mark)));
  }

  private trim(): void {
    if (this.held.size <= MAX_URGENT) return;
    const oldest = [...this.held.values()].sort((a, b) => Date.parse(a.alert.raisedAt) - Date.parse(b.alert.raisedAt) || a.alert.id - b.alert.id);
    for (const h of oldest.slice(0, this.held.size - MAX_URGENT)) this.held.delete(h.alert.id);
  }
}

/** Most open urgent alerts asked for at once. */
const OPEN_ASKED = 500;

/**
 * Reads the server's open urgent alerts (GET /api/v1/alerts?kind=sos,device_alarm&open=true) and
 * syncs `queue` with them; answers the ids that joined. A failed read changes nothing (the channel
 * still brings every new one) and answers none.
 */
export async function syncOpenUrgent(api: Api, queue: UrgentQueue): Promise<number[]> {
  const mark = queue.mark();
  let open: Alert[];
  try {
    open = decodeAlertList(await api.get('/api/v1/alerts', { kind: `${SOS},${DEVICE_ALARM}`, open: 'true', limit: OPEN_ASKED }));
  } catch (e) {
    console.warn('urgent alerts: the open ones were not read', e);
    return [];
  }
  return queue.sync(open, mark, open.length < OPEN_ASKED);
}

/**
 * Feeds an event of a page's alerts subscription to `queue` and tells `changed` the ids that
 * joined (maybe none). A reset keeps what is held (it is held until acknowledged); after a
 * snapshot (the first, and after a reconnect) the server's open urgent alerts are read, so that
 * none older than the snapshot's hours, and none acknowledged while the page was away, is missed
 * or kept: `changed` is told again then.
 */
export function followAlerts(queue: UrgentQueue, api: Api, e: SubEvent<'alerts'>, changed: (joined: readonly number[]) => void): void {
  if (e.kind === 'reset') return;
  changed(queue.apply(e.data.items));
  if (e.kind === 'snapshot') void syncOpenUrgent(api, queue).then(changed);
}

/** The map's markers of the held alerts that have a place (class `urgent urgent-<kind>`). */
export function urgentMarkers(alerts: readonly Alert[]): MapMarker[] {
  const out: MapMarker[] = [];
  for (const a of alerts) {
    if (a.lon !== null && a.lat !== null) out.push({ id: String(a.id), at: [a.lon, a.lat], className: `urgent urgent-${a.kind}`, title: a.title });
  }
  return out;
}

/**
 * The groups to list beside the urgent alerts shown one by one (`shown`): a group all of whose
 * open alerts are shown is left out, so that an SOS is never folded into a group, and never twice.
 */
export function groupsBesides(groups: readonly AlertGroup[], shown: ReadonlySet<number>): AlertGroup[] {
  return groups.filter((g) => g.count > g.members.filter((m) => shown.has(m)).length);
}
