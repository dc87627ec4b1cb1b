// Plane and sphere helpers for the pages (WGS84 degrees, longitude first; metres).

import type { LonLat } from '../domain/records';
import type { Geometry } from './geojson';

/** [minLon, minLat, maxLon, maxLat] of the city of Binzhou. */
export const CITY_BOUNDS: [number, number, number, number] = [117.25, 36.67, 118.39, 38.33];

/** Area-weighted centroid of the largest polygon ring (areas are convex-ish cells); [0, 0] for others. */
export function labelPoint(g: Geometry | null): LonLat {
  const rings = g?.type === 'Polygon' ? [g.coordinates[0]] : g?.type === 'MultiPolygon' ? g.coordinates.map((p) => p[0]) : [];
  let best: LonLat = [0, 0];
  let bestArea = -1;
  for (const ring of rings) {
    let a = 0, cx = 0, cy = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i], [x1, y1] = ring[i + 1];
      const c = x0 * y1 - x1 * y0;
      a += c;
      cx += (x0 + x1) * c;
      cy += (y0 + y1) * c;
    }
    if (Math.abs(a) > bestArea && a !== 0) {
      bestArea = Math.abs(a);
      best = [cx / (3 * a), cy / (3 * a)];
    }
  }
  return best;
}

/** A circle of `radius` metres as a closed ring (for risk zones and drawn circles). */
export function circlePolygon(center: LonLat, radius: number, steps = 48): LonLat[] {
  const [lon, lat] = center;
  const dLat = radius / 111_320;
  const dLon = radius / (111_320 * Math.cos((lat * Math.PI) / 180));
  const ring: LonLat[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = (i / steps) * Math.PI * 2;
    ring.push([lon + dLon * Math.cos(t), lat + dLat * Math.sin(t)]);
  }
  return ring;
}

/** Geodesic-enough distance in metres (haversine) for client-side filtering. */
export function distanceMetres(a: LonLat, b: LonLat): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad, dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

/** Even-odd point in polygon (ring of [lon, lat]). */
export function pointInRing(p: LonLat, ring: readonly LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** [[minLon, minLat], [maxLon, maxLat]] of the points (at least one). */
export function boundsOf(points: readonly LonLat[]): [LonLat, LonLat] {
  let [minX, minY] = points[0];
  let [maxX, maxY] = points[0];
  for (const [x, y] of points) {
    minX = Math.min(minX, x); minY = Math.min(minY, y);
    maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  return [[minX, minY], [maxX, maxY]];
}

/** H3 resolution for the heat channel at a zoom (docs/live-protocol.md, one finer for big screens). */
export function heatResolution(zoom: number): number {
  const z = Math.round(zoom) + 1;
  return z <= 8 ? 5 : z === 9 ? 6 : z <= 11 ? 7 : z === 12 ? 8 : 9;
}
