// The city's own basemap (its roads, rivers, place names), when the server has one: the style of
// GET /basemap/style.json, its sources and layers added to the pages' map UNDER the city's layers
// (below the grid fill), so coverage colours, outlines and labels stay on top. Without a basemap
// (404) the map is exactly the city as before. Everything comes from the page's own server: a
// source pointing anywhere else is left out.

import type * as maplibregl from 'maplibre-gl';

/** Where the server answers the basemap's style (404 when it has none). */
export const BASEMAP_STYLE_PATH = '/basemap/style.json';
/** The pages' layer the basemap goes under: the grids' coverage fill (above the city's dark fill). */
export const BASEMAP_BEFORE = 'grid-fill';
/** Prefix of the ids of the sources and layers added for the basemap. */
export const BASEMAP_PREFIX = 'citybase-';

/** What of a MapLibre map this module uses (the tests pass a recording fake). */
export interface BasemapTarget {
  addSource(id: string, source: maplibregl.SourceSpecification): unknown;
  addLayer(layer: maplibregl.LayerSpecification, beforeId?: string): unknown;
  getLayer(id: string): unknown;
}

/** `fetch` as the module calls it. */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Pick<Response, 'ok' | 'status' | 'json'>>;

/** The sources and layers of a basemap style as the page adds them. */
export interface BasemapParts {
  sources: Record<string, maplibregl.SourceSpecification>;
  layers: maplibregl.LayerSpecification[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when every URL a source names lies on `origin` (inline GeoJSON names none). */
function sameOrigin(source: Json, origin: string): boolean {
  const urls: unknown[] = [];
  if ('url' in source) urls.push(source.url);
  if (Array.isArray(source.tiles)) urls.push(...source.tiles);
  if (typeof source.data === 'string') urls.push(source.data);
  return urls.every((u) => typeof u === 'string' && (u.startsWith(`${origin}/`) || (u.startsWith('/') && !u.startsWith('//'))));
}

/**
 * The style's sources and layers with ids prefixed ({@link BASEMAP_PREFIX}); its background left
 * out (the page has its own); label fonts set to `font` (the only glyphs the server holds; CJK is
 * drawn with the local fonts anyway); sources not on `origin`, and the layers drawing them, left out.
 */
export function basemapParts(style: unknown, origin: string, font: readonly string[]): BasemapParts {
  const out: BasemapParts = { sources: {}, layers: [] };
  if (!isObject(style) || !isObject(style.sources) || !Array.isArray(style.layers)) return out;
  for (const [id, source] of Object.entries(style.sources)) {
    if (isObject(source) && sameOrigin(source, origin)) {
      out.sources[BASEMAP_PREFIX + id] = source as unknown as maplibregl.SourceSpecification;
    }
  }
  for (const raw of style.layers) {
    if (!isObject(raw) || typeof raw.id !== 'string' || raw.type === 'background') continue;
    if (typeof raw.source !== 'string' || !(BASEMAP_PREFIX + raw.source in out.sources)) continue;
    const layer: Json = { ...raw, id: BASEMAP_PREFIX + raw.id, source: BASEMAP_PREFIX + raw.source };
    if (raw.type === 'symbol') {
      const layout = isObject(raw.layout) ? { ...raw.layout } : {};
      if ('text-field' in layout) layout['text-font'] = [...font];
      delete layout['icon-image']; // no sprite is served
      layer.layout = layout;
    }
    out.layers.push(layer as unknown as maplibregl.LayerSpecification);
  }
  return out;
}

/** The basemap's style, or null when the server has none (404) or it cannot be read. */
export async function fetchBasemapStyle(fetchFn: FetchLike, origin: string): Promise<unknown> {
  try {
    const r = await fetchFn(origin + BASEMAP_STYLE_PATH, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!r.ok) {
      if (r.status !== 404) console.warn(`basemap: ${BASEMAP_STYLE_PATH} answered ${r.status}; the map shows the city alone`);
      return null;
    }
    return await r.json();
  } catch (e) {
    console.warn('basemap: no style', e);
    return null;
  }
}

/**
 * Adds the city's basemap under the page's city layers (below {@link BASEMAP_BEFORE}) once its style
 * is fetched; the number of layers added (0 without a basemap).
 */
export async function addCityBasemap(map: BasemapTarget, font: readonly string[], origin: string,
  fetchFn: FetchLike = (url, init) => fetch(url, init)): Promise<number> {
  const parts = basemapParts(await fetchBasemapStyle(fetchFn, origin), origin, font);
  for (const [id, source] of Object.entries(parts.sources)) map.addSource(id, source);
  const before = map.getLayer(BASEMAP_BEFORE) ? BASEMAP_BEFORE : undefined;
  for (const layer of parts.layers) map.addLayer(layer, before);
  return parts.layers.length;
}
