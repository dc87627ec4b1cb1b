// The console's alert list: open alerts to acknowledge, acknowledged ones with who did it; a click
// on an alert with a place flies the map there.

import { type Api, errorText } from '../common/api';
import type { Clock } from '../common/clock';
import { escapeHtml, timeOfDay } from '../common/format';
import type { MapSurface } from '../common/map-surface';
import { ALERT_SEVERITY_COLOR, colorOf } from '../common/palette';
import { element, throttle } from '../common/ui';
import { decodeAlert } from '../domain/decode';
import type { Alert } from '../domain/records';
import type { Vocabulary } from '../domain/vocabulary';
import type { LogState } from '../live/state';
import type { Toast } from './toast';

export const SHOWN_ALERTS = 100;
const RENDER_MS = 300;

export interface AlertDeskDeps {
  doc: Document;
  map: MapSurface;
  api: Api;
  clock: Clock;
  vocabulary: Vocabulary;
  alerts: LogState<Alert>;
  toast: Toast;
}

export class AlertDesk {
  readonly render: () => void;
  private readonly list: HTMLElement;
  private readonly openCount: HTMLElement;

  constructor(private readonly deps: AlertDeskDeps) {
    this.list = element(deps.doc, 'alert-list');
    this.openCount = element(deps.doc, 'alert-open');
    this.render = throttle(deps.clock, RENDER_MS, () => this.renderNow());
  }

  mount(): void {
    this.list.addEventListener('click', (e) => void this.onClick(e.target));
  }

  private renderNow(): void {
    const { alerts, vocabulary } = this.deps;
    const all = alerts.list();
    this.openCount.textContent = String(all.filter((a) => !a.acknowledged).length);
    this.list.innerHTML = all.slice(0, SHOWN_ALERTS).map((a) => `
    <li data-id="${a.id}" class="${a.acknowledged ? 'acked' : ''}">
      <span class="tag" style="background:${colorOf(ALERT_SEVERITY_COLOR, a.severity)}">${escapeHtml(vocabulary.label('alertKinds', a.kind))}</span>
      <span class="t">${escapeHtml(a.title)}</span>
      ${a.acknowledged ? `<span class="ok">已确认${a.ackedBy ? '（' + escapeHtml(a.ackedBy) + '）' : ''}</span>`
        : `<button class="ack-btn" data-id="${a.id}">确认</button>`}
      <span class="meta">${timeOfDay(a.raisedAt)}${a.detail ? ' · ' + escapeHtml(a.detail) : ''}</span>
    </li>`).join('') || '<li class="empty">暂无告警</li>';
  }

  private async onClick(target: EventTarget | null): Promise<void> {
    if (!(target instanceof Element)) return;
    const li = target.closest<HTMLElement>('li[data-id]');
    if (!li) return;
    const { alerts, api, map, toast } = this.deps;
    const alert = alerts.get(Number(li.dataset.id));
    if (target instanceof HTMLButtonElement && target.classList.contains('ack-btn')) {
      target.disabled = true;
      try {
        const acked = decodeAlert(await api.post(`/api/v1/alerts/${li.dataset.id}/ack`, {}));
        if (acked) alerts.put(acked);
        toast.show('告警已确认');
      } catch (err) {
        toast.show(errorText(err, '确认失败'), true);
      }
      this.render();
    } else if (alert && alert.lon !== null && alert.lat !== null) {
      map.flyTo([alert.lon, alert.lat], 14);
    }
  }
}
