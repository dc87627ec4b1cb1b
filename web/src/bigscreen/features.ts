// What the big screen draws, as GeoJSON for the map's sources: pure functions of the live state.

import { circlePolygon } from '../common/geo';
import { type Feature, type FeatureCollection, featureCollection, pointFeature } from '../common/geojson';
import { CATEGORY_COLOR, DUTY_STATE_COLOR, colorOf } from '../common/palette';
import type { HeatCell, Incident, Post, RiskZone } from '../domain/records';

/** An incident reported this recently is drawn with a bright ring. */
export const FRESH_MS = 15 * 60_000;

export function heatFeatures(cells: Iterable<HeatCell>): FeatureCollection<{ count: number }> {
  const features = [];
  for (const c of cells) features.push(pointFeature([c.lon, c.lat], { count: c.count }));
  return featureCollection(features);
}

export function incidentFeatures(incidents: readonly Incident[], now: number): FeatureCollection<{ id: number; color: string; fresh: boolean }> {
  const features = [];
  for (const i of incidents) {
    if (i.lon === null || i.lat === null) continue;
    features.push(pointFeature([i.lon, i.lat], {
      id: i.id, color: colorOf(CATEGORY_COLOR, i.category), fresh: now - Date.parse(i.reportedAt) < FRESH_MS,
    }));
  }
  return featureCollection(features);
}

export function postFeatures(posts: Iterable<Post>): FeatureCollection<{ id: string; name: string; state: string; color: string }> {
  const features = [];
  for (const p of posts) features.push(pointFeature([p.lon, p.lat], { id: p.id, name: p.name, state: p.state, color: colorOf(DUTY_STATE_COLOR, p.state) }));
  return featureCollection(features);
}

/** States in which a post's duty window has been decided (the on-post rate counts these). */
const DECIDED: ReadonlySet<string> = new Set(['staffed', 'understaffed', 'missed']);

/** Share of decided posts that are staffed; null when none is decided yet. */
export function postRate(posts: Iterable<Post>): number | null {
  let staffed = 0, decided = 0;
  for (const p of posts) {
    if (p.state === 'staffed') staffed++;
    if (DECIDED.has(p.state)) decided++;
  }
  return decided > 0 ? staffed / decided : null;
}

export function riskZoneFeatures(zones: readonly RiskZone[]): FeatureCollection<{ category: string | null }> {
  return featureCollection(zones.map((z): Feature<{ category: string | null }> => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [circlePolygon([z.lon, z.lat], z.radius)] },
    properties: { category: z.category },
  })));
}
