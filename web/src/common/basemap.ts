// The map both pages share. Its base layers are the city's own admin areas and grids, served by
// GridWatch as vector tiles (/tiles/areas, /tiles/grids): there is no online basemap, no external
// tile, font or sprite URL. Latin glyphs come
// from the server's /glyphs; CJK labels are drawn with a local font (localIdeographFontFamily).

import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The worker is a self-contained module; Vite copies it into the build and gives its URL.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { JsonObject } from '../domain/json';
import type { Vocabulary } from '../domain/vocabulary';
import type { Api } from './api';
import { CITY_BOUNDS, labelPoint } from './geo';
import { type Feature, asFeatureCollection } from './geojson';
import { addCityBasemap } from './city-basemap';
import type { MapSurface } from './map-surface';
import { AREAS_TILES, GRIDS_TILES, type TileSource } from './tile-refresh';
import { COVERAGE_COLOR, FALLBACK_COLOR, RAPID_COLOR, UNIT_KIND_CHAR, UNIT_STATUS_COLOR } from './palette';
export const FONT = ['Noto Sans Regular'];
export const FONT_BOLD = ['Noto Sans Bold'];
export const CJK_FONTS = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

/** From this zoom units are icons by kind; below it, dots. */
export const UNIT_ICON_ZOOM = 11;

/** A colour by identifier: `match` over a palette table. */
function matchColor(input: maplibregl.ExpressionSpecification, table: Readonly<Record<string, string>>, fallback: string): maplibregl.ExpressionSpecification {
  // MapLibre's tuple type cannot express a variable number of label/value pairs.
  return ['match', input, ...Object.entries(table).flat(), fallback] as unknown as maplibregl.ExpressionSpecification;
}

const coverageFill = matchColor(['coalesce', ['feature-state', 'cov'], 'none'], COVERAGE_COLOR, '#12304f');
const unitDotColor = matchColor(['get', 'status'], UNIT_STATUS_COLOR, FALLBACK_COLOR);

