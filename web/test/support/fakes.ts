// Test doubles for the pages' injected parts: a live feed driven by the test (frames decoded by the
// real channel decoders, so tests feed server-shaped JSON), a map that records what would be drawn,
// a REST API with canned answers, a clock on Vitest's fake timers, and the page's real markup.

import type { TileAddress } from '../../src/common/tile-refresh';
import type { Api, Query } from '../../src/common/api';
import type { Clock } from '../../src/common/clock';
import type { FeatureCollection } from '../../src/common/geojson';
import type { MapMarker, MapSurface, MarkerLayer, SourceId } from '../../src/common/map-surface';
import type { Drops, JsonObject } from '../../src/domain/json';
import type { CoverageCell, LonLat } from '../../src/domain/records';
import { Vocabulary } from '../../src/domain/vocabulary';
import { CHANNEL_DECODERS, type Channel, type SubEvent } from '../../src/live/channels';
import type { ConnectionState, LiveFeed, Subscription } from '../../src/live/client';
import type { BBox, Params } from '../../src/live/protocol';
import { VOCABULARY_RESPONSE } from './vocabulary-fixture';
import dispatchHtml from '../../dispatch.html?raw';
import indexHtml from '../../index.html?raw';
import loginHtml from '../../login.html?raw';

export const vocabulary = (): Vocabulary => Vocabulary.fromJson(VOCABULARY_RESPONSE);

const PAGES = { 'index.html': indexHtml, 'dispatch.html': dispatchHtml, 'login.html': loginHtml };

/** The body of one of the pages (web/index.html, dispatch.html, login.html) in the test's document, without its script. */
export function loadPage(file: keyof typeof PAGES): Document {
  const html = PAGES[file];
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? '';
  document.body.innerHTML = body.replace(/<script[\s\S]*?<\/script>/g, '');
  return document;
}

/** Timers of Vitest's fake clock (vi.useFakeTimers); frames every 16 ms. */
export const testClock: Clock = {
  now: () => Date.now(),
  after: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
  every: (ms, fn) => {
    const t = setInterval(fn, ms);
    return () => clearInterval(t);
  },
  frame: (fn) => void setTimeout(fn, 16),
};

interface FakeSub {
  channel: Channel;
  bbox: BBox | null;
  params: Params;
  open: boolean;
  deliver(kind: 'snapshot' | 'delta', seq: number, data: unknown): void;
  reset(reason: string): void;
}

export class FakeFeed implements LiveFeed {
  state: ConnectionState = 'closed';
  started = false;
  dropped = 0;
  readonly subs = new Map<string, FakeSub>();
  private readonly listeners = new Set<(s: ConnectionState) => void>();

  subscribe<C extends Channel>(key: string, channel: C, handler: (e: SubEvent<C>) => void,
                               options: { bbox?: BBox | null; params?: Params } = {}): Subscription {
    const decoder = CHANNEL_DECODERS[channel];
    const sub: FakeSub = {
      channel, bbox: options.bbox ?? null, params: options.params ?? {}, open: true,
      deliver: (kind, seq, data) => {
        const drops: Drops = { count: 0 };
        if (kind === 'snapshot') handler({ kind, seq, data: decoder.snapshot(data, drops) });
        else handler({ kind, seq, data: decoder.delta(data, drops) });
        this.dropped += drops.count;
      },
      reset: (reason) => handler({ kind: 'reset', reason }),
    };
    this.subs.set(key, sub);
    return {
      key, channel,
      update: (change) => {
        if (change.bbox !== undefined) sub.bbox = change.bbox;
        if (change.params !== undefined) sub.params = change.params;
        sub.reset('changed');
      },
      close: () => void (sub.open = false),
    };
  }

  /** Server side: a snapshot or delta frame's `data` for subscription `key`. */
  snapshot(key: string, seq: number, data: unknown): void {
    this.sub(key).deliver('snapshot', seq, data);
  }

  delta(key: string, seq: number, data: unknown): void {
    this.sub(key).deliver('delta', seq, data);
  }

  resync(key: string): void {
    this.sub(key).reset('resync');
  }

