// The console's alert list: the open alerts in groups by kind and area, each acknowledged at once
// (全部确认), then the alerts one by one — open ones to acknowledge, acknowledged ones with who did
// it; a click on an alert with a place flies the map there. Without the permission to acknowledge
// (alerts) the buttons are not offered.

import { type Api, errorText } from '../common/api';
import { orderGroups } from '../common/alert-groups';
import type { Clock } from '../common/clock';
import { escapeHtml, timeOfDay } from '../common/format';
import type { MapSurface } from '../common/map-surface';
import { ALERT_SEVERITY_COLOR, colorOf } from '../common/palette';
import { element, throttle } from '../common/ui';
import { decodeAlert } from '../domain/decode';
import { isObject, numberField } from '../domain/json';
import type { Alert, AlertGroup } from '../domain/records';
import type { Vocabulary } from '../domain/vocabulary';
import type { KeyedState, LogState } from '../live/state';
import type { Toast } from './toast';

export const SHOWN_ALERTS = 100;
/** Groups listed above the alerts (the most severe, then the newest). */
export const SHOWN_GROUPS = 12;
const RENDER_MS = 300;

export interface AlertDeskDeps {
  doc: Document;
  map: MapSurface;
  api: Api;
  clock: Clock;
  vocabulary: Vocabulary;
  alerts: LogState<Alert>;
  groups: KeyedState<AlertGroup>;
  toast: Toast;
  /** The user may acknowledge alerts. */
  canAcknowledge: boolean;
}

export class AlertDesk {
  readonly render: () => void;
  private readonly list: HTMLElement;
  private readonly groupList: HTMLElement | null;
  private readonly openCount: HTMLElement;

  constructor(private readonly deps: AlertDeskDeps) {
    this.list = element(deps.doc, 'alert-list');
    this.groupList = deps.doc.getElementById('alert-groups');
    this.openCount = element(deps.doc, 'alert-open');
    this.render = throttle(deps.clock, RENDER_MS, () => this.renderNow());
  }

  mount(): void {
    this.list.addEventListener('click', (e) => void this.onClick(e.target));
    this.groupList?.addEventListener('click', (e) => void this.onGroupClick(e.target));
  }

  private renderNow(): void {
    const { alerts, groups, vocabulary, canAcknowledge } = this.deps;
    const all = alerts.list();
    this.openCount.textContent = String(all.filter((a) => !a.acknowledged).length);
    if (this.groupList) {
      const shown = orderGroups(groups.items.values()).slice(0, SHOWN_GROUPS);
      this.groupList.innerHTML = shown.map((g) => `
    <li data-group="${escapeHtml(g.id)}" class="group" style="border-left-color:${colorOf(ALERT_SEVERITY_COLOR, g.severity)}">
      <span class="tag" style="background:${colorOf(ALERT_SEVERITY_COLOR, g.severity)}">${escapeHtml(vocabulary.label('alertKinds', g.kind))}</span>
      <span class="t">${escapeHtml(g.title)}</span>
      ${canAcknowledge ? `<button class="group-ack-btn" data-group="${escapeHtml(g.id)}">全部确认</button>` : ''}
      <span class="meta">最新 ${timeOfDay(g.newest)}</span>
    </li>`).join('');
      this.groupList.hidden = shown.length === 0;
    }
    this.list.innerHTML = all.slice(0, SHOWN_ALERTS).map((a) => `
    <li data-id="${a.id}" data-kind="${escapeHtml(a.kind)}" class="sev-${escapeHtml(a.severity)} ${a.acknowledged ? 'acked' : ''}">
      <span class="tag" style="background:${colorOf(ALERT_SEVERITY_COLOR, a.severity)}">${escapeHtml(vocabulary.label('alertKinds', a.kind))}</span>
      <span class="t">${escapeHtml(a.title)}</span>
      ${a.acknowledged ? `<span class="ok">已确认${a.ackedBy ? '（' + escapeHtml(a.ackedBy) + '）' : ''}</span>`
        : canAcknowledge ? `<button class="ack-btn" data-id="${a.id}">确认</button>` : ''}
      <span class="meta">${timeOfDay(a.raisedAt)}${a.detail ? ' · ' + escapeHtml(a.detail) : ''}</span>
    </li>`).join('') || '<li class="empty">暂无告警</li>';
  }

  private async onGroupClick(target: EventTarget | null): Promise<void> {
    if (!(target instanceof HTMLButtonElement) || !target.classList.contains('group-ack-btn')) return;
    const id = target.dataset.group;
    if (!id) return;
    const { api, toast } = this.deps;
    target.disabled = true;
    try {
      const answer = await api.post(`/api/v1/alerts/groups/${encodeURIComponent(id)}/ack`, {});
      const n = isObject(answer) ? numberField(answer, 'acknowledged') ?? 0 : 0;
      toast.show(`已确认 ${n} 条告警`);
    } catch (err) {
      toast.show(errorText(err, '确认失败'), true);
      target.disabled = false;
    }
    // The alerts and groups channels bring the acknowledgements.
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
