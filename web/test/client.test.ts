import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../src/live/channels';
import { LiveClient, type SocketLike, type SubEvent, liveUrl } from '../src/live/client';

/** A socket the test drives: it records what the client sends and delivers server frames. */
class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  sent: Record<string, unknown>[] = [];
  closed = false;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data));
  }

  close(): void {
    this.closed = true;
    this.readyState = 3;
  }

  /** Server side: open and welcome. */
  accept(session: string): void {
    this.readyState = 1;
    this.onopen?.();
    this.frame({ op: 'welcome', session, time: '2026-11-27T08:00:00Z', channels: [], resumeSeconds: 120, maxSubscriptions: 16 });
  }

  frame(f: object): void {
    this.onmessage?.({ data: JSON.stringify(f) });
  }

  drop(): void {
    this.readyState = 3;
    this.onclose?.();
  }

  ops(op: string): Record<string, unknown>[] {
    return this.sent.filter((f) => f.op === op);
  }
}

function unit(id: string, lon: number) {
  return { id, callSign: id, kind: 'police_car', status: 'available', lon, lat: 37.4, time: '2026-11-27T08:00:00Z', speed: 0, heading: 0 };
}

describe('LiveClient', () => {
  let sockets: FakeSocket[];
  let client: LiveClient;
  let malformed: [Channel, number][];
  const last = () => sockets[sockets.length - 1];

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    malformed = [];
    client = new LiveClient({
      onMalformed: (channel, n) => malformed.push([channel, n]),
      url: 'ws://example.test/live',
      socketFactory: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      pingMs: 1000,
      staleMs: 3500,
      minBackoffMs: 100,
      maxBackoffMs: 1000,
      random: () => 1,
    });
  });

  afterEach(() => {
    client.stop();
    vi.useRealTimers();
  });

  it('subscribes after welcome and delivers snapshot then deltas', () => {
    const events: SubEvent<'units'>[] = [];
    client.subscribe('u', 'units', (e) => events.push(e), { bbox: [117, 37, 118, 38], params: { status: ['available'] } });
    client.start();
    expect(client.state).toBe('connecting');
    last().accept('S1');
    expect(client.state).toBe('open');
    expect(last().ops('subscribe')).toEqual([
      { op: 'subscribe', id: 'u', channel: 'units', bbox: [117, 37, 118, 38], params: { status: ['available'] } },
    ]);
    last().frame({ op: 'snapshot', id: 'u', channel: 'units', seq: 10, data: { items: [unit('U1', 118)] } });
    last().frame({ op: 'delta', id: 'u', channel: 'units', seq: 12, data: { upsert: [unit('U1', 118.1)], remove: [] } });
    expect(events.map((e) => e.kind)).toEqual(['snapshot', 'delta']);
    expect(malformed).toEqual([]);
  });

  it('hands each channel its decoded data: typed items, malformed ones dropped and reported', () => {
    const heat: SubEvent<'heat'>[] = [];
    const alerts: SubEvent<'alerts'>[] = [];
    client.subscribe('h', 'heat', (e) => heat.push(e));
    client.subscribe('a', 'alerts', (e) => alerts.push(e));
    client.start();
    last().accept('S1');
    last().frame({ op: 'snapshot', id: 'h', channel: 'heat', seq: 1, data: {
      window: '24h', resolution: 7,
      items: [{ id: '872830828ffffff', lon: 117.97, lat: 37.38, count: 4 }, { id: 'no-count', lon: 1, lat: 2 }],
    } });
    last().frame({ op: 'delta', id: 'h', channel: 'heat', seq: 2, data: { upsert: [], remove: ['872830828ffffff', 7] } });
    last().frame({ op: 'snapshot', id: 'a', channel: 'alerts', seq: 3, data: { items: [
      { id: 812, kind: 'near_repeat', severity: 'warning', title: '近重复', raisedAt: '2026-11-27T08:00:00Z', acknowledged: false },
      { id: 'x', kind: 'near_repeat' },
    ] } });
    expect(heat[0]).toEqual({ kind: 'snapshot', seq: 1, data: {
      window: '24h', resolution: 7, items: [{ id: '872830828ffffff', lon: 117.97, lat: 37.38, count: 4 }],
    } });
    expect(heat[1]).toEqual({ kind: 'delta', seq: 2, data: { upsert: [], remove: ['872830828ffffff', '7'] } });
    expect(alerts[0].kind === 'snapshot' && alerts[0].data.items.map((a) => [a.id, a.acknowledged, a.detail])).toEqual([[812, false, null]]);
    expect(malformed).toEqual([['heat', 1], ['alerts', 1]]);
  });

  it('ignores frames that are not well-formed protocol frames', () => {
    const events: SubEvent<'units'>[] = [];
    client.subscribe('u', 'units', (e) => events.push(e));
    client.start();
    last().accept('S1');
    last().onmessage?.({ data: 'not json' });
    last().frame({ op: 'snapshot', id: 'u', channel: 'units', data: { items: [] } }); // no seq
    last().frame({ op: 'snapshot', id: 7, channel: 'units', seq: 1, data: { items: [] } }); // id not a string
    last().frame({ op: 'teleport', id: 'u' });
    expect(events).toEqual([]);
    last().frame({ op: 'snapshot', id: 'u', channel: 'units', seq: 2, data: { items: [] } });
    expect(events).toEqual([{ kind: 'snapshot', seq: 2, data: { items: [] } }]);
  });

  it('subscribing while open sends at once', () => {
    client.start();
    last().accept('S1');
    client.subscribe('a', 'alerts', () => {});
    expect(last().ops('subscribe')).toEqual([{ op: 'subscribe', id: 'a', channel: 'alerts', params: {} }]);
  });

  it('ignores deltas already applied and deltas before the first snapshot', () => {
    const events: SubEvent<'units'>[] = [];
    client.subscribe('u', 'units', (e) => events.push(e));
    client.start();
    last().accept('S1');
    last().frame({ op: 'delta', id: 'u', channel: 'units', seq: 5, data: { upsert: [], remove: [] } });
    last().frame({ op: 'snapshot', id: 'u', channel: 'units', seq: 10, data: { items: [] } });
    last().frame({ op: 'delta', id: 'u', channel: 'units', seq: 10, data: { upsert: [], remove: [] } });
    last().frame({ op: 'delta', id: 'u', channel: 'units', seq: 11, data: { upsert: [], remove: [] } });
    expect(events.map((e) => [e.kind, 'seq' in e ? e.seq : null])).toEqual([['snapshot', 10], ['delta', 11]]);
  });

  it('resync resets the subscription and waits for the fresh snapshot', () => {
    const events: SubEvent<'heat'>[] = [];
    client.subscribe('h', 'heat', (e) => events.push(e));
    client.start();
    last().accept('S1');
    last().frame({ op: 'snapshot', id: 'h', channel: 'heat', seq: 3, data: { items: [] } });
    last().frame({ op: 'resync', id: 'h', reason: 'slow' });
    last().frame({ op: 'delta', id: 'h', channel: 'heat', seq: 9, data: { upsert: [], remove: [] } });
    last().frame({ op: 'snapshot', id: 'h', channel: 'heat', seq: 20, data: { items: [] } });
    last().frame({ op: 'delta', id: 'h', channel: 'heat', seq: 21, data: { upsert: [], remove: [] } });
    expect(events.map((e) => e.kind)).toEqual(['snapshot', 'reset', 'snapshot', 'delta']);
  });

  it('reconnects with its session and resumes from the last applied seq', () => {
    const events: SubEvent<'alerts'>[] = [];
    client.subscribe('a', 'alerts', (e) => events.push(e), { params: { hours: 24 } });
    client.subscribe('u', 'units', () => {});
    client.start();
    last().accept('S1');
    last().frame({ op: 'snapshot', id: 'a', channel: 'alerts', seq: 57, data: { items: [] } });
    last().drop();
    expect(client.state).toBe('reconnecting');
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    expect(last().url).toBe('ws://example.test/live?session=S1');
    last().accept('S1');
    expect(last().ops('resume')).toEqual([
      { op: 'resume', id: 'a', since: 57, channel: 'alerts', params: { hours: 24 } },
    ]);
    // never had a snapshot: subscribed afresh
    expect(last().ops('subscribe').map((f) => f.id)).toEqual(['u']);
    last().frame({ op: 'delta', id: 'a', channel: 'alerts', seq: 59, data: { items: [] } });
    expect(events.map((e) => e.kind)).toEqual(['snapshot', 'delta']);
  });

  it('re-subscribes when the server has forgotten the subscription', () => {
    const events: SubEvent<'alerts'>[] = [];
    client.subscribe('a', 'alerts', (e) => events.push(e));
    client.start();
    last().accept('S1');
    last().frame({ op: 'snapshot', id: 'a', channel: 'alerts', seq: 57, data: { items: [] } });
    last().drop();
    vi.advanceTimersByTime(100);
    last().accept('S2');
    last().frame({ op: 'error', id: 'a', code: 'unknown_subscription', message: 'id: unknown' });
    expect(events.map((e) => e.kind)).toEqual(['snapshot', 'reset']);
    expect(last().ops('subscribe').map((f) => f.id)).toEqual(['a']);
  });

  it('backs off exponentially up to the maximum, and resets after a welcome', () => {
    client.start();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const n = sockets.length;
      last().drop();
      let waited = 0;
      while (sockets.length === n) {
        vi.advanceTimersByTime(10);
        waited += 10;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    last().accept('S1');
    last().drop();
    const n = sockets.length;
    vi.advanceTimersByTime(100);
    expect(sockets.length).toBe(n + 1);
  });

  it('tells the server\'s clock at the welcome and at every pong, with the ping\'s round trip', async () => {
    vi.setSystemTime(Date.parse('2026-11-27T07:00:00Z')); // the browser's clock is an hour behind
    const told: [number, number | null][] = [];
    client.onServerTime((ms, rtt) => told.push([ms, rtt]));
    client.start();
    last().accept('s1');
    expect(told).toEqual([[Date.parse('2026-11-27T08:00:00Z'), null]]);
    await vi.advanceTimersByTimeAsync(1000); // ping
    expect(last().ops('ping')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(40);
    last().frame({ op: 'pong', time: '2026-11-27T08:00:01Z' });
    expect(told[1]).toEqual([Date.parse('2026-11-27T08:00:01Z'), 40]);
    last().frame({ op: 'pong', time: 'not a time' });
    expect(told).toHaveLength(2);
  });

  it('pings, and replaces a connection that has gone silent', () => {
    client.start();
    last().accept('S1');
    vi.advanceTimersByTime(1000);
    expect(last().ops('ping')).toHaveLength(1);
    last().frame({ op: 'pong', time: 'x' });
    vi.advanceTimersByTime(3000);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1000); // 4 s without a frame > staleMs
    expect(sockets[0].closed).toBe(true);
    expect(client.state).toBe('reconnecting');
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
  });

  it('update changes the wire id so that late frames of the old subscription are dropped', () => {
    const events: SubEvent<'heat'>[] = [];
    const sub = client.subscribe('h', 'heat', (e) => events.push(e), { params: { window: '24h' } });
    client.start();
    last().accept('S1');
    last().frame({ op: 'snapshot', id: 'h', channel: 'heat', seq: 1, data: { items: [] } });
    sub.update({ params: { window: '1h' } });
    expect(last().ops('unsubscribe')).toEqual([{ op: 'unsubscribe', id: 'h' }]);
    expect(last().ops('subscribe').at(-1)).toEqual({ op: 'subscribe', id: 'h.1', channel: 'heat', params: { window: '1h' } });
    last().frame({ op: 'delta', id: 'h', channel: 'heat', seq: 2, data: { upsert: [], remove: [] } });
    last().frame({ op: 'snapshot', id: 'h.1', channel: 'heat', seq: 3, data: { items: [] } });
    expect(events.map((e) => e.kind)).toEqual(['snapshot', 'reset', 'snapshot']);
    sub.close();
    expect(last().ops('unsubscribe').at(-1)).toEqual({ op: 'unsubscribe', id: 'h.1' });
  });

  it('stop closes and does not reconnect', () => {
    const states: string[] = [];
    client.onState((s) => states.push(s));
    client.start();
    last().accept('S1');
    client.stop();
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
    expect(states).toEqual(['closed', 'connecting', 'open', 'closed']);
  });

  it('reports refused frames to its error listeners', () => {
    const errors: unknown[] = [];
    client.onError((e) => errors.push(e));
    client.start();
    last().accept('S1');
    last().frame({ op: 'error', id: 'x', code: 'unknown_channel', message: 'channel: unknown channel "weather"' });
    last().frame({ op: 'error', code: 'bad_frame', message: 'not a JSON object' });
    expect(errors).toEqual([
      { id: 'x', code: 'unknown_channel', message: 'channel: unknown channel "weather"' },
      { id: null, code: 'bad_frame', message: 'not a JSON object' },
    ]);
  });

  it('stops for good when the server ends the session (unauthenticated), and says so to its error listeners', () => {
    const errors: unknown[] = [];
    const states: string[] = [];
    client.onError((e) => errors.push(e));
    client.onState((s) => states.push(s));
    client.subscribe('u', 'units', () => {});
    client.start();
    last().accept('S1');
    // the contract's wording names the frame's kind in `type`; `op` reads the same
    last().frame({ type: 'error', code: 'unauthenticated', message: 'session expired' });
    last().drop(); // the server closes the connection
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(last().closed).toBe(true);
    expect(client.state).toBe('closed');
    expect(states).toEqual(['closed', 'connecting', 'open', 'closed']);
    expect(errors).toEqual([{ id: null, code: 'unauthenticated', message: 'session expired' }]);
  });

  it('reconnects after other errors without an id, and after a plain drop', () => {
    client.start();
    last().accept('S1');
    last().frame({ op: 'error', code: 'bad_frame', message: 'not a JSON object' });
    last().drop();
    vi.advanceTimersByTime(200);
    expect(sockets).toHaveLength(2);
  });

  it('builds the /live URL from the page location', () => {
    expect(liveUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/live');
    expect(liveUrl({ protocol: 'https:', host: 'gw.example' })).toBe('wss://gw.example/live');
  });
});
