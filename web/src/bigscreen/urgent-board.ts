// The big screen's open urgent alerts (紧急求助, and device alarms at the highest severity): each one
// by itself on top of the alert panel, flashing, never folded into a group (the groups below leave
// out a group all of whose alerts are shown here), and a flashing red marker at its place on the
// map. They stay until acknowledged in the console. The map does not fly to them: nobody would
// fly the wall back.

import type { Api } from '../common/api';
import { escapeHtml, timeOfDay } from '../common/format';
import type { MapSurface } from '../common/map-surface';
import { UrgentQueue, followAlerts, urgentMarkers } from '../common/urgent';
import type { Vocabulary } from '../domain/vocabulary';
import type { SubEvent } from '../live/channels';

/** Urgent alerts listed one by one; more are counted below them. */
export const SHOWN_URGENT = 8;

export class UrgentBoard {
  readonly queue = new UrgentQueue();
  /** what is drawn now (each alert's id and version): most alerts events change nothing here */
  private drawn = '';

  /**
   * @param list the `<ul>` over the alert panel's groups
   * @param changed told after the alerts shown changed (the groups are listed again beside them)
   */
  constructor(private readonly list: HTMLElement, private readonly map: MapSurface, private readonly api: Api,
              private readonly vocabulary: Vocabulary, private readonly changed: () => void) {}

  /** An event of the screen's alerts subscription. */
  onAlerts(e: SubEvent<'alerts'>): void {
    followAlerts(this.queue, this.api, e, () => this.render());
  }

  /** The ids of the alerts shown one by one. */
  shown(): Set<number> {
    return new Set(this.queue.list().slice(0, SHOWN_URGENT).map((a) => a.id));
  }

  render(): void {
    const all = this.queue.list();
    const key = all.map((a) => `${a.id}:${a.title}:${a.detail ?? ''}`).join('\n');
    if (key === this.drawn) return;
    this.drawn = key;
    this.map.setMarkers('urgent', urgentMarkers(all));
    const rows = all.slice(0, SHOWN_URGENT).map((a) => `
    <li class="urgent urgent-${escapeHtml(a.kind)}" data-id="${a.id}" data-kind="${escapeHtml(a.kind)}">
      <span class="tag">${escapeHtml(this.vocabulary.label('alertKinds', a.kind))}</span>
      <span class="t">${escapeHtml(a.title)}</span>
      <span class="meta">${timeOfDay(a.raisedAt)}${a.detail ? ' · ' + escapeHtml(a.detail) : ''}</span>
    </li>`);
    if (all.length > SHOWN_URGENT) rows.push(`<li class="urgent more">另有 ${all.length - SHOWN_URGENT} 条紧急告警</li>`);
    this.list.innerHTML = rows.join('');
    this.list.hidden = all.length === 0;
    this.changed();
  }
}
