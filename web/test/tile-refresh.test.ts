import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TILE_REFRESH_MS, TILE_SOURCES, TileRefresher, affectedTiles, followTiles } from '../src/common/tile-refresh';
import { FakeFeed, FakeMap, testClock } from './support/fakes';

const key = (t: { z: number; x: number; y: number }) => `${t.z}/${t.x}/${t.y}`;

describe('affectedTiles', () => {
  it('names the ancestor at each zoom of a tile inside it', () => {
    // 13562 = 847·16 + 10 and 6301 = 393·16 + 13: well inside its z10, z11 and z12 ancestors. Every
    // zoom-14 tile is on an edge of its z13 parent (two across): the neighbours there are named too.
    const got = affectedTiles({ z: 14, x: 13562, y: 6301 }, 10, 14).map(key);
    expect(got).toEqual(['10/847/393', '11/1695/787', '12/3390/1575', '13/6781/3150', '13/6781/3151', '13/6780/3150',
      '13/6780/3151', '14/13562/6301']);
  });

  it('adds the neighbour whose buffer reaches a tile on the edge', () => {
    // 13552 = 847·16: on the west edge of z10 tile 847 (and of its z11, z12, z13 ancestors).
    const z10 = affectedTiles({ z: 14, x: 13552, y: 6296 }, 10, 10).map(key);
    expect(z10.sort()).toEqual(['10/846/393', '10/847/393']);
    // On a corner: the three neighbours around it.
    const corner = affectedTiles({ z: 14, x: 13552, y: 6288 }, 10, 10).map(key);
    expect(corner.sort()).toEqual(['10/846/392', '10/846/393', '10/847/392', '10/847/393']);
  });

  it('reaches further at low zooms, where the buffer spans several zoom-14 tiles', () => {
    // At z4 the buffer is 4096/64 = 64 zoom-14 tiles wide: a tile 10 in from the edge still touches the neighbour.
    const got = affectedTiles({ z: 14, x: 13 * 1024 + 10, y: 6 * 1024 + 500 }, 4, 4).map(key);
    expect(got.sort()).toEqual(['4/12/6', '4/13/6']);
  });

  it('keeps to the zooms of the source and to the world', () => {
    expect(affectedTiles({ z: 14, x: 0, y: 0 }, 0, 1).map(key)).toEqual(['0/0/0', '1/0/0']);
    expect(affectedTiles({ z: 14, x: 100, y: 100 }, 15, 16)).toEqual([]);
  });
});

describe('TileRefresher', () => {
  it('asks for each changed tile once per flush, for the sources it knows', () => {
    const asked: { source: string; tiles: string[] | null }[] = [];
    const r = new TileRefresher(TILE_SOURCES, (source, tiles) => asked.push({ source, tiles: tiles ? tiles.map(key) : null }));
    r.apply({ kind: 'snapshot', seq: 1, data: { items: [], zoom: 14 } });
    expect(r.due).toBe(false);
    const tile = { layer: 'grids', z: 14, x: 13562, y: 6301, version: 3 };
    r.apply({ kind: 'delta', seq: 2, data: { upsert: [tile, { ...tile, version: 4 }, { ...tile, layer: 'units' }], remove: [] } });
    expect(r.due).toBe(true);
    r.flush();
    expect(asked).toEqual([{ source: 'grids', tiles: ['6/52/24', '7/105/49', '8/211/98', '9/423/196', '10/847/393', '11/1695/787',
      '12/3390/1575', '13/6781/3150', '13/6781/3151', '13/6780/3150', '13/6780/3151', '14/13562/6301'] }]);
    expect(r.due).toBe(false);
    r.flush();
    expect(asked).toHaveLength(1);
  });

  it('reloads every tile after a resync (a second snapshot: changes were missed)', () => {
    const asked: { source: string; tiles: string[] | null }[] = [];
    const r = new TileRefresher(TILE_SOURCES, (source, tiles) => asked.push({ source, tiles: tiles ? tiles.map(key) : null }));
    r.apply({ kind: 'snapshot', seq: 1, data: { items: [], zoom: 14 } });
    r.apply({ kind: 'reset', reason: 'resync' });
    r.apply({ kind: 'snapshot', seq: 9, data: { items: [], zoom: 14 } });
    r.apply({ kind: 'delta', seq: 10, data: { upsert: [{ layer: 'grids', z: 14, x: 1, y: 1, version: 5 }], remove: [] } });
    r.flush();
    expect(asked).toEqual([{ source: 'areas', tiles: null }, { source: 'grids', tiles: null }]);
  });
});

describe('followTiles', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('subscribes for the changing tilesets and refreshes the map at most every period', () => {
    const feed = new FakeFeed();
    const map = new FakeMap();
    const stop = followTiles(feed, map, testClock, TILE_SOURCES);
    expect(feed.sub('tiles').params).toEqual({ layers: ['grids'] });
    feed.snapshot('tiles', 1, { zoom: 14, items: [] });
    feed.delta('tiles', 2, { upsert: [{ layer: 'grids', z: 14, x: 13562, y: 6301, version: 7 }], remove: [] });
    vi.advanceTimersByTime(TILE_REFRESH_MS - 1);
    expect(map.refreshed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(map.refreshed).toHaveLength(1);
    expect(map.refreshed[0].source).toBe('grids');
    expect(map.refreshed[0].tiles).toContain('14/13562/6301');
    vi.advanceTimersByTime(TILE_REFRESH_MS);
    expect(map.refreshed).toHaveLength(1);
    stop();
    expect(feed.sub('tiles').open).toBe(false);
  });
});
