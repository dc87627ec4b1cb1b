// Drawing a query area on the map: a polygon (click the vertices, double-click or click the first
// vertex to finish) or a circle (click the centre, then click at the radius). Esc cancels.

import type * as maplibregl from 'maplibre-gl';
import { circlePolygon, distanceMetres, setData } from '../common/basemap';

export type Shape =
  | { kind: 'polygon'; ring: [number, number][] }
  | { kind: 'circle'; center: [number, number]; radius: number };

export class Drawer {
  private mode: 'polygon' | 'circle' | null = null;
  private points: [number, number][] = [];
  private cursor: [number, number] | null = null;

  constructor(private readonly map: maplibregl.Map, private readonly done: (shape: Shape) => void) {
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

  start(mode: 'polygon' | 'circle'): void {
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
    setData(this.map, 'draw', { type: 'FeatureCollection', features: [] });
  }

  private click(p: [number, number], px: { x: number; y: number }): void {
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
    setData(this.map, 'draw', { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} }] });
    this.done(shape);
  }

  private render(): void {
    const pts = this.cursor ? [...this.points, this.cursor] : this.points;
    let geometry: any = null;
    if (this.mode === 'circle' && this.points.length === 1 && this.cursor) {
      geometry = { type: 'Polygon', coordinates: [circlePolygon(this.points[0], Math.max(10, distanceMetres(this.points[0], this.cursor)), 64)] };
    } else if (this.mode === 'polygon' && pts.length >= 2) {
      geometry = pts.length >= 3 ? { type: 'Polygon', coordinates: [[...pts, pts[0]]] } : { type: 'LineString', coordinates: pts };
    }
    setData(this.map, 'draw', { type: 'FeatureCollection', features: geometry ? [{ type: 'Feature', geometry, properties: {} }] : [] });
  }
}
