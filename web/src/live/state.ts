// State reducers for /live subscriptions. Each holds a bounded amount: keyed state is exactly the
// server's current set; logs keep at most `limit` items, newest first. A page that runs for days
// therefore holds what is on screen, not everything it has ever seen.

import type { SubEvent } from './client';

/** State channels (units, heat, coverage, posts): a map from key to the latest item. */
export class KeyedState<T> {
  readonly items = new Map<string, T>();
  /** seq of the last applied frame; null when empty after a reset */
  seq: number | null = null;
  /** extra fields of the last snapshot (heat: window, resolution) */
  meta: Record<string, unknown> = {};

  constructor(private readonly keyOf: (item: T) => string) {}

  /** Applies an event; returns what changed (for incremental drawing). */
  apply(e: SubEvent): { reset: boolean; upserted: T[]; removed: string[] } {
    switch (e.kind) {
      case 'reset':
        this.items.clear();
        this.seq = null;
        this.meta = {};
        return { reset: true, upserted: [], removed: [] };
      case 'snapshot': {
        this.items.clear();
        const list: T[] = e.data?.items ?? [];
        for (const item of list) this.items.set(this.keyOf(item), item);
        const { items: _ignored, ...meta } = e.data ?? {};
        this.meta = meta;
        this.seq = e.seq;
        return { reset: true, upserted: list, removed: [] };
      }
      case 'delta': {
        const upserted: T[] = e.data?.upsert ?? [];
        const removed: string[] = (e.data?.remove ?? []).map(String);
        for (const key of removed) this.items.delete(key);
        for (const item of upserted) this.items.set(this.keyOf(item), item);
        this.seq = e.seq;
        return { reset: false, upserted, removed };
      }
    }
  }
}

/**
 * Log channels (incidents, alerts): items by id, an item replacing an earlier one with the same
 * id; at most `limit` kept, dropping the oldest by `orderKey`.
 */
export class LogState<T extends { id: string | number }> {
  private readonly byId = new Map<string, T>();
  seq: number | null = null;

  constructor(private readonly limit: number, private readonly orderKey: (item: T) => number) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string | number): T | undefined {
    return this.byId.get(String(id));
  }

  /** Newest first. */
  list(): T[] {
    return [...this.byId.values()].sort((a, b) => cmp(this.orderKey(b), this.orderKey(a)));
  }

  /** Applies an event; returns the items that arrived (new or replaced). */
  apply(e: SubEvent): { reset: boolean; items: T[] } {
    if (e.kind === 'reset') {
      this.byId.clear();
      this.seq = null;
      return { reset: true, items: [] };
    }
    if (e.kind === 'snapshot') this.byId.clear();
    const items: T[] = e.data?.items ?? [];
    for (const item of items) {
      const id = String(item.id);
      this.byId.delete(id); // re-insert: Map order = arrival order
      this.byId.set(id, item);
    }
    this.trim();
    this.seq = e.seq;
    return { reset: e.kind === 'snapshot', items };
  }

  /** Replaces one item locally (e.g. after a REST call answered with the new version). */
  put(item: T): void {
    this.byId.set(String(item.id), item);
    this.trim();
  }

  private trim(): void {
    if (this.byId.size <= this.limit) return;
    const oldest = [...this.byId.values()].sort((a, b) => cmp(this.orderKey(a), this.orderKey(b)));
    for (let i = 0; i < oldest.length - this.limit; i++) this.byId.delete(String(oldest[i].id));
  }
}

/** The stats channel: one object, replaced by every snapshot and delta. */
export class ValueState<T> {
  value: T | null = null;
  seq: number | null = null;

  apply(e: SubEvent): T | null {
    if (e.kind === 'reset') {
      this.value = null;
      this.seq = null;
    } else {
      // A delta of a single-object channel is the whole new object; merge so that a server that
      // sends only the changed fields works too.
      this.value = e.kind === 'snapshot' || this.value === null ? e.data : { ...this.value, ...e.data };
      this.seq = e.seq;
    }
    return this.value;
  }
}

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order key of an item with an ISO time and a numeric id: time, then id. */
export function timeThenId(time: string | null | undefined, id: string | number): number {
  const t = time ? Date.parse(time) : 0;
  return (Number.isFinite(t) ? t : 0) * 1000 + (Number(id) % 1000 || 0);
}

/**
 * The incidents channel sends GeoJSON Features; the pages keep them flat
 * (`{id, ...properties, lon, lat}`). Other events pass through.
 */
export function flattenFeatures(e: SubEvent): SubEvent {
  if (e.kind === 'reset' || !Array.isArray(e.data?.items)) return e;
  return { ...e, data: { ...e.data, items: e.data.items.map(flattenFeature) } };
}

export function flattenFeature(x: any): any {
  if (x?.type !== 'Feature') return x;
  const c = x.geometry?.type === 'Point' ? x.geometry.coordinates : null;
  return { ...x.properties, id: x.properties?.id ?? x.id, lon: c?.[0], lat: c?.[1] };
}
