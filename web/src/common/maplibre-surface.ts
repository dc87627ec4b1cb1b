// The pages' map surface on a MapLibre map (the browser side of ./map-surface.ts).

import * as maplibregl from 'maplibre-gl';
import type { JsonObject } from '../domain/json';
import type { CoverageCell, LonLat } from '../domain/records';
import type { FeatureCollection } from './geojson';
import type { MapSurface, SourceId } from './map-surface';

export class MapLibreSurface implements MapSurface {
  constructor(readonly map: maplibregl.Map) {}

  setData<P>(source: SourceId, data: FeatureCollection<P>): void {
    // Our FeatureCollection is GeoJSON (RFC 7946) with narrower geometry types than MapLibre's.
    (this.map.getSource(source) as maplibregl.GeoJSONSource | undefined)?.setData(data as unknown as Parameters<maplibregl.GeoJSONSource['setData']>[0]);
  }

  setGridCoverage(reset: boolean, changed: readonly CoverageCell[], removed: readonly string[]): void {
    if (!this.map.getSource('grids')) return;
    if (reset) this.map.removeFeatureState({ source: 'grids' });
    for (const code of removed) this.map.removeFeatureState({ source: 'grids', id: code });
    for (const c of changed) this.map.setFeatureState({ source: 'grids', id: c.id }, { cov: c.state });
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
}
