// A client of the /live WebSocket (docs/live-protocol.md) that keeps its subscriptions across
// reconnects: it reconnects with back-off, resumes every subscription from the sequence number of
// the last frame it applied, re-subscribes when the server has forgotten one, and detects a dead
// connection by the silence of its pings. Subscribers see only three kinds of event: a snapshot
// (replace your state), a delta (apply it) and a reset (discard your state; a snapshot follows).

// Each subscription's frames are decoded by its channel's decoder (./channels.ts), so a listener of
// `subscribe('heat', …)` receives `SubEvent<'heat'>`.

import type { Drops } from '../domain/json';
import { CHANNEL_DECODERS, type Channel, type SubEvent } from './channels';
import { type BBox, type Params, type ServerFrame, parseFrame } from './protocol';

export type { SubEvent } from './channels';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The part of the browser's WebSocket that the client uses (a test supplies its own). */
export interface SocketLike {
  readyState: number;
  onopen: (() => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
  onerror: (() => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface LiveClientOptions {
  /** ws:// or wss:// URL of /live. */
  url: string;
  socketFactory?: (url: string) => SocketLike;
  /** How often to ping, ms. */
  pingMs?: number;
  /** A connection silent for this long is taken as dead and replaced, ms. */
  staleMs?: number;
  /** First and longest reconnect delay, ms (doubling, with jitter). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  /**
   * Told when a frame carried items its channel's decoder had to drop (malformed, or missing a
   * field the pages rely on); by default a console warning.
   */
  onMalformed?: (channel: Channel, dropped: number) => void;
}

/** A refused client frame (docs/live-protocol.md, "Errors"). */
export interface LiveError {
  id: string | null;
  code: string;
  message: string;
}

/** The part of LiveClient a page uses: what a test replaces with a fake feed. */
export interface LiveFeed {
  readonly state: ConnectionState;
  subscribe<C extends Channel>(key: string, channel: C, handler: (e: SubEvent<C>) => void,
                               options?: { bbox?: BBox | null; params?: Params }): Subscription;
  onState(listener: (s: ConnectionState) => void): () => void;
  start(): void;
  stop(): void;
}

export interface Subscription {
  readonly key: string;
  readonly channel: Channel;
  /** Changes the bbox and/or params: the state is reset and a new snapshot follows. */
  update(change: { bbox?: BBox | null; params?: Params }): void;
  close(): void;
}

const OPEN = 1;

/**
 * The error code of a connection the server closes because its session expired or was revoked:
 * the client stops and does not reconnect.
 */
export const UNAUTHENTICATED = 'unauthenticated';

interface Sub {
  key: string;
  gen: number;
  channel: Channel;
  bbox: BBox | null;
  params: Params;
  /** decodes a snapshot's or delta's data and hands it to the subscriber */
  deliver(kind: 'snapshot' | 'delta', seq: number, data: unknown): void;
  reset(reason: string): void;
  /** seq of the last frame applied; null until the first snapshot */
  seq: number | null;
  /** after a reset, deltas are ignored until a snapshot arrives */
  awaitingSnapshot: boolean;
}

export class LiveClient implements LiveFeed {
  private readonly opts: Required<Omit<LiveClientOptions, 'socketFactory'>> & Pick<LiveClientOptions, 'socketFactory'>;
  private socket: SocketLike | null = null;
  private readonly subs = new Map<string, Sub>(); // by wire id
  private session: string | null = null;
  private stateValue: ConnectionState = 'closed';
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private readonly errorListeners = new Set<(e: LiveError) => void>();
  private readonly timeListeners = new Set<(serverMs: number, rttMs: number | null) => void>();
  /** When the last ping was sent (Date.now()), for the round trip of its pong; null when answered. */
  private pingSentAt: number | null = null;
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private stopped = true;
  /** Connections made so far (for the status bar). */
  connects = 0;

  constructor(options: LiveClientOptions) {
    this.opts = {
      pingMs: 15_000,
      staleMs: 45_000,
      minBackoffMs: 500,
      maxBackoffMs: 15_000,
      random: Math.random,
      onMalformed: (channel, dropped) => console.warn(`live: ${dropped} malformed item(s) dropped from ${channel}`),
      ...options,
    };
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get sessionId(): string | null {
    return this.session;
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.stateValue);
    return () => this.stateListeners.delete(listener);
  }

  /**
   * Told the server's clock: at every `welcome` (round trip unknown: null) and `pong` (with the
   * ping's round trip, ms). A page sets its clock by it (../common/server-clock.ts).
   */
  onServerTime(listener: (serverMs: number, rttMs: number | null) => void): () => void {
    this.timeListeners.add(listener);
    return () => this.timeListeners.delete(listener);
  }

  private tellTime(iso: string | null, rttMs: number | null): void {
    const ms = iso === null ? NaN : Date.parse(iso);
    if (Number.isNaN(ms)) return;
    for (const l of this.timeListeners) l(ms, rttMs);
  }

  onError(listener: (e: LiveError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = s.onmessage = s.onerror = s.onopen = null;
      s.close(1000, 'client stopped');
    }
    this.setState('closed');
  }

  subscribe<C extends Channel>(key: string, channel: C, handler: (e: SubEvent<C>) => void,
                               options: { bbox?: BBox | null; params?: Params } = {}): Subscription {
    for (const s of this.subs.values()) {
      if (s.key === key) throw new Error(`subscription ${key} exists`);
    }
    const decoder = CHANNEL_DECODERS[channel];
    const sub: Sub = {
      key, gen: 0, channel, bbox: options.bbox ?? null, params: options.params ?? {},
      seq: null, awaitingSnapshot: true,
      deliver: (kind, seq, raw) => {
        const drops: Drops = { count: 0 };
        if (kind === 'snapshot') handler({ kind, seq, data: decoder.snapshot(raw, drops) });
        else handler({ kind, seq, data: decoder.delta(raw, drops) });
        if (drops.count > 0) this.opts.onMalformed(channel, drops.count);
      },
      reset: (reason) => handler({ kind: 'reset', reason }),
    };
    this.subs.set(wireId(sub), sub);
    if (this.isOpen()) this.sendSubscribe(sub);
    return {
      key,
      channel,
      update: (change) => this.update(sub, change),
      close: () => this.unsubscribe(sub),
    };
  }

  private update(sub: Sub, change: { bbox?: BBox | null; params?: Params }): void {
    if (!this.subs.has(wireId(sub))) return;
    if (this.isOpen()) this.send({ op: 'unsubscribe', id: wireId(sub) });
    this.subs.delete(wireId(sub));
    sub.gen++;
    if (change.bbox !== undefined) sub.bbox = change.bbox;
    if (change.params !== undefined) sub.params = change.params;
    sub.seq = null;
    sub.awaitingSnapshot = true;
    this.subs.set(wireId(sub), sub);
    sub.reset('changed');
    if (this.isOpen()) this.sendSubscribe(sub);
  }

  private unsubscribe(sub: Sub): void {
    if (!this.subs.delete(wireId(sub))) return;
    if (this.isOpen()) this.send({ op: 'unsubscribe', id: wireId(sub) });
  }

  // --- connection -------------------------------------------------------------------------------

  private connect(): void {
    this.setState(this.connects === 0 ? 'connecting' : 'reconnecting');
    const url = this.session ? withSession(this.opts.url, this.session) : this.opts.url;
    let socket: SocketLike;
    try {
      socket = (this.opts.socketFactory ?? browserSocket)(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onmessage = (ev) => {
      if (this.socket !== socket) return;
      this.lastFrameAt = Date.now();
      if (typeof ev.data === 'string') this.onFrame(parseFrame(ev.data));
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      if (!this.stopped) this.scheduleReconnect();
    };
    socket.onerror = () => {
      // onclose follows and reconnects
    };
  }

  private scheduleReconnect(): void {
    this.setState('reconnecting');
    const base = Math.min(this.opts.maxBackoffMs, this.opts.minBackoffMs * 2 ** Math.min(this.attempts, 16));
    const delay = base / 2 + this.opts.random() * base / 2;
    this.attempts++;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private clearTimers(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private startPinging(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.lastFrameAt = Date.now();
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastFrameAt > this.opts.staleMs) {
        // A silent connection (half-open TCP, sleeping proxy): replace it.
        const s = this.socket;
        this.socket = null;
        this.clearTimers();
        if (s) {
          s.onclose = s.onmessage = s.onerror = s.onopen = null;
          try {
            s.close(4000, 'stale');
          } catch {
            // already closed
          }
        }
        this.scheduleReconnect();
        return;
      }
      this.pingSentAt = Date.now();
      this.send({ op: 'ping' });
    }, this.opts.pingMs);
  }

  private isOpen(): boolean {
    return this.stateValue === 'open' && this.socket !== null && this.socket.readyState === OPEN;
  }

  private send(frame: Record<string, unknown>): void {
    try {
      this.socket?.send(JSON.stringify(frame));
    } catch {
      // the close handler reconnects
    }
  }

  private setState(s: ConnectionState): void {
    if (s === this.stateValue) return;
    this.stateValue = s;
    for (const l of this.stateListeners) l(s);
  }

  // --- frames -----------------------------------------------------------------------------------

  private onFrame(f: ServerFrame | null): void {
    if (!f) return;
    switch (f.op) {
      case 'welcome': {
        const resumed = this.session !== null;
        this.session = f.session;
        this.attempts = 0;
        this.connects++;
        this.setState('open');
        this.startPinging();
        this.tellTime(f.time, null);
        for (const sub of this.subs.values()) {
          if (resumed && sub.seq !== null) this.sendResume(sub);
          else this.sendSubscribe(sub);
        }
        break;
      }
      case 'snapshot': {
        const sub = this.subs.get(f.id);
        if (!sub) return;
        sub.seq = f.seq;
        sub.awaitingSnapshot = false;
        sub.deliver('snapshot', f.seq, f.data);
        break;
      }
      case 'delta': {
        const sub = this.subs.get(f.id);
        if (!sub || sub.awaitingSnapshot) return;
        if (sub.seq !== null && f.seq <= sub.seq) return; // already applied
        sub.seq = f.seq;
        sub.deliver('delta', f.seq, f.data);
        break;
      }
      case 'resync': {
        const sub = this.subs.get(f.id);
        if (!sub) return;
        sub.awaitingSnapshot = true;
        sub.reset(f.reason ?? 'resync');
        break;
      }
      case 'error': {
        if (f.code === UNAUTHENTICATED) {
          // The server ends the connection: the session expired or was revoked. Reconnecting would
          // only be refused; the page goes to the login page (an error listener's business).
          this.stop();
          for (const l of this.errorListeners) l({ id: f.id, code: f.code, message: f.message });
          break;
        }
        const sub = f.id ? this.subs.get(f.id) : undefined;
        if (sub && f.code === 'unknown_subscription') {
          // The server forgot it (session expired, restart): start afresh.
          sub.seq = null;
          sub.awaitingSnapshot = true;
          sub.reset('unknown_subscription');
          this.sendSubscribe(sub);
        } else if (sub && f.code === 'duplicate_id') {
          // The retained session still has it: resume instead.
          this.sendResume(sub);
        }
        for (const l of this.errorListeners) l({ id: f.id, code: f.code, message: f.message });
        break;
      }
      case 'pong': {
        const sent = this.pingSentAt;
        this.pingSentAt = null;
        this.tellTime(f.time, sent === null ? null : Date.now() - sent);
        break;
      }
    }
  }

  private sendSubscribe(sub: Sub): void {
    const frame: Record<string, unknown> = { op: 'subscribe', id: wireId(sub), channel: sub.channel, params: sub.params };
    if (sub.bbox) frame.bbox = sub.bbox;
    this.send(frame);
  }

  private sendResume(sub: Sub): void {
    const frame: Record<string, unknown> = {
      op: 'resume', id: wireId(sub), since: sub.seq ?? 0, channel: sub.channel, params: sub.params,
    };
    if (sub.bbox) frame.bbox = sub.bbox;
    this.send(frame);
  }
}

/** The browser's WebSocket behind the client's SocketLike (the client reads no event but messages). */
function browserSocket(url: string): SocketLike {
  const ws = new WebSocket(url);
  const socket: SocketLike = {
    get readyState() {
      return ws.readyState;
    },
    onopen: null, onmessage: null, onclose: null, onerror: null,
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
  };
  ws.onopen = () => socket.onopen?.();
  ws.onmessage = (ev) => socket.onmessage?.({ data: ev.data });
  ws.onclose = () => socket.onclose?.();
  ws.onerror = () => socket.onerror?.();
  return socket;
}

function wireId(sub: Sub): string {
  return sub.gen === 0 ? sub.key : `${sub.key}.${sub.gen}`;
}

function withSession(url: string, session: string): string {
  const u = new URL(url);
  u.searchParams.set('session', session);
  return u.toString();
}

/** The /live URL of the page's own server. */
export function liveUrl(loc: { protocol: string; host: string } = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/live`;
}
