// The big screen's alert panel: open alerts in groups by kind and area ("邹平市 12 个护学岗到岗不足"),
// most severe first, each coloured by its severity; a click on a group opens it to its members (a
// second click, or a click on another, closes it). Fresh groups are highlighted and the list scrolls
// by itself when it is longer than its panel (nobody touches a wall screen), pausing at both ends and
// while a group is open. The count over it is the server's.

import type { Clock } from '../common/clock';
import { escapeHtml, timeOfDay } from '../common/format';
import { ALERT_SEVERITY_COLOR, colorOf } from '../common/palette';
import type { Alert, AlertGroup } from '../domain/records';
import type { Vocabulary } from '../domain/vocabulary';
import { membersKey, openInGroups } from '../common/alert-groups';

/** Groups shown: the panel holds about a dozen; the rest scroll by. */
export const SHOWN_GROUPS = 60;
/** Members of an open group shown (the most severe, then the newest). */
export const SHOWN_MEMBERS = 30;
const STEP_MS = 50;
/** Steps to wait at the top before scrolling again (3 s). */
const PAUSE_STEPS = 60;

/** Loads a group's members (most severe first, then newest), at most `limit`. */
export type MemberLoader = (group: AlertGroup, limit: number) => Promise<Alert[]>;

export class AlertTicker {
  private scroll = 0;
  private pause = PAUSE_STEPS;
  /** The server's count of open alerts in the screen's jurisdiction (the stats channel), once known. */
  private serverOpen: number | null = null;
  /** Open alerts in the groups the page holds: the count until the server's arrives. */
  private localOpen = 0;
  private groups: readonly AlertGroup[] = [];
  private fresh: ReadonlySet<string> = new Set();
  /** The open group, its members as last loaded, and the members' key they were loaded for. */
  private expanded: string | null = null;
  private members: Alert[] | null = null;
  private loadedFor = '';

  /**
   * @param box the scrolling panel, holding the `<ul>`
   * @param openCount where the number of open (unacknowledged) alerts is shown: the server's count
   *                  ({@link AlertTicker.setServerOpen}), not the groups the page holds
   */
  constructor(private readonly box: HTMLElement, private readonly openCount: HTMLElement,
              private readonly vocabulary: Vocabulary, private readonly clock: Clock,
              private readonly loadMembers: MemberLoader) {
    box.addEventListener('click', (e) => {
      const li = e.target instanceof Element ? e.target.closest<HTMLElement>('li[data-group]') : null;
      if (li?.dataset.group) this.toggle(li.dataset.group);
    });
  }

  /** Shows `groups` in the order given; those in `fresh` are marked new and the list scrolls back to them. */
  render(groups: readonly AlertGroup[], fresh: ReadonlySet<string>): void {
    this.groups = groups;
    this.fresh = fresh;
    this.localOpen = openInGroups(groups);
    const open = this.expanded === null ? undefined : groups.find((g) => g.id === this.expanded);
    if (this.expanded !== null && !open) this.collapse();
    if (open && membersKey(open) !== this.loadedFor) this.load(open);
    this.draw();
    if (fresh.size > 0 && this.expanded === null) this.scroll = 0;
  }

  /** Opens group `id` to its members, or closes it when it is the open one. */
  toggle(id: string): void {
    if (this.expanded === id) {
      this.collapse();
    } else {
      const g = this.groups.find((x) => x.id === id);
      if (!g) return;
      this.expanded = id;
      this.members = null;
      this.load(g);
    }
    this.draw();
  }

  /** The open group's id, or null. */
  get open(): string | null {
    return this.expanded;
  }

  private collapse(): void {
    this.expanded = null;
    this.members = null;
    this.loadedFor = '';
  }

  private load(g: AlertGroup): void {
    const key = membersKey(g);
    this.loadedFor = key;
    this.loadMembers(g, SHOWN_MEMBERS).then((alerts) => {
      if (this.loadedFor !== key) return; // closed, or the group changed meanwhile: a newer load follows
      this.members = alerts;
      this.draw();
    }, () => {
      if (this.loadedFor === key) this.loadedFor = ''; // tried again at the next change of the groups
    });
  }

  private draw(): void {
    this.showCount();
    const ul = this.box.querySelector('ul');
    if (!ul) return;
    const list = this.groups.slice(0, SHOWN_GROUPS);
    ul.innerHTML = list.length === 0 ? '<li class="empty">暂无告警</li>' : list.map((g) => this.groupRow(g)
      + (g.id === this.expanded ? this.memberRows(g) : '')).join('');
  }

  private groupRow(g: AlertGroup): string {
    const color = colorOf(ALERT_SEVERITY_COLOR, g.severity);
    const cls = ['group', this.fresh.has(g.id) ? 'new' : '', g.id === this.expanded ? 'open' : ''].filter(Boolean).join(' ');
    return `
    <li class="${cls}" data-group="${escapeHtml(g.id)}" data-severity="${escapeHtml(g.severity)}" style="border-left-color:${color}">
      <span class="tag" style="background:${color}">${escapeHtml(this.vocabulary.label('alertKinds', g.kind))}</span>
      <span class="t">${escapeHtml(g.title)}</span>
      <span class="meta">${escapeHtml(this.vocabulary.label('alertSeverities', g.severity))} · 最新 ${timeOfDay(g.newest)} · ${g.id === this.expanded ? '收起' : '点击展开'}</span>
    </li>`;
  }

  private memberRows(g: AlertGroup): string {
    if (this.members === null) return '<li class="member loading">加载中…</li>';
    const rows = this.members.slice(0, SHOWN_MEMBERS).map((a) => `
    <li class="member" data-id="${a.id}" style="border-left-color:${colorOf(ALERT_SEVERITY_COLOR, a.severity)}">
      <span class="t">${escapeHtml(a.title)}</span>
      <span class="meta">${timeOfDay(a.raisedAt)}${a.detail ? ' · ' + escapeHtml(a.detail) : ''}</span>
    </li>`).join('');
    const more = g.count > SHOWN_MEMBERS ? `<li class="member more">… 共 ${g.count} 条</li>` : '';
    return rows + more;
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
    if (this.expanded !== null) return; // someone is reading an open group
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