  sub(key: string): FakeSub {
    const s = this.subs.get(key);
    if (!s) throw new Error(`no subscription ${key}`);
    return s;
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  setState(s: ConnectionState): void {
    this.state = s;
    for (const l of this.listeners) l(s);
  }

  start(): void {
    this.started = true;
  }

  stop(): void {
    this.started = false;
  }
}

/** A map that keeps what it was last given to draw, per source. */
export class FakeMap implements MapSurface {
  readonly data = new Map<SourceId, FeatureCollection<unknown>>();
  /** every setData call, by source, in order */
  readonly draws: SourceId[] = [];
  readonly coverage = new Map<string, string>();
  readonly coverageCalls: { reset: boolean; changed: number; removed: number }[] = [];
  readonly hidden = new Set<string>();
  readonly popups: { at: LonLat; content: string | HTMLElement }[] = [];
  readonly flights: { center: LonLat; zoom: number }[] = [];
  /** every refreshTiles call: the source and the tiles as z/x/y (null: every tile) */
  readonly refreshed: { source: string; tiles: string[] | null }[] = [];
  /** the markers shown now, by layer */
  readonly markers = new Map<MarkerLayer, readonly MapMarker[]>();
  private readonly clicks = new Map<string, ((p: JsonObject, at: LonLat) => void)[]>();
  private readonly moveEnd: (() => void)[] = [];
  zoomLevel = 9;

  setData<P>(source: SourceId, data: FeatureCollection<P>): void {
    this.data.set(source, data);
    this.draws.push(source);
  }

  /** The features last drawn in `source`. */
  features(source: SourceId): FeatureCollection<unknown>['features'] {
    return this.data.get(source)?.features ?? [];
  }

  properties(source: SourceId): unknown[] {
    return this.features(source).map((f) => f.properties);
  }

  setGridCoverage(reset: boolean, changed: readonly CoverageCell[], removed: readonly string[]): void {
    if (reset) this.coverage.clear();
    for (const id of removed) this.coverage.delete(id);
    for (const c of changed) this.coverage.set(c.id, c.state);
    this.coverageCalls.push({ reset, changed: changed.length, removed: removed.length });
  }

  refreshTiles(source: string, tiles?: readonly TileAddress[]): void {
    this.refreshed.push({ source, tiles: tiles ? tiles.map((t) => `${t.z}/${t.x}/${t.y}`) : null });
  }

  project(p: LonLat): { x: number; y: number } {
    // about 20 m per pixel: a few pixels apart is a visible move
    return { x: p[0] * 5000, y: -p[1] * 5000 };
  }

  zoom(): number {
    return this.zoomLevel;
  }

  flyTo(center: LonLat, zoom: number): void {
    this.flights.push({ center, zoom });
  }

  fitBounds(): void {}

  setLayersVisible(layers: readonly string[], visible: boolean): void {
    for (const l of layers) (visible ? this.hidden.delete(l) : this.hidden.add(l));
  }

  onMoveEnd(listener: () => void): void {
    this.moveEnd.push(listener);
  }

  /** The user zoomed to `zoom`. */
  zoomTo(zoom: number): void {
    this.zoomLevel = zoom;
    for (const l of this.moveEnd) l();
  }

  onFeatureClick(layer: string, listener: (properties: JsonObject, at: LonLat) => void): void {
    this.clicks.set(layer, [...(this.clicks.get(layer) ?? []), listener]);
  }

  /** The user clicked a feature of `layer`. */
  click(layer: string, properties: JsonObject, at: LonLat = [118, 37.4]): void {
    for (const l of this.clicks.get(layer) ?? []) l(properties, at);
  }

  popup(at: LonLat, content: string | HTMLElement): void {
    this.popups.push({ at, content });
  }

  setMarkers(layer: MarkerLayer, markers: readonly MapMarker[]): void {
    this.markers.set(layer, [...markers]);
  }
}

export interface ApiCall {
  method: 'GET' | 'POST';
  path: string;
  query?: Query;
  body?: unknown;
}

/** Canned answers by method and path; a call without one fails like a 404. */
export class FakeApi implements Api {
  readonly calls: ApiCall[] = [];
  private readonly answers = new Map<string, (call: ApiCall) => unknown>();

  answer(method: 'GET' | 'POST', path: string, fn: (call: ApiCall) => unknown): this {
    this.answers.set(`${method} ${path}`, fn);
    return this;
  }

  get(path: string, query?: Query): Promise<unknown> {
    return this.call({ method: 'GET', path, query });
  }

  post(path: string, body: unknown): Promise<unknown> {
    return this.call({ method: 'POST', path, body });
  }

  private async call(c: ApiCall): Promise<unknown> {
    this.calls.push(c);
    const fn = this.answers.get(`${c.method} ${c.path}`);
    if (!fn) throw new Error(`HTTP 404 ${c.method} ${c.path}`);
    return fn(c);
  }
}
