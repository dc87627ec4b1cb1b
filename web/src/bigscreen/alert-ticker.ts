// The big screen's alert list: newest first, fresh alerts highlighted, and scrolling by itself when
// it is longer than its panel (nobody touches a wall screen), pausing at both ends.

import type { Clock } from '../common/clock';
import { escapeHtml, timeOfDay } from '../common/format';
import { ALERT_SEVERITY_COLOR, colorOf } from '../common/palette';
import type { Alert } from '../domain/records';
import type { Vocabulary } from '../domain/vocabulary';

/** Rows shown: the panel holds about a dozen; the rest scroll by. */
export const SHOWN_ALERTS = 60;
const STEP_MS = 50;
/** Steps to wait at the top before scrolling again (3 s). */
const PAUSE_STEPS = 60;

export class AlertTicker {
  private scroll = 0;
  private pause = PAUSE_STEPS;
  /** The server's count of open alerts in the screen's jurisdiction (the stats channel), once known. */
  private serverOpen: number | null = null;
  /** Open alerts among those the page holds: the count until the server's arrives. */
  private localOpen = 0;

  /**
   * @param box the scrolling panel, holding the `<ul>`
   * @param openCount where the number of open (unacknowledged) alerts is shown: the server's count
   *                  ({@link AlertTicker.setServerOpen}), not the rows the page holds (a bounded, 24-hour list)
   */
  constructor(private readonly box: HTMLElement, private readonly openCount: HTMLElement,
              private readonly vocabulary: Vocabulary, private readonly clock: Clock) {}

  /** Shows `alerts` (newest first); those in `fresh` are marked new and the list scrolls back to them. */
  render(alerts: readonly Alert[], fresh: ReadonlySet<number>): void {
    const list = alerts.slice(0, SHOWN_ALERTS);
    this.localOpen = alerts.filter((a) => !a.acknowledged).length;
    this.showCount();
    const ul = this.box.querySelector('ul');
    if (!ul) return;
    ul.innerHTML = list.length === 0 ? '<li class="empty">暂无告警</li>' : list.map((a) => `
    <li class="${a.acknowledged ? 'acked' : ''} ${fresh.has(a.id) ? 'new' : ''}" data-id="${a.id}">
      <span class="tag" style="background:${colorOf(ALERT_SEVERITY_COLOR, a.severity)}">${escapeHtml(this.vocabulary.label('alertKinds', a.kind))}</span>
      <span class="t">${escapeHtml(a.title)}</span>
      <span class="meta">${timeOfDay(a.raisedAt)}${a.detail ? ' · ' + escapeHtml(a.detail) : ''}${a.acknowledged ? ' · 已确认' : ''}</span>
    </li>`).join('');
    if (fresh.size > 0) this.scroll = 0;
  }

  /** The server's count of open alerts (from the stats channel); null when it has none. */
  setServerOpen(n: number | null): void {
    this.serverOpen = n;
    this.showCount();
  }

  private showCount(): void {
    this.openCount.textContent = String(this.serverOpen ?? this.localOpen);
  }

  /** Starts scrolling; the answer stops it. */
  startScrolling(): () => void {
    return this.clock.every(STEP_MS, () => this.step());
  }

  private step(): void {
    const max = this.box.scrollHeight - this.box.clientHeight;
    if (max <= 0) {
      this.box.scrollTop = this.scroll = 0;
      return;
    }
    if (this.pause > 0) {
      this.pause--;
      return;
    }
    this.scroll += 1;
    if (this.scroll >= max) {
      this.scroll = 0;
      this.pause = PAUSE_STEPS;
    }
    this.box.scrollTop = this.scroll;
  }
}
