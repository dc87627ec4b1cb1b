// Live vector tiles: the `tiles` channel of /live names the zoom-14 tiles whose content changed
// (docs/live-protocol.md); this asks MapLibre to fetch again those of the shown tiles that hold
// them — and no others — with `map.refreshTiles(source, ids)` (MapLibre ≥ 5: it reloads the
// listed tiles only, where setTiles/setUrl would reload the whole source). The browser revalidates
// each with its ETag, so a tile whose bytes did not change after all costs a 304.

import type { SubEvent } from '../live/channels';
import type { LiveFeed } from '../live/client';
import type { Clock } from './clock';
import type { MapSurface } from './map-surface';

/** A tile of WebMercatorQuad. */
export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** The zoom of the change log: every `tiles` item is at it. */
export const LOG_ZOOM = 14;
/** The tiles' buffer as a fraction of their width (64 of 4096 units). */
const BUFFER = 64 / 4096;

/**
 * The tiles at zooms `minZoom`…`maxZoom` (at most {@link LOG_ZOOM}) whose content a change inside
 * zoom-14 tile `changed` can alter: at each zoom the tile containing it, and each neighbour whose
 * buffer reaches into it (the changed tile lies on that edge). At zoom 14 itself the server names
 * the neighbours already.
 */
export function affectedTiles(changed: TileAddress, minZoom: number, maxZoom: number): TileAddress[] {
  const out: TileAddress[] = [];
  for (let z = Math.max(0, minZoom); z <= Math.min(maxZoom, LOG_ZOOM); z++) {
    const span = 2 ** (changed.z - z);
    const ax = Math.floor(changed.x / span);
    const ay = Math.floor(changed.y / span);
    if (z === changed.z) {
      out.push({ z, x: ax, y: ay });
      continue;
    }
    // The buffer of a zoom-z tile reaches `reach` zoom-14 tiles into each neighbour.
    const reach = span * BUFFER;
    const near = (offset: number): number[] => [
      0,
      ...(offset < reach ? [-1] : []),
      ...(offset + 1 > span - reach ? [1] : []),
    ];
    const n = 2 ** z;
    for (const dx of near(changed.x - ax * span)) {
      for (const dy of near(changed.y - ay * span)) {
        const x = ax + dx;
        const y = ay + dy;
        if (x >= 0 && y >= 0 && x < n && y < n) out.push({ z, x, y });
      }
    }
  }
  return out;
}

/** A vector source the page draws from `/tiles`, and the zooms it has tiles at. */
export interface TileSource {
  /** the map's source id */
  source: string;
  minZoom: number;
  maxZoom: number;
}

/** The vector tilesets the pages draw, with their zooms (as their TileJSON says: /tiles/{id}.json). */
export const AREAS_TILES: TileSource = { source: 'areas', minZoom: 0, maxZoom: 14 };
export const GRIDS_TILES: TileSource = { source: 'grids', minZoom: 6, maxZoom: 14 };
/** The pages' vector sources by tileset id. */
export const TILE_SOURCES: Readonly<Record<string, TileSource>> = { areas: AREAS_TILES, grids: GRIDS_TILES };

/** What a refresher asks of the map: reload these tiles of a source (all of them when `tiles` is undefined). */
export type Refresh = (source: string, tiles?: TileAddress[]) => void;

/**
 * Follows the `tiles` channel for the page's vector sources (keyed by tileset) and collects the
 * tiles to fetch again; {@link flush} asks the map for them, each once. The first snapshot is the
 * starting point; a later one (after a resync: changes were missed) reloads every tile of every source.
 */
export class TileRefresher {
  private readonly pending = new Map<string, Map<string, TileAddress>>();
  private readonly everything = new Set<string>();
  private subscribed = false;

  constructor(private readonly sources: Readonly<Record<string, TileSource>>, private readonly refresh: Refresh) {}

  apply(e: SubEvent<'tiles'>): void {
    if (e.kind === 'snapshot') {
      if (this.subscribed) for (const s of Object.values(this.sources)) this.everything.add(s.source);
      this.subscribed = true;
      return;
    }
    if (e.kind !== 'delta') return;
    for (const t of e.data.upsert) {
      const s = this.sources[t.layer];
      if (!s || this.everything.has(s.source)) continue;
      const tiles = this.pending.get(s.source) ?? new Map<string, TileAddress>();
      this.pending.set(s.source, tiles);
      for (const a of affectedTiles(t, s.minZoom, s.maxZoom)) tiles.set(`${a.z}/${a.x}/${a.y}`, a);
    }
  }

  /** True when there are tiles to fetch again. */
  get due(): boolean {
    return this.pending.size > 0 || this.everything.size > 0;
  }

  /** Asks the map for the collected tiles and forgets them. */
  flush(): void {
    for (const source of this.everything) this.refresh(source);
    for (const [source, tiles] of this.pending) if (!this.everything.has(source)) this.refresh(source, [...tiles.values()]);
    this.everything.clear();
    this.pending.clear();
  }
}

/**
 * How often a page fetches again the changed tiles it shows, ms. The grids' colours are feature
 * state from the `coverage` channel, not tile attributes, so the tiles themselves need not follow
 * every patrol fix (each of which changes its grid's dosage): twice a minute keeps their attributes
 * current without fetching city-scale tiles every second.
 */
export const TILE_REFRESH_MS = 30_000;

/**
 * Follows the `tiles` channel for the map's vector sources (`sources`, by tileset): the tiles that
 * changed are fetched again every `everyMs`. The answer stops it.
 */
export function followTiles(live: LiveFeed, map: MapSurface, clock: Clock, sources: Readonly<Record<string, TileSource>>,
  everyMs = TILE_REFRESH_MS): () => void {
  const refresher = new TileRefresher(sources, (source, tiles) => map.refreshTiles(source, tiles));
  const sub = live.subscribe('tiles', 'tiles', (e) => refresher.apply(e), { params: { layers: Object.keys(sources).filter((k) => k !== 'areas') } });
  const stop = clock.every(everyMs, () => {
    if (refresher.due) refresher.flush();
  });
  return () => {
    stop();
    sub.close();
  };
}
