// Small UI helpers shared by both pages.

import type { ConnectionState, LiveFeed } from '../live/client';
import type { Clock } from './clock';

const CONN_TEXT: Record<ConnectionState, string> = {
  connecting: '连接中', open: '实时连接正常', reconnecting: '连接中断，重连中', closed: '未连接',
};

/** The connection state in the header: a coloured dot and a word. */
export function showConnection(el: HTMLElement, live: LiveFeed): void {
  live.onState((s) => {
    el.className = `conn conn-${s}`;
    el.dataset.state = s;
    const b = el.querySelector('b');
    if (b) b.textContent = CONN_TEXT[s];
  });
}

/** Calls fn at most once per `ms` (trailing call guaranteed). */
export function throttle(clock: Clock, ms: number, fn: () => void): () => void {
  let pending = false;
  let last = -Infinity;
  return () => {
    if (pending) return;
    pending = true;
    clock.after(Math.max(0, last + ms - clock.now()), () => {
      pending = false;
      last = clock.now();
      fn();
    });
  };
}

/**
 * Runs the map updates asked for within one interval together, at most once per interval, so that
 * a live screen redraws about once a second however many channels change (each redraw of a
 * full-HD map is costly on a software-rendered wall PC). The latest update per key wins.
 */
export class UpdateBatcher {
  private readonly pending = new Map<string, () => void>();
  private cancel: (() => void) | null = null;
  private last = -Infinity;

  constructor(private readonly clock: Clock, private readonly intervalMs: number) {}

  schedule(key: string, fn: () => void): void {
    this.pending.set(key, fn);
    if (this.cancel) return;
    this.cancel = this.clock.after(Math.max(0, this.last + this.intervalMs - this.clock.now()), () => this.flush());
  }

  flush(): void {
    this.cancel?.();
    this.cancel = null;
    this.last = this.clock.now();
    const fns = [...this.pending.values()];
    this.pending.clear();
    for (const fn of fns) fn();
  }
}

/** The element with `id` in `doc`, of the expected kind: a page's markup is part of its contract. */
export function element<T extends HTMLElement = HTMLElement>(doc: Document, id: string, kind?: new () => T): T {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`page has no #${id}`);
  if (kind && !(el instanceof kind)) throw new Error(`#${id} is not a ${kind.name}`);
  return el as T;
}
