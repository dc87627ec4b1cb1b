// Drawing a query area on the map: a polygon (click the vertices, double-click or click the first
// vertex to finish) or a circle (click the centre, then click at the radius). Esc cancels.

import type * as maplibregl from 'maplibre-gl';
import { circlePolygon, distanceMetres } from '../common/geo';
import { EMPTY, type Geometry, featureCollection } from '../common/geojson';
import type { MapSurface } from '../common/map-surface';
import type { LonLat } from '../domain/records';
import type { ShapeDrawer } from './area';

export type Shape =
  | { kind: 'polygon'; ring: LonLat[] }
  | { kind: 'circle'; center: LonLat; radius: number };

export class Drawer implements ShapeDrawer {
  private mode: Shape['kind'] | null = null;
  private points: LonLat[] = [];
  private cursor: LonLat | null = null;

  /** @param surface where the drawing is shown (the `draw` source) */
  constructor(private readonly map: maplibregl.Map, private readonly surface: MapSurface, private readonly done: (shape: Shape) => void) {
    map.on('click', (e) => this.click([e.lngLat.lng, e.lngLat.lat], e.point));
    map.on('dblclick', (e) => {
      if (this.mode === 'polygon') {
        e.preventDefault();
        this.finishPolygon();
      }
    });
    map.on('mousemove', (e) => {
      if (!this.mode) return;
      this.cursor = [e.lngLat.lng, e.lngLat.lat];
      this.render();
    });
    window.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.mode) this.clear();
    });
  }

  get active(): boolean {
    return this.mode !== null;
  }

  start(mode: Shape['kind']): void {
    this.clear();
    this.mode = mode;
    this.map.getCanvas().style.cursor = 'crosshair';
    this.map.doubleClickZoom.disable();
  }

  clear(): void {
    this.mode = null;
    this.points = [];
    this.cursor = null;
    this.map.getCanvas().style.cursor = '';
    this.map.doubleClickZoom.enable();
    this.surface.setData('draw', EMPTY);
  }

  private click(p: LonLat, px: { x: number; y: number }): void {
    if (this.mode === 'circle') {
      if (this.points.length === 0) {
        this.points.push(p);
      } else {
        const center = this.points[0];
        const radius = Math.max(10, distanceMetres(center, p));
        this.finish({ kind: 'circle', center, radius });
      }
    } else if (this.mode === 'polygon') {
      if (this.points.length >= 3) {
        const first = this.map.project(this.points[0]);
        if (Math.hypot(first.x - px.x, first.y - px.y) < 10) return this.finishPolygon();
      }
      const last = this.points[this.points.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) this.points.push(p);
      this.render();
    }
  }

  private finishPolygon(): void {
    if (this.points.length < 3) return;
    const ring = [...this.points, this.points[0]];
    this.finish({ kind: 'polygon', ring });
  }

  private finish(shape: Shape): void {
    const ring = shape.kind === 'circle' ? circlePolygon(shape.center, shape.radius, 64) : shape.ring;
    this.mode = null;
    this.points = [];
    this.map.getCanvas().style.cursor = '';
    setTimeout(() => this.map.doubleClickZoom.enable(), 300);
    this.surface.setData('draw', featureCollection([{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} }]));
    this.done(shape);
  }

  private render(): void {
    const pts = this.cursor ? [...this.points, this.cursor] : this.points;
    let geometry: Geometry | null = null;
    if (this.mode === 'circle' && this.points.length === 1 && this.cursor) {
      geometry = { type: 'Polygon', coordinates: [circlePolygon(this.points[0], Math.max(10, distanceMetres(this.points[0], this.cursor)), 64)] };
    } else if (this.mode === 'polygon' && pts.length >= 2) {
      geometry = pts.length >= 3 ? { type: 'Polygon', coordinates: [[...pts, pts[0]]] } : { type: 'LineString', coordinates: pts };
    }
    this.surface.setData('draw', featureCollection(geometry ? [{ type: 'Feature', geometry, properties: {} }] : []));
  }
}
