// The GeoJSON the pages draw (RFC 7946: WGS84, longitude first), and the narrowing of GeoJSON the
// server sends (areas, key places) before it goes to the map.

import { type JsonObject, isObject } from '../domain/json';

export type Geometry =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'LineString'; coordinates: number[][] }
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export type Properties = { [key: string]: string | number | boolean | null };

export interface Feature<P = Properties> {
  type: 'Feature';
  id?: string | number;
  geometry: Geometry | null;
  properties: P;
}

export interface FeatureCollection<P = Properties> {
  type: 'FeatureCollection';
  features: Feature<P>[];
}

export const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export function featureCollection<P>(features: Feature<P>[]): FeatureCollection<P> {
  return { type: 'FeatureCollection', features };
}

export function pointFeature<P>(coordinates: [number, number], properties: P): Feature<P> {
  return { type: 'Feature', geometry: { type: 'Point', coordinates }, properties };
}

const GEOMETRY_TYPES: ReadonlySet<string> = new Set(['Point', 'LineString', 'Polygon', 'MultiPolygon']);

/**
 * The server's FeatureCollection with its properties as JSON. Geometries of the drawn types pass
 * with their coordinates unchecked (the map validates them as it tiles); others become null.
 */
export function asFeatureCollection(v: unknown): FeatureCollection<JsonObject> {
  const features = isObject(v) && Array.isArray(v.features) ? v.features : [];
  const out: Feature<JsonObject>[] = [];
  for (const f of features) {
    if (!isObject(f)) continue;
    const g = f.geometry;
    const geometry = isObject(g) && typeof g.type === 'string' && GEOMETRY_TYPES.has(g.type) && Array.isArray(g.coordinates)
      ? (g as unknown as Geometry) : null;
    out.push({ type: 'Feature', geometry, properties: isObject(f.properties) ? f.properties : {} });
  }
  return { type: 'FeatureCollection', features: out };
}
