// What the pages do with their map, as an interface: MapLibre implements it in the browser
// (./maplibre-surface.ts), a test records the calls. Sources and layers are those of the shared
// style (./basemap.ts).

import type { JsonObject } from '../domain/json';
import type { CoverageCell, LonLat } from '../domain/records';
import type { FeatureCollection } from './geojson';
import type { TileAddress } from './tile-refresh';

/** The style's GeoJSON sources that the pages fill (areas and grids are vector tiles: ./basemap.ts). */
export type SourceId =
  | 'labels'
  | 'heat' | 'risk' | 'incidents' | 'keyplaces' | 'posts' | 'units' | 'draw' | 'track' | 'highlight' | 'rapid';

/**
 * An HTML marker over the map: the browser animates its element (a pulsing ring) without the map
 * redrawing, which a software-rendered wall PC could not afford every frame.
 */
export interface MapMarker {
  /** unique within its layer */
  id: string;
  at: LonLat;
  /** the class names of its element, which give its look */
  className: string;
  /** shown when the pointer rests on it */
  title: string;
}

/** The pages' marker layers: the open urgent alerts (紧急求助). */
export type MarkerLayer = 'urgent';

export interface MapSurface {
  setData<P>(source: SourceId, data: FeatureCollection<P>): void;
  /** Colours grids by coverage state; `reset` first clears every grid's state. */
  setGridCoverage(reset: boolean, changed: readonly CoverageCell[], removed: readonly string[]): void;
  /** Fetches again the given tiles of a vector source (every tile when `tiles` is undefined). */
  refreshTiles(source: string, tiles?: readonly TileAddress[]): void;
  /** Screen pixels of a point. */
  project(p: LonLat): { x: number; y: number };
  zoom(): number;
  flyTo(center: LonLat, zoom: number): void;
  fitBounds(bounds: [LonLat, LonLat], maxZoom: number): void;
  setLayersVisible(layers: readonly string[], visible: boolean): void;
  onMoveEnd(listener: () => void): void;
  /** Clicks on a layer's features: the top feature's properties and where the click was. */
  onFeatureClick(layer: string, listener: (properties: JsonObject, at: LonLat) => void): void;
  popup(at: LonLat, content: string | HTMLElement): void;
  /** Shows exactly `markers` in `layer` (those not listed go, those already shown move). */
  setMarkers(layer: MarkerLayer, markers: readonly MapMarker[]): void;
}