/** The style: every source empty until its data arrives, layers in drawing order. */
function style(origin: string): maplibregl.StyleSpecification {
  const src = (extra: Partial<maplibregl.GeoJSONSourceSpecification> = {}): maplibregl.GeoJSONSourceSpecification =>
    ({ type: 'geojson', data: { type: 'FeatureCollection', features: [] }, ...extra });
  const tiles = (tileset: string, zooms: TileSource): maplibregl.VectorSourceSpecification =>
    ({ type: 'vector', tiles: [`${origin}/tiles/${tileset}/{z}/{x}/{y}.mvt`], minzoom: zooms.minZoom, maxzoom: zooms.maxZoom });
  const level = (l: string): maplibregl.FilterSpecification => ['==', ['get', 'level'], l];
  return {
    version: 8,
    glyphs: `${origin}/glyphs/{fontstack}/{range}.pbf`,
    sources: {
      // The admin areas (one tile layer, `level` telling city, county, township, village apart) and the
      // grids, whose coverage colour is feature state keyed by the grid code.
      areas: tiles('areas', AREAS_TILES),
      grids: { ...tiles('grids', GRIDS_TILES), promoteId: { grids: 'code' } },
      labels: src(),
      heat: src(), risk: src(), incidents: src(), keyplaces: src(), posts: src(), units: src(),
      draw: src(), track: src(), highlight: src(), rapid: src(),
    },
    layers: [
      { id: 'bg', type: 'background', paint: { 'background-color': '#040b17' } },
      { id: 'city-fill', type: 'fill', source: 'areas', 'source-layer': 'areas', filter: level('city'), paint: { 'fill-color': '#0a1a30' } },
      {
        id: 'grid-fill', type: 'fill', source: 'grids', 'source-layer': 'grids',
        paint: {
          'fill-color': coverageFill,
          'fill-opacity': ['match', ['coalesce', ['feature-state', 'cov'], 'none'], 'none', 0.25, 'never', 0.35, 0.5],
        },
      },
      { id: 'grid-line', type: 'line', source: 'grids', 'source-layer': 'grids', minzoom: 10, paint: { 'line-color': '#1f5a8a', 'line-width': 0.4, 'line-opacity': 0.7 } },
      { id: 'township-line', type: 'line', source: 'areas', 'source-layer': 'areas', filter: level('township'), paint: { 'line-color': '#2f7fc0', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 12, 1.2], 'line-opacity': 0.75 } },
      { id: 'county-glow', type: 'line', source: 'areas', 'source-layer': 'areas', filter: level('county'), paint: { 'line-color': '#00b8ff', 'line-width': 6, 'line-opacity': 0.18, 'line-blur': 4 } },
      { id: 'county-line', type: 'line', source: 'areas', 'source-layer': 'areas', filter: level('county'), paint: { 'line-color': '#4fd2ff', 'line-width': 1.6 } },
      { id: 'city-glow', type: 'line', source: 'areas', 'source-layer': 'areas', filter: level('city'), paint: { 'line-color': '#00e5ff', 'line-width': 10, 'line-opacity': 0.22, 'line-blur': 6 } },
      { id: 'city-line', type: 'line', source: 'areas', 'source-layer': 'areas', filter: level('city'), paint: { 'line-color': '#84ffff', 'line-width': 2.4 } },
      {
        id: 'heat', type: 'heatmap', source: 'heat',
        paint: {
          'heatmap-weight': ['min', 1, ['/', ['ln', ['+', 1, ['get', 'count']]], ['ln', 10]]],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 7, 1.4, 10, 1.8, 13, 2.5],
          'heatmap-radius': ['interpolate', ['exponential', 2], ['zoom'], 7, 18, 9, 30, 11, 40, 14, 70],
          'heatmap-opacity': 0.85,
          'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'],
            0, 'rgba(0,0,0,0)', 0.15, 'rgba(0,90,255,0.55)', 0.35, '#00e5ff', 0.55, '#76ff03', 0.75, '#ffea00', 0.9, '#ff6d00', 1, '#ff1744'],
        },
      },
      // 快速反应圈 (the big screen's switch shows it): below incidents, posts and units.
      { id: 'rapid-fill', type: 'fill', source: 'rapid', layout: { visibility: 'none' }, paint: { 'fill-color': RAPID_COLOR, 'fill-opacity': 0.22 } },
      { id: 'rapid-line', type: 'line', source: 'rapid', layout: { visibility: 'none' }, paint: { 'line-color': RAPID_COLOR, 'line-width': 1.2, 'line-opacity': 0.9 } },
      { id: 'risk-fill', type: 'fill', source: 'risk', paint: { 'fill-color': '#ff1744', 'fill-opacity': 0.18 } },
      { id: 'risk-line', type: 'line', source: 'risk', paint: { 'line-color': '#ff5252', 'line-width': 1.5, 'line-dasharray': [2, 1] } },
      {
        id: 'incidents', type: 'circle', source: 'incidents',
        paint: {
          'circle-color': ['get', 'color'],
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2.5, 13, 6],
          'circle-stroke-color': '#ffffff', 'circle-stroke-width': ['case', ['get', 'fresh'], 1.5, 0.3],
          'circle-opacity': 0.9,
        },
      },
      {
        id: 'keyplaces', type: 'circle', source: 'keyplaces', minzoom: 8.5,
        paint: {
          'circle-color': ['case', ['==', ['get', 'overdue'], true], '#ff1744', ['==', ['get', 'inPeriod'], true], '#e040fb', '#6a4a78'],
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8.5, 3.5, 13, 7],
          'circle-stroke-color': '#f3e5f5', 'circle-stroke-width': 1,
        },
      },
      {
        id: 'posts', type: 'circle', source: 'posts',
        paint: {
          'circle-color': ['get', 'color'],
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 2.2, 13, 6],
          'circle-stroke-color': '#02121f', 'circle-stroke-width': 0.6,
        },
      },
      { id: 'track-line', type: 'line', source: 'track', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#ffd740', 'line-width': 3 } },
      { id: 'track-head', type: 'circle', source: 'track', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': '#ffd740', 'circle-radius': 7, 'circle-stroke-color': '#000', 'circle-stroke-width': 2 } },
      // At city scale thousands of units are dots coloured by status; icons by kind from zoom 11.
      {
        id: 'units-dot', type: 'circle', source: 'units', maxzoom: UNIT_ICON_ZOOM,
        paint: {
          'circle-color': unitDotColor,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 1.2, 10, 2.6],
          'circle-opacity': 0.9,
        },
      },
      {
        id: 'units', type: 'symbol', source: 'units', minzoom: UNIT_ICON_ZOOM,
        layout: {
          'icon-image': ['concat', 'unit-', ['get', 'kind'], '-', ['get', 'status']],
          'icon-size': ['interpolate', ['linear'], ['zoom'], 11, 0.55, 14, 0.8],
          'icon-allow-overlap': true, 'icon-ignore-placement': true,
        },
      },
      { id: 'draw-fill', type: 'fill', source: 'draw', paint: { 'fill-color': '#40c4ff', 'fill-opacity': 0.12 } },
      { id: 'draw-line', type: 'line', source: 'draw', paint: { 'line-color': '#40c4ff', 'line-width': 2, 'line-dasharray': [3, 2] } },
      { id: 'highlight', type: 'circle', source: 'highlight', paint: { 'circle-radius': 14, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffff00', 'circle-stroke-width': 3 } },
      {
        id: 'township-label', type: 'symbol', source: 'labels', minzoom: 9.3, filter: ['==', ['get', 'level'], 'township'],
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': 12 },
        paint: { 'text-color': '#9ecfff', 'text-halo-color': '#020813', 'text-halo-width': 1.5 },
      },
      {
        id: 'county-label', type: 'symbol', source: 'labels', filter: ['==', ['get', 'level'], 'county'],
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT_BOLD, 'text-size': ['interpolate', ['linear'], ['zoom'], 7, 14, 11, 22], 'text-allow-overlap': true },
        paint: { 'text-color': '#e0f7ff', 'text-halo-color': '#003a66', 'text-halo-width': 2 },
      },
    ],
  };
}

