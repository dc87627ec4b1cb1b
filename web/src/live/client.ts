// A client of the /live WebSocket (docs/live-protocol.md) that keeps its subscriptions across
// reconnects: it reconnects with back-off, resumes every subscription from the sequence number of
// the last frame it applied, re-subscribes when the server has forgotten one, and detects a dead
// connection by the silence of its pings. Subscribers see only three kinds of event: a snapshot
// (replace your state), a delta (apply it) and a reset (discard your state; a snapshot follows).

import { type BBox, type Channel, type Params, type ServerFrame, parseFrame } from './protocol';

export type SubEvent =
  | { kind: 'snapshot'; seq: number; data: any }
  | { kind: 'delta'; seq: number; data: any }
  | { kind: 'reset'; reason: string };

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The part of the browser's WebSocket that the client uses (a test supplies its own). */
export interface SocketLike {
  readyState: number;
  onopen: ((ev: any) => void) | null;
  onmessage: ((ev: { data: any }) => void) | null;
  onclose: ((ev: any) => void) | null;
  onerror: ((ev: any) => void) | null;
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
}

export interface Subscription {
  readonly key: string;
  readonly channel: Channel;
  /** Changes the bbox and/or params: the state is reset and a new snapshot follows. */
  update(change: { bbox?: BBox | null; params?: Params }): void;
  close(): void;
}

const OPEN = 1;

interface Sub {
  key: string;
  gen: number;
  channel: Channel;
  bbox: BBox | null;
  params: Params;
  handler: (e: SubEvent) => void;
  /** seq of the last frame applied; null until the first snapshot */
  seq: number | null;
  /** after a reset, deltas are ignored until a snapshot arrives */
  awaitingSnapshot: boolean;
}

export class LiveClient {
  private readonly opts: Required<Omit<LiveClientOptions, 'socketFactory'>> & Pick<LiveClientOptions, 'socketFactory'>;
  private socket: SocketLike | null = null;
  private readonly subs = new Map<string, Sub>(); // by wire id
  private session: string | null = null;
  private stateValue: ConnectionState = 'closed';
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private readonly errorListeners = new Set<(e: { id?: string; code: string; message: string }) => void>();
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

  onError(listener: (e: { id?: string; code: string; message: string }) => void): () => void {
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

  subscribe(key: string, channel: Channel, handler: (e: SubEvent) => void,
            options: { bbox?: BBox | null; params?: Params } = {}): Subscription {
    for (const s of this.subs.values()) {
      if (s.key === key) throw new Error(`subscription ${key} exists`);
    }
    const sub: Sub = {
      key, gen: 0, channel, bbox: options.bbox ?? null, params: options.params ?? {}, handler,
      seq: null, awaitingSnapshot: true,
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
    sub.handler({ kind: 'reset', reason: 'changed' });
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
      socket = (this.opts.socketFactory ?? ((u: string) => new WebSocket(u) as unknown as SocketLike))(url);
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
      this.send({ op: 'ping' });
    }, this.opts.pingMs);
  }

  private isOpen(): boolean {
    return this.stateValue === 'open' && this.socket !== null && this.socket.readyState === OPEN;
  }

  private send(frame: object): void {
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
        sub.handler({ kind: 'snapshot', seq: f.seq, data: f.data });
        break;
      }
      case 'delta': {
        const sub = this.subs.get(f.id);
        if (!sub || sub.awaitingSnapshot) return;
        if (sub.seq !== null && f.seq <= sub.seq) return; // already applied
        sub.seq = f.seq;
        sub.handler({ kind: 'delta', seq: f.seq, data: f.data });
        break;
      }
      case 'resync': {
        const sub = this.subs.get(f.id);
        if (!sub) return;
        sub.awaitingSnapshot = true;
        sub.handler({ kind: 'reset', reason: f.reason ?? 'resync' });
        break;
      }
      case 'error': {
        const sub = f.id ? this.subs.get(f.id) : undefined;
        if (sub && f.code === 'unknown_subscription') {
          // The server forgot it (session expired, restart): start afresh.
          sub.seq = null;
          sub.awaitingSnapshot = true;
          sub.handler({ kind: 'reset', reason: 'unknown_subscription' });
          this.sendSubscribe(sub);
        } else if (sub && f.code === 'duplicate_id') {
          // The retained session still has it: resume instead.
          this.sendResume(sub);
        }
        for (const l of this.errorListeners) l({ id: f.id, code: f.code, message: f.message });
        break;
      }
      case 'pong':
        break;
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
