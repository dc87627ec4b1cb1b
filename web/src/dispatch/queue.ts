// The incident queue (newest first), filtered by status group, category and text, and the same
// incidents on the map. A case the server finds overdue is coloured, with a red 超时 tag naming the
// steps; a supervised one carries the 督办 badge with its deadline. Redrawn at most every 300 ms
// however fast incidents arrive.

import type { Clock } from '../common/clock';
import { ago, escapeHtml } from '../common/format';
import { featureCollection, pointFeature } from '../common/geojson';
import type { MapSurface } from '../common/map-surface';
import { CATEGORY_COLOR, colorOf } from '../common/palette';
import { element, throttle } from '../common/ui';
import type { Incident } from '../domain/records';
import type { Vocabulary } from '../domain/vocabulary';
import type { LogState } from '../live/state';
import { overdueTag, supervisionBadge } from './casework';
import { severityTag } from './severity';
import { type StatusGroup, inGroup, isStatusGroup } from './workflow';

/** Rows in the list (the count above it tells how many match). */
export const SHOWN_ROWS = 300;
/** Incidents drawn on the map. */
export const DRAWN_INCIDENTS = 2000;
const RENDER_MS = 300;

export interface QueueDeps {
  doc: Document;
  map: MapSurface;
  clock: Clock;
  vocabulary: Vocabulary;
  incidents: LogState<Incident>;
  onSelect: (id: number) => void;
}

export class IncidentQueue {
  /** the incident shown in the detail panel */
  selected: number | null = null;
  /** Asks for a redraw (throttled). */
  readonly render: () => void;
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;
  private readonly status: HTMLSelectElement;
  private readonly category: HTMLSelectElement;
  private readonly text: HTMLInputElement;

  constructor(private readonly deps: QueueDeps) {
    const { doc, clock } = deps;
    this.list = element(doc, 'queue');
    this.count = element(doc, 'queue-count');
    this.status = element(doc, 'f-status', HTMLSelectElement);
    this.category = element(doc, 'f-category', HTMLSelectElement);
    this.text = element(doc, 'f-text', HTMLInputElement);
    this.render = throttle(clock, RENDER_MS, () => this.renderNow());
  }

  mount(): void {
    const { vocabulary, onSelect } = this.deps;
    this.category.innerHTML = `<option value="">全部类别</option>` +
      vocabulary.terms('categories').map((c) => `<option value="${escapeHtml(c.id)}">${escapeHtml(c.label)}</option>`).join('');
    for (const el of [this.status, this.category, this.text]) el.addEventListener('input', this.render);
    this.list.addEventListener('click', (e) => {
      const li = e.target instanceof Element ? e.target.closest<HTMLElement>('li[data-id]') : null;
      if (li) onSelect(Number(li.dataset.id));
    });
  }

  /** The status group and category chosen (what an export can ask the server for). */
  filterValues(): { group: StatusGroup; category: string } {
    return { group: isStatusGroup(this.status.value) ? this.status.value : '', category: this.category.value };
  }

  /** The incidents the filters let through, newest first. */
  filtered(): Incident[] {
    const { vocabulary, incidents } = this.deps;
    const group = isStatusGroup(this.status.value) ? this.status.value : '';
    const cat = this.category.value;
    const text = this.text.value.trim();
    return incidents.list().filter((i) => inGroup(vocabulary, group, i.status) && (!cat || i.category === cat)
      && (!text || (i.title ?? '').includes(text) || (i.gridName ?? '').includes(text) || String(i.id) === text));
  }

  private renderNow(): void {
    const { vocabulary, clock, map } = this.deps;
    const list = this.filtered();
    const now = clock.now();
    this.count.textContent = `共 ${list.length} 起`;
    this.list.innerHTML = list.slice(0, SHOWN_ROWS).map((i) => `
    <li data-id="${i.id}" class="${i.id === this.selected ? 'sel' : ''} ${i.status === 'reported' ? 'unread' : ''} ${i.overdue.length ? 'overdue' : ''}">
      <span class="tags"><span class="tag" style="background:${colorOf(CATEGORY_COLOR, i.category)}">${escapeHtml(vocabulary.label('categories', i.category))}</span>${severityTag(vocabulary, i.severity, true)}${overdueTag(i)}${supervisionBadge(i.supervision)}</span>
      <span class="t">${escapeHtml(i.title ?? `事件 ${i.id}`)}</span>
      <span class="st st-${escapeHtml(i.status)}" data-status="${escapeHtml(i.status)}">${escapeHtml(vocabulary.label('statuses', i.status))}</span>
      <span class="meta">#${i.id} · ${escapeHtml(i.gridName ?? '')} · ${ago(i.reportedAt, now)}</span>
    </li>`).join('');
    const features = [];
    for (const i of list.slice(0, DRAWN_INCIDENTS)) {
      if (i.lon === null || i.lat === null) continue;
      features.push(pointFeature([i.lon, i.lat], { id: i.id, color: colorOf(CATEGORY_COLOR, i.category), fresh: i.id === this.selected }));
    }
    map.setData('incidents', featureCollection(features));
  }
}
