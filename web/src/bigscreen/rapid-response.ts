// The big screen's 快速反应圈 layer (1、3、5分钟快速反应): per township, the part that an available
// unit reaches within 3 or 5 minutes at its kind's speed, from GET /api/v1/rapid-response, drawn as
// a translucent fill with an outline below the unit markers, and the jurisdiction's coverage rate
// as a figure next to the switch. Fetched only while the switch is on (again every 30 s); the
// server chooses the townships (the user's jurisdiction) and computes the reach.

import { escapeHtml } from '../common/format';
import { type Feature, type FeatureCollection, asFeatureCollection, featureCollection } from '../common/geojson';
import type { Api } from '../common/api';
import type { Clock } from '../common/clock';
import type { MapSurface } from '../common/map-surface';
import { element } from '../common/ui';
import { type JsonObject, isObject, stringField } from '../domain/json';

/** How often the layer is fetched again while it is shown, ms. */
export const RAPID_POLL_MS = 30_000;
/** The reach times the server answers for, minutes. */
export const RAPID_MINUTES = [3, 5] as const;
export type RapidMinutes = (typeof RAPID_MINUTES)[number];
/** The map layers of the `rapid` source (../common/basemap.ts). */
export const RAPID_LAYERS = ['rapid-fill', 'rapid-line'];

/** One township's reach as drawn: its code, name, rate 0…1 (null: no cells) and available units. */
export interface RapidProps {
  code: string;
  name: string;
  rate: number | null;
  units: number;
}

/** The layer as the screen shows it: the reached parts to draw and the jurisdiction's rate. */
export interface RapidLayer {
  minutes: number;
  /** reached / cells over the jurisdiction, 0…1; null when it has no cells */
  rate: number | null;
  /** townships of the answer, drawn or not */
  townships: number;
  /** the townships where something is reached (their geometry is not null) */
  features: FeatureCollection<RapidProps>;
}

function finiteRate(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : null;
}

/**
 * The layer from an answer of GET /api/v1/rapid-response: a township whose geometry is null (no
 * cell reached, or no geometry asked for) is counted but not drawn; a missing or non-numeric rate
 * is null, never 0. An answer that is not a FeatureCollection gives an empty layer.
 */
export function rapidLayer(answer: unknown, minutes: number): RapidLayer {
  const fc = asFeatureCollection(answer);
  const features: Feature<RapidProps>[] = [];
  for (const f of fc.features) {
    if (f.geometry === null || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) continue;
    const p: JsonObject = f.properties;
    features.push({
      type: 'Feature', geometry: f.geometry,
      properties: { code: stringField(p, 'code') ?? '', name: stringField(p, 'name') ?? '', rate: finiteRate(p.rate),
        units: typeof p.units === 'number' ? p.units : 0 },
    });
  }
  const m = isObject(answer) && typeof answer.minutes === 'number' ? answer.minutes : minutes;
  return { minutes: m, rate: isObject(answer) ? finiteRate(answer.rate) : null, townships: fc.features.length, features: featureCollection(features) };
}

/** A rate 0…1 as a percentage with one decimal (`37.2%`); `—` for none. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** The figure next to the switch: `3分钟覆盖率 37.2%`. */
export function rateText(minutes: number, rate: number | null): string {
  return `${minutes}分钟覆盖率 ${formatRate(rate)}`;
}

/** A township's popup: its name, the reach time's rate and the available units. */
export function townshipPopup(p: JsonObject, minutes: number): string {
  const rate = finiteRate(p.rate);
  const units = typeof p.units === 'number' ? p.units : 0;
  return `${escapeHtml(stringField(p, 'name') ?? '')}<br>${escapeHtml(rateText(minutes, rate))}<br>可用力量 ${units}`;
}

/**
 * The switch (#toggle-rapid), the minutes choice (#rapid-minutes) and the figure (#rapid-rate):
 * `mount` binds them (before the map's style is loaded: the style has the layers hidden); on, it loads at once and every RAPID_POLL_MS; off,
 * it stops polling, hides the layer and drops an answer still on its way.
 */
export class RapidResponse {
  minutes: RapidMinutes = 3;
  on = false;
  layer: RapidLayer | null = null;
  error: string | null = null;
  private stopPoll: (() => void) | null = null;
  /** Bumped on every switch or choice: an answer of an older request is dropped. */
  private generation = 0;

  constructor(private readonly doc: Document, private readonly map: MapSurface, private readonly api: Api,
    private readonly clock: Clock) {}

  mount(): void {
    const box = element(this.doc, 'toggle-rapid', HTMLInputElement);
    box.onchange = () => this.setOn(box.checked);
    const seg = element(this.doc, 'rapid-minutes');
    seg.replaceChildren();
    for (const m of RAPID_MINUTES) {
      const b = this.doc.createElement('button');
      b.textContent = `${m}分钟`;
      b.dataset.minutes = String(m);
      b.className = m === this.minutes ? 'on' : '';
      b.onclick = () => {
        seg.querySelectorAll('button').forEach((x) => x.classList.toggle('on', x === b));
        this.setMinutes(m);
      };
      seg.appendChild(b);
    }
    this.map.onFeatureClick('rapid-fill', (p, at) => this.map.popup(at, townshipPopup(p, this.minutes)));
    this.showRate();
    if (box.checked) this.setOn(true);
  }

  setOn(on: boolean): void {
    if (on === this.on) return;
    this.on = on;
    this.generation++;
    this.stopPoll?.();
    this.stopPoll = null;
    this.map.setLayersVisible(RAPID_LAYERS, on);
    if (on) {
      void this.load();
      this.stopPoll = this.clock.every(RAPID_POLL_MS, () => void this.load());
    } else {
      this.layer = null;
      this.map.setData('rapid', featureCollection([]));
    }
    this.showRate();
  }

  setMinutes(m: RapidMinutes): void {
    if (m === this.minutes) return;
    this.minutes = m;
    this.generation++;
    this.layer = null;
    this.showRate();
    if (this.on) void this.load();
  }

  stop(): void {
    this.stopPoll?.();
    this.stopPoll = null;
  }

  async load(): Promise<void> {
    const generation = this.generation;
    const minutes = this.minutes;
    try {
      const answer = await this.api.get('/api/v1/rapid-response', { minutes, geometry: 'true' });
      if (generation !== this.generation) return;
      this.layer = rapidLayer(answer, minutes);
      this.error = null;
      this.map.setData('rapid', this.layer.features);
    } catch (e) {
      if (generation !== this.generation) return;
      this.error = e instanceof Error ? e.message : String(e);
      console.error('rapid response', e);
    }
    this.showRate();
  }

  private showRate(): void {
    const el = this.doc.getElementById('rapid-rate');
    if (!el) return;
    el.hidden = !this.on;
    el.textContent = !this.on ? '' : this.layer ? rateText(this.layer.minutes, this.layer.rate) : this.error ? '加载失败' : '计算中…';
  }
}
