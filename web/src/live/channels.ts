// What each /live channel sends (docs/live-protocol.md, "Channels"), as types and as decoders.
// State channels (units, heat, coverage, posts) send `{items}` snapshots and `{upsert, remove}`
// deltas keyed by the item's `id`; log channels (incidents, alerts) send `{items}` in both; stats
// sends one object; tiles sends `{items: []}` snapshots and `{upsert}` deltas of changed tiles. `ChannelData` maps each channel to its snapshot and delta data, so that a
// subscriber of `heat` gets `HeatCell`s without a cast.

import {
  decodeAlert, decodeAlertGroup, decodeChangedTile, decodeCoverageCell, decodeHeatCell, decodeIncident, decodePost, decodeStats, decodeUnit,
} from '../domain/decode';
import { type Drops, isObject, listOf, numberField, stringField } from '../domain/json';
import type { Alert, AlertGroup, ChangedTile, CoverageCell, HeatCell, Incident, Post, Stats, Unit } from '../domain/records';

export interface KeyedSnapshot<T> {
  items: T[];
}

export interface KeyedDelta<T> {
  upsert: T[];
  /** keys (ids) of the items that left the subscription */
  remove: string[];
}

export interface LogItems<T> {
  items: T[];
}

export interface ChannelData {
  units: { snapshot: KeyedSnapshot<Unit>; delta: KeyedDelta<Unit> };
  heat: { snapshot: KeyedSnapshot<HeatCell> & { window: string | null; resolution: number | null }; delta: KeyedDelta<HeatCell> };
  coverage: { snapshot: KeyedSnapshot<CoverageCell> & { window: number | null }; delta: KeyedDelta<CoverageCell> };
  posts: { snapshot: KeyedSnapshot<Post>; delta: KeyedDelta<Post> };
  incidents: { snapshot: LogItems<Incident>; delta: LogItems<Incident> };
  alerts: { snapshot: LogItems<Alert>; delta: LogItems<Alert> };
  /** open alerts by kind and area; the snapshot also says the level and the scope's open count */
  alertGroups: { snapshot: KeyedSnapshot<AlertGroup> & { level: string | null; open: number | null }; delta: KeyedDelta<AlertGroup> };
  /** a delta is the whole new object */
  stats: { snapshot: Stats; delta: Stats };
  /** vector tiles whose content changed, at the change log's zoom (the snapshot says which: 14) */
  tiles: { snapshot: KeyedSnapshot<ChangedTile> & { zoom: number | null }; delta: KeyedDelta<ChangedTile> };
}

export type Channel = keyof ChannelData;

export const CHANNELS: readonly Channel[] = ['units', 'heat', 'coverage', 'incidents', 'posts', 'alerts', 'alertGroups', 'stats', 'tiles'];

/** What a subscriber sees: replace your state, apply a change, or discard your state (a snapshot follows). */
export type ChannelEvent<S, D> =
  | { kind: 'snapshot'; seq: number; data: S }
  | { kind: 'delta'; seq: number; data: D }
  | { kind: 'reset'; reason: string };

export type SubEvent<C extends Channel> = ChannelEvent<ChannelData[C]['snapshot'], ChannelData[C]['delta']>;

/** Turns a frame's `data` (parsed JSON) into the channel's data; malformed items are dropped and counted. */
export interface ChannelDecoder<C extends Channel> {
  snapshot(data: unknown, drops: Drops): ChannelData[C]['snapshot'];
  delta(data: unknown, drops: Drops): ChannelData[C]['delta'];
}

function keyed<T>(decode: (v: unknown) => T | null) {
  return {
    snapshot: (data: unknown, drops: Drops): KeyedSnapshot<T> => ({ items: listOf(isObject(data) ? data.items : null, decode, drops) }),
    delta: (data: unknown, drops: Drops): KeyedDelta<T> => ({
      upsert: listOf(isObject(data) ? data.upsert : null, decode, drops),
      // Keys are strings on every state channel; a number would still name the same item.
      remove: listOf(isObject(data) ? data.remove : null, (k) => (typeof k === 'string' ? k : typeof k === 'number' ? String(k) : null), drops),
    }),
  };
}

function log<T>(decode: (v: unknown) => T | null) {
  const items = (data: unknown, drops: Drops): LogItems<T> => ({ items: listOf(isObject(data) ? data.items : null, decode, drops) });
  return { snapshot: items, delta: items };
}

const heatCells = keyed(decodeHeatCell);
const coverageCells = keyed(decodeCoverageCell);
const alertGroups = keyed(decodeAlertGroup);
const changedTiles = keyed(decodeChangedTile);

export const CHANNEL_DECODERS: { [C in Channel]: ChannelDecoder<C> } = {
  units: keyed(decodeUnit),
  heat: {
    snapshot: (data, drops) => ({
      ...heatCells.snapshot(data, drops),
      window: isObject(data) ? stringField(data, 'window') : null,
      resolution: isObject(data) ? numberField(data, 'resolution') : null,
    }),
    delta: heatCells.delta,
  },
  coverage: {
    snapshot: (data, drops) => ({ ...coverageCells.snapshot(data, drops), window: isObject(data) ? numberField(data, 'window') : null }),
    delta: coverageCells.delta,
  },
  posts: keyed(decodePost),
  incidents: log(decodeIncident),
  alerts: log(decodeAlert),
  alertGroups: {
    snapshot: (data, drops) => ({
      ...alertGroups.snapshot(data, drops),
      level: isObject(data) ? stringField(data, 'level') : null,
      open: isObject(data) ? numberField(data, 'open') : null,
    }),
    delta: alertGroups.delta,
  },
  stats: { snapshot: (data) => decodeStats(data), delta: (data) => decodeStats(data) },
  tiles: {
    snapshot: (data, drops) => ({ ...changedTiles.snapshot(data, drops), zoom: isObject(data) ? numberField(data, 'zoom') : null }),
    delta: changedTiles.delta,
  },
};

export function isChannel(v: unknown): v is Channel {
  return typeof v === 'string' && (CHANNELS as readonly string[]).includes(v);
}
