// Small UI helpers shared by both pages.

import type { ConnectionState, LiveClient } from '../live/client';

const CONN_TEXT: Record<ConnectionState, string> = {
  connecting: '连接中', open: '实时连接正常', reconnecting: '连接中断，重连中', closed: '未连接',
};

/** The connection state in the header: a coloured dot and a word. */
export class ConnectionBadge {
  constructor(el: HTMLElement, client: LiveClient) {
    client.onState((s) => {
      el.className = `conn conn-${s}`;
      el.dataset.state = s;
      const b = el.querySelector('b');
      if (b) b.textContent = CONN_TEXT[s];
    });
  }
}

/** Calls fn at most once per `ms` (trailing call guaranteed). */
export function throttle(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  return () => {
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      fn();
    }, wait);
  };
}

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** HH:MM:SS in local time. */
export function timeOfDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toTimeString().slice(0, 8);
}

/** MM-DD HH:MM in local time. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${d.toTimeString().slice(0, 5)}`;
}

export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} 秒前`;
  if (s < 3600) return `${Math.floor(s / 60)} 分钟前`;
  if (s < 86400) return `${Math.floor(s / 3600)} 小时前`;
  return `${Math.floor(s / 86400)} 天前`;
}

/**
 * The row of the whole scope in a per-area list (stats per county plus the city): the one with the
 * shortest code, and among equally long codes the one with most trailing zeros (371600 before 371602).
 */
export function scopeRow<T extends { code: string }>(rows: T[] | null | undefined): T | undefined {
  if (!Array.isArray(rows) || rows.length === 0) return undefined;
  const zeros = (c: string) => c.length - c.replace(/0+$/, '').length;
  return rows.reduce((best, r) => (r.code.length < best.code.length
    || (r.code.length === best.code.length && zeros(r.code) > zeros(best.code)) ? r : best));
}

/**
 * Runs the map updates asked for within one interval together, at most once per interval, so that
 * a live screen redraws about once a second however many channels change (each redraw of a
 * full-HD map is costly on a software-rendered wall PC). The latest update per key wins.
 */
export class UpdateBatcher {
  private readonly pending = new Map<string, () => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = 0;

  constructor(private readonly intervalMs: number) {}

  schedule(key: string, fn: () => void): void {
    this.pending.set(key, fn);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, this.last + this.intervalMs - Date.now()));
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.last = Date.now();
    const fns = [...this.pending.values()];
    this.pending.clear();
    for (const fn of fns) fn();
  }
}
