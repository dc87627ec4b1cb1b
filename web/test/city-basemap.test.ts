import { describe, expect, it, vi } from 'vitest';
import { BASEMAP_BEFORE, BASEMAP_STYLE_PATH, type BasemapTarget, type FetchLike, addCityBasemap, basemapParts } from '../src/common/city-basemap';

const ORIGIN = 'http://10.1.2.3:8080';
const FONT = ['Noto Sans Regular'];

/** A style as the server generates it (GET /basemap/style.json). */
const style = () => ({
  version: 8,
  glyphs: `${ORIGIN}/glyphs/{fontstack}/{range}.pbf`,
  sources: {
    city: { type: 'vector', url: `${ORIGIN}/basemap/city.json` },
    elsewhere: { type: 'raster', tiles: ['https://tiles.example.com/{z}/{x}/{y}.png'] },
  },
  layers: [
    { id: 'basemap-background', type: 'background', paint: { 'background-color': '#040b17' } },
    { id: 'basemap-city-water-fill', type: 'fill', source: 'city', 'source-layer': 'water', paint: { 'fill-color': '#0d3356' } },
    { id: 'foreign', type: 'raster', source: 'elsewhere' },
    { id: 'basemap-city-roads-line', type: 'line', source: 'city', 'source-layer': 'roads', paint: { 'line-color': '#2a4a6e' } },
    { id: 'basemap-city-roads-label', type: 'symbol', source: 'city', 'source-layer': 'roads',
      layout: { 'text-field': ['get', 'name'], 'text-font': ['Open Sans Bold'], 'icon-image': 'road-shield' } },
  ],
});

class RecordingMap implements BasemapTarget {
  readonly sources: [string, unknown][] = [];
  readonly layers: [string, string | undefined][] = [];
  constructor(readonly pageLayers: string[] = ['bg', 'city-fill', BASEMAP_BEFORE, 'grid-line']) {}
  addSource(id: string, source: unknown): void {
    this.sources.push([id, source]);
  }
  addLayer(layer: { id: string }, beforeId?: string): void {
    this.layers.push([layer.id, beforeId]);
  }
  getLayer(id: string): unknown {
    return this.pageLayers.includes(id) ? { id } : undefined;
  }
}

const answering = (status: number, body: unknown): FetchLike & ReturnType<typeof vi.fn> =>
  vi.fn(async () => ({ ok: status >= 200 && status < 300, status, json: async () => body }));

describe('the city basemap', () => {
  it('puts the style\'s layers under the grid fill, in order, with prefixed ids and without the background', async () => {
    const map = new RecordingMap();
    const fetchFn = answering(200, style());
    const added = await addCityBasemap(map, FONT, ORIGIN, fetchFn);
    expect(fetchFn).toHaveBeenCalledWith(ORIGIN + BASEMAP_STYLE_PATH, expect.objectContaining({ credentials: 'same-origin' }));
    expect(added).toBe(3);
    expect(map.sources.map(([id]) => id)).toEqual(['citybase-city']);
    expect(map.layers).toEqual([
      ['citybase-basemap-city-water-fill', BASEMAP_BEFORE],
      ['citybase-basemap-city-roads-line', BASEMAP_BEFORE],
      ['citybase-basemap-city-roads-label', BASEMAP_BEFORE],
    ]);
  });

  it('leaves out sources on another host and the layers drawing them', () => {
    const parts = basemapParts(style(), ORIGIN, FONT);
    expect(Object.keys(parts.sources)).toEqual(['citybase-city']);
    expect(parts.layers.map((l) => l.id)).not.toContain('citybase-foreign');
    expect(JSON.stringify(parts)).not.toContain('example.com');
  });

  it('labels in the fonts the server holds, without sprite icons', () => {
    const label = basemapParts(style(), ORIGIN, FONT).layers.find((l) => l.type === 'symbol');
    expect(label?.layout).toEqual({ 'text-field': ['get', 'name'], 'text-font': FONT });
    expect((label as { source?: string }).source).toBe('citybase-city');
  });

  it('adds nothing when the server has no basemap (404), a broken answer, or no connection', async () => {
    for (const fetchFn of [answering(404, {}), answering(500, {}), answering(200, 'not a style'),
      vi.fn(async () => { throw new TypeError('Failed to fetch'); }) as unknown as FetchLike]) {
      const map = new RecordingMap();
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      expect(await addCityBasemap(map, FONT, ORIGIN, fetchFn)).toBe(0);
      warn.mockRestore();
      expect(map.sources).toEqual([]);
      expect(map.layers).toEqual([]);
    }
  });

  it('goes on top when the page has no grid fill (a map without the city layers)', async () => {
    const map = new RecordingMap(['bg']);
    await addCityBasemap(map, FONT, ORIGIN, answering(200, style()));
    expect(map.layers.every(([, before]) => before === undefined)).toBe(true);
  });
});
