// State reducers for /live subscriptions. Each holds a bounded amount: keyed state is exactly the
// server's current set; logs keep at most `limit` items, newest first. A page that runs for days
// therefore holds what is on screen, not everything it has ever seen.

import type { ChannelEvent, KeyedDelta, KeyedSnapshot, LogItems } from './channels';

/** What a state channel's subscriber gets; a channel whose snapshot carries more (heat) fits too. */
export type KeyedEvent<T> = ChannelEvent<KeyedSnapshot<T>, KeyedDelta<T>>;
export type LogEvent<T> = ChannelEvent<LogItems<T>, LogItems<T>>;

export interface KeyedChange<T> {
  /** the state was replaced (snapshot) or emptied (reset) */
  reset: boolean;
  upserted: readonly T[];
  removed: readonly string[];
}

/** State channels (units, heat, coverage, posts): the latest item per id. */
export class KeyedState<T extends { id: string }> {
  readonly items = new Map<string, T>();
  /** seq of the last applied frame; null when empty after a reset */
  seq: number | null = null;

  /** Applies an event; returns what changed (for incremental drawing). */
  apply(e: KeyedEvent<T>): KeyedChange<T> {
    switch (e.kind) {
      case 'reset':
        this.items.clear();
        this.seq = null;
        return { reset: true, upserted: [], removed: [] };
      case 'snapshot':
        this.items.clear();
        for (const item of e.data.items) this.items.set(item.id, item);
        this.seq = e.seq;
        return { reset: true, upserted: e.data.items, removed: [] };
      case 'delta':
        for (const key of e.data.remove) this.items.delete(key);
        for (const item of e.data.upsert) this.items.set(item.id, item);
        this.seq = e.seq;
        return { reset: false, upserted: e.data.upsert, removed: e.data.remove };
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

  constructor(readonly limit: number, private readonly orderKey: (item: T) => number) {}

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
  apply(e: LogEvent<T>): { reset: boolean; items: readonly T[] } {
    if (e.kind === 'reset') {
      this.byId.clear();
      this.seq = null;
      return { reset: true, items: [] };
    }
    if (e.kind === 'snapshot') this.byId.clear();
    for (const item of e.data.items) {
      const id = String(item.id);
      this.byId.delete(id); // re-insert: Map order = arrival order
      this.byId.set(id, item);
    }
    this.trim();
    this.seq = e.seq;
    return { reset: e.kind === 'snapshot', items: e.data.items };
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
export class ValueState<T extends object> {
  value: T | null = null;
  seq: number | null = null;

  apply(e: ChannelEvent<T, T>): T | null {
    if (e.kind === 'reset') {
      this.value = null;
      this.seq = null;
    } else {
      // A delta of a single-object channel is the whole new object; merge so that a server that
      // sends only the changed fields works too (the decoder leaves absent fields out).
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
