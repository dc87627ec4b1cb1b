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
