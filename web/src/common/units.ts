// Units on the map, moving smoothly: each new position starts a short glide from where the icon is
// drawn now. Frames are drawn only while something moves on screen, at most ~20 a second; a move
// of a pixel or two (most moves at city scale) is drawn at once, without frames in between.

import type { LonLat, Unit } from '../domain/records';
import type { SubEvent } from '../live/channels';
import type { KeyedState } from '../live/state';
import type { Clock } from './clock';
import { featureCollection, pointFeature } from './geojson';
import type { MapSurface } from './map-surface';

interface Glide {
  from: LonLat;
  to: LonLat;
  t0: number;
}

const GLIDE_MS = 2000;
const FRAME_MS = 50;
const MIN_GLIDE_PX = 3;

export class UnitLayer {
  private readonly glides = new Map<string, Glide>();
  private frameAsked = false;
  private lastDraw = 0;
  private dirty = false;

  /**
   * @param requestDraw how a redraw without animation is asked for (a batcher's schedule, so that
   *     it lands with the page's other map updates); by default the next animation frame
   */
  constructor(private readonly map: MapSurface, private readonly state: KeyedState<Unit>, private readonly clock: Clock,
              private readonly requestDraw: (draw: () => void) => void = (draw) => clock.frame(draw)) {}

  /** Applies a `units` channel event to the state and starts the glides it implies. */
  apply(e: SubEvent<'units'>): void {
    if (e.kind === 'delta') this.beforeUpdate(e.data.upsert, false);
    const r = this.state.apply(e);
    if (r.reset) this.beforeUpdate([], true);
    else if (r.removed.length) this.beforeUpdate([], false);
  }

  /** Current drawn position of a unit. */
  position(id: string, now = this.clock.now()): LonLat | null {
    const g = this.glides.get(id);
    if (g) {
      const t = Math.min(1, (now - g.t0) / GLIDE_MS);
      const e = t * (2 - t); // ease out
      return [g.from[0] + (g.to[0] - g.from[0]) * e, g.from[1] + (g.to[1] - g.from[1]) * e];
    }
    const u = this.state.items.get(id);
    return u && u.lon != null && u.lat != null ? [u.lon, u.lat] : null;
  }

  /** Before the state applies new items: remember where their icons are drawn now. */
  beforeUpdate(upserted: readonly Unit[], reset: boolean): void {
    const now = this.clock.now();
    if (reset) {
      this.glides.clear();
      this.requestDraw(() => this.draw(this.clock.now()));
      return;
    }
    for (const u of upserted) {
      if (u.lon == null || u.lat == null) continue;
      const from = this.position(u.id, now);
      if (from && this.visibleMove(from, [u.lon, u.lat])) {
        this.glides.set(u.id, { from, to: [u.lon, u.lat], t0: now });
      } else {
        this.glides.delete(u.id);
      }
    }
    if (this.glides.size > 0) {
      this.dirty = true;
      this.schedule();
    } else {
      this.requestDraw(() => this.draw(this.clock.now()));
    }
  }

  /** A move worth animating: at least a few pixels at the current zoom (at city scale most are not). */
  private visibleMove(from: LonLat, to: LonLat): boolean {
    if (from[0] === to[0] && from[1] === to[1]) return false;
    const a = this.map.project(from);
    const b = this.map.project(to);
    return Math.hypot(a.x - b.x, a.y - b.y) >= MIN_GLIDE_PX;
  }

  private schedule(): void {
    if (this.frameAsked) return;
    this.frameAsked = true;
    this.clock.frame(() => this.frame(this.clock.now()));
  }

  private frame(now: number): void {
    this.frameAsked = false;
    if (now - this.lastDraw < FRAME_MS) {
      this.schedule();
      return;
    }
    for (const [id, g] of this.glides) {
      if (now - g.t0 < GLIDE_MS) continue;
      this.glides.delete(id);
      this.dirty = true; // draw it where the glide ends, not at the last frame's nearly-there
    }
    if (this.dirty || this.glides.size > 0) {
      this.draw(now);
      this.lastDraw = now;
      this.dirty = false;
    }
    if (this.glides.size > 0) this.schedule();
  }

  private draw(now: number): void {
    const features = [];
    for (const u of this.state.items.values()) {
      const p = this.position(u.id, now);
      if (p) features.push(pointFeature(p, { id: u.id, kind: u.kind, status: u.status, callSign: u.callSign }));
    }
    this.map.setData('units', featureCollection(features));
  }
}