export function createMap(container: HTMLElement, vocabulary: Vocabulary, options: Partial<maplibregl.MapOptions> = {}): maplibregl.Map {
  maplibregl.setWorkerUrl(workerUrl);
  const map = new maplibregl.Map({
    container,
    style: style(location.origin),
    bounds: CITY_BOUNDS,
    fitBoundsOptions: { padding: 10 },
    attributionControl: false,
    localIdeographFontFamily: CJK_FONTS,
    maxZoom: 17,
    fadeDuration: 0, // labels appear at once: no fade frames on a screen that redraws all day
    minZoom: 6,
    ...options,
  });
  map.on('load', () => {
    addUnitIcons(map, vocabulary);
    void addCityBasemap(map, FONT, location.origin); // the city's own basemap under its layers, when the server has one
  });
  return map;
}

/**
 * Unit icons by kind and status, drawn on a canvas: nothing to download. One per kind and status
 * of the vocabulary, so a kind the front end has no character for still gets an icon.
 */
function addUnitIcons(map: maplibregl.Map, vocabulary: Vocabulary): void {
  const size = 48;
  for (const kind of vocabulary.terms('unitKinds')) {
    const ch = UNIT_KIND_CHAR[kind.id] ?? kind.label.slice(0, 1);
    for (const status of vocabulary.terms('unitStatuses')) {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = size;
      const g = canvas.getContext('2d');
      if (!g) return;
      g.beginPath();
      if (kind.id === 'police_car') {
        g.roundRect(3, 3, size - 6, size - 6, 9);
      } else {
        g.arc(size / 2, size / 2, size / 2 - 3, 0, Math.PI * 2);
      }
      g.fillStyle = UNIT_STATUS_COLOR[status.id] ?? FALLBACK_COLOR;
      g.fill();
      g.lineWidth = 3;
      g.strokeStyle = '#02101e';
      g.stroke();
      g.fillStyle = '#02101e';
      g.font = `bold 26px ${CJK_FONTS}`;
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      g.fillText(ch, size / 2, size / 2 + 1);
      map.addImage(`unit-${kind.id}-${status.id}`, g.getImageData(0, 0, size, size), { pixelRatio: 1 });
    }
  }
}

/**
 * Loads the county and township label points (the polygons themselves come as tiles): those of the
 * user's jurisdiction, which is what the server answers with.
 */
export async function loadAreas(map: MapSurface, api: Api): Promise<void> {
  const level = async (lvl: string) => asFeatureCollection(await api.get('/api/v1/areas', { level: lvl, limit: 5000 }));
  const [counties, townships] = await Promise.all([level('county'), level('township')]);
  const labels: Feature<JsonObject>[] = [...counties.features, ...townships.features].map((f) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: labelPoint(f.geometry) },
    properties: { name: f.properties.name, level: f.properties.level, code: f.properties.code },
  }));
  map.setData('labels', { type: 'FeatureCollection', features: labels });
}
