// The pages' map surface on a MapLibre map (the browser side of ./map-surface.ts).

import * as maplibregl from 'maplibre-gl';
import type { JsonObject } from '../domain/json';
import type { CoverageCell, LonLat } from '../domain/records';
import type { FeatureCollection } from './geojson';
import type { MapMarker, MapSurface, MarkerLayer, SourceId } from './map-surface';
import type { TileAddress } from './tile-refresh';

export class MapLibreSurface implements MapSurface {
  private readonly markers = new Map<MarkerLayer, Map<string, maplibregl.Marker>>();

  constructor(readonly map: maplibregl.Map) {}

  setData<P>(source: SourceId, data: FeatureCollection<P>): void {
    // Our FeatureCollection is GeoJSON (RFC 7946) with narrower geometry types than MapLibre's.
    (this.map.getSource(source) as maplibregl.GeoJSONSource | undefined)?.setData(data as unknown as Parameters<maplibregl.GeoJSONSource['setData']>[0]);
  }

  setGridCoverage(reset: boolean, changed: readonly CoverageCell[], removed: readonly string[]): void {
    if (!this.map.getSource('grids')) return;
    // A vector source: feature state lives per source layer, keyed by the promoted `code`.
    const grid = { source: 'grids', sourceLayer: 'grids' };
    if (reset) this.map.removeFeatureState(grid);
    for (const code of removed) this.map.removeFeatureState({ ...grid, id: code });
    for (const c of changed) this.map.setFeatureState({ ...grid, id: c.id }, { cov: c.state });
  }

  refreshTiles(source: string, tiles?: readonly TileAddress[]): void {
    if (this.map.getSource(source)) this.map.refreshTiles(source, tiles ? [...tiles] : undefined);
  }

  project(p: LonLat): { x: number; y: number } {
    const { x, y } = this.map.project(p);
    return { x, y };
  }

  zoom(): number {
    return this.map.getZoom();
  }

  flyTo(center: LonLat, zoom: number): void {
    this.map.flyTo({ center, zoom, speed: 2 });
  }

  fitBounds(bounds: [LonLat, LonLat], maxZoom: number): void {
    this.map.fitBounds(bounds, { padding: 80, maxZoom });
  }

  setLayersVisible(layers: readonly string[], visible: boolean): void {
    for (const l of layers) this.map.setLayoutProperty(l, 'visibility', visible ? 'visible' : 'none');
  }

  onMoveEnd(listener: () => void): void {
    this.map.on('moveend', listener);
  }

  onFeatureClick(layer: string, listener: (properties: JsonObject, at: LonLat) => void): void {
    this.map.on('click', layer, (e) => {
      const properties: JsonObject | undefined = e.features?.[0]?.properties;
      if (properties) listener(properties, [e.lngLat.lng, e.lngLat.lat]);
    });
    this.map.on('mouseenter', layer, () => (this.map.getCanvas().style.cursor = 'pointer'));
    this.map.on('mouseleave', layer, () => (this.map.getCanvas().style.cursor = ''));
  }

  popup(at: LonLat, content: string | HTMLElement): void {
    const popup = new maplibregl.Popup({ closeButton: false }).setLngLat(at);
    if (typeof content === 'string') popup.setHTML(content);
    else popup.setDOMContent(content);
    popup.addTo(this.map);
  }

  setMarkers(layer: MarkerLayer, markers: readonly MapMarker[]): void {
    const shown = this.markers.get(layer) ?? new Map<string, maplibregl.Marker>();
    this.markers.set(layer, shown);
    const wanted = new Set(markers.map((m) => m.id));
    for (const [id, marker] of shown) {
      if (wanted.has(id)) continue;
      marker.remove();
      shown.delete(id);
    }
    for (const m of markers) {
      let marker = shown.get(m.id);
      if (!marker) {
        // MapLibre owns the outer element (its classes place it); the inner one has the look.
        const doc = this.map.getContainer().ownerDocument;
        const el = doc.createElement('div');
        el.dataset.id = m.id;
        el.dataset.layer = layer;
        el.appendChild(doc.createElement('div'));
        marker = new maplibregl.Marker({ element: el }).setLngLat(m.at).addTo(this.map);
        shown.set(m.id, marker);
      } else {
        marker.setLngLat(m.at);
      }
      const look = marker.getElement().firstElementChild;
      if (look) look.className = `gw-marker ${m.className}`;
      marker.getElement().title = m.title;
    }
  }
}
