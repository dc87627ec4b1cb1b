// The console's view of casework (issue 13), as pure functions of an incident and the clock: the
// units on a case (主办/协助, 途中/到场), what a nearest unit's button does (派遣 the lead or 增援),
// the step history's lines, 督办 and 超时 tags, each step's time limit with its countdown, and the
// response figures coloured by the 1-3-5 rule. The server decides what is overdue; the countdown
// only tells how long is left.

import { dateTime, escapeHtml } from '../common/format';
import type { CaseUnit, DeadlineStep, Incident, NearestUnit, Supervision, Transition } from '../domain/records';
import { DEADLINE_STEPS } from '../domain/records';
import type { Vocabulary } from '../domain/vocabulary';
import { DISPATCHED, REPORTED, canDispatch } from './workflow';

export const LEAD = 'lead';
export const SUPPORT = 'support';
const ON_SCENE = 'on_scene';
/** Statuses after a unit reached the scene, and those after the case was handled (besides the terminal ones). */
const ARRIVED: ReadonlySet<string> = new Set([ON_SCENE, 'handled', 'verified']);
const HANDLED: ReadonlySet<string> = new Set(['handled', 'verified']);
/** Statuses with units on the case: units may be added, reassigned and recalled. */
const WITH_UNITS: ReadonlySet<string> = new Set([DISPATCHED, ON_SCENE]);

/** The steps in Chinese: 受理, 到场, 处置, 结案, 督办. */
export const STEP_LABEL: Readonly<Record<DeadlineStep, string>> = {
  accept: '受理', arrive: '到场', handle: '处置', close: '结案', supervision: '督办',
};

export function stepLabel(step: string): string {
  return Object.hasOwn(STEP_LABEL, step) ? STEP_LABEL[step as DeadlineStep] : step;
}

/** 主办 for the lead, 协助 for support. */
export function roleText(role: string): string {
  return role === LEAD ? '主办' : role === SUPPORT ? '协助' : role;
}

export function unitStateText(u: CaseUnit): string {
  return u.onScene ? '到场' : '途中';
}

/** The lead unit of a case: `unit`, or the units' lead when only the list names it. */
export function leadOf(i: Incident): string | null {
  return i.unit ?? i.units.find((u) => u.role === LEAD)?.unit ?? null;
}

/** Whether units on the case can be added, reassigned or recalled now. */
export function unitsOpen(i: Incident): boolean {
  return WITH_UNITS.has(i.status) && i.units.length > 0;
}

/** What the button of a nearest unit does: its label, the role it sends, whether it may be pressed now. */
export interface DispatchOffer {
  label: '派遣' | '增援';
  role: typeof LEAD | typeof SUPPORT;
  enabled: boolean;
  /** the policy's first choice for the lead (首选): the first lead-kind unit of a case without a lead */
  first: boolean;
  /** why the button cannot be pressed, for its tooltip */
  reason: string | null;
}

/**
 * The button of each nearest unit, in list order. A case with a lead gets support (增援) while
 * its units are out; one without gets the lead (派遣), the policy's first choice first, and a
 * support-kind unit only as support beside units already on the case.
 */
export function dispatchOffers(v: Vocabulary, i: Incident, nearest: readonly NearestUnit[]): DispatchOffer[] {
  const lead = leadOf(i);
  const firstLead = lead === null ? nearest.findIndex((u) => u.role !== SUPPORT) : -1;
  const leadAllowed = canDispatch(v, i.status) || WITH_UNITS.has(i.status);
  return nearest.map((u, k) => {
    if (lead !== null || u.role === SUPPORT) {
      const enabled = unitsOpen(i);
      const reason = enabled ? null : lead === null ? '先派遣主办力量' : '当前状态不能增援';
      return { label: '增援', role: SUPPORT, enabled, first: false, reason };
    }
    return { label: '派遣', role: LEAD, enabled: leadAllowed, first: k === firstLead && u.role === LEAD, reason: leadAllowed ? null : '当前状态不能派遣' };
  });
}

/** One line of the step history: what was done (派遣, 改派, 受理 …), to whom or where, and the note. */
export interface StepLine {
  title: string;
  /** the status reached, when a case action also changed it */
  status: string | null;
  /** the unit, target and deadline, in words */
  details: string[];
}

export function stepLine(v: Vocabulary, t: Transition, unitName: (id: string) => string): StepLine {
  const statusLabel = t.toLabel ?? v.label('statuses', t.to);
  const plain = t.action === null || t.action === 'status';
  const title = plain ? statusLabel : t.actionLabel ?? v.label('caseActions', t.action);
  const details: string[] = [];
  if (t.unit) details.push(unitName(t.unit));
  if (t.target !== null) {
    switch (t.action) {
      case 'reassign': details.push(`替换 ${unitName(t.target)}`); break;
      case 'merge': details.push(`至 #${t.target}`); break;
      case 'transfer': details.push(`至 ${v.label('handlingLevels', t.target)}`); break;
      default: details.push(stepLabel(t.target));
    }
  }
  if (t.due) details.push(`时限 ${dateTime(t.due)}`);
  const changed = !plain && t.from !== null && t.from !== t.to;
  return { title, status: changed ? statusLabel : null, details };
}

/** '受理超时', '到场超时' … for the steps the server finds overdue. */
export function overdueTexts(i: Incident): string[] {
  return i.overdue.map((s) => `${stepLabel(s)}超时`);
}

/** The queue's and the detail's red 超时 tag naming the steps; '' when nothing is overdue. */
export function overdueTag(i: Incident): string {
  const texts = overdueTexts(i);
  return texts.length ? `<span class="tag overdue" data-overdue="${escapeHtml(i.overdue.join(' '))}">${escapeHtml(texts.join('·'))}</span>` : '';
}

/** The 督办 badge with the deadline; '' for a case not supervised. */
export function supervisionBadge(s: Supervision | null): string {
  if (!s) return '';
  const title = [s.note, s.by ? `督办人 ${s.by}` : null].filter(Boolean).join(' · ');
  return `<span class="tag supervised" title="${escapeHtml(title)}">督办${s.due ? ` ${dateTime(s.due)}` : ''}</span>`;
}

/** '45 秒', '2 分 05 秒', '1 小时 03 分', '2 天 4 小时'. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} 秒`;
  if (s < 3600) return `${Math.floor(s / 60)} 分 ${String(s % 60).padStart(2, '0')} 秒`;
  if (s < 86400) return `${Math.floor(s / 3600)} 小时 ${String(Math.floor(s / 60) % 60).padStart(2, '0')} 分`;
  return `${Math.floor(s / 86400)} 天 ${Math.floor(s / 3600) % 24} 小时`;
}

/** The 1-3-5 band of a response time: within 1, 3 or 5 minutes, or later. */
export type ResponseBand = 'r1' | 'r3' | 'r5' | 'late';

export function responseBand(seconds: number): ResponseBand {
  return seconds <= 60 ? 'r1' : seconds <= 180 ? 'r3' : seconds <= 300 ? 'r5' : 'late';
}

/** A response figure coloured by its band; '—' when there is none yet. */
export function responseFigure(seconds: number | null): string {
  if (seconds === null) return '—';
  const band = responseBand(seconds);
  return `<span class="resp resp-${band}" data-band="${band}">${formatDuration(seconds)}</span>`;
}

/** Whether a case has done a step (by its status and units), so that its time limit no longer runs. */
export function stepDone(v: Vocabulary, i: Incident, step: DeadlineStep): boolean {
  if (v.isTerminal(i.status)) return true;
  switch (step) {
    case 'accept': return i.status !== REPORTED;
    case 'arrive': return ARRIVED.has(i.status) || i.units.some((u) => u.onScene);
    case 'handle':
    case 'supervision': return HANDLED.has(i.status);
    case 'close': return false;
  }
}

export type DeadlineState = 'overdue' | 'running' | 'done';

/** A step's time limit as the detail shows it. */
export interface DeadlineRow {
  step: DeadlineStep;
  /** 受理时限 … */
  label: string;
  at: string;
  state: DeadlineState;
  /** 剩 12 分 30 秒, 已超时 5 分 00 秒, 已完成 */
  text: string;
}

/**
 * The time limits of a case in step order. Overdue when the server says so or, for a step not
 * done, when its deadline has passed since the server's answer; done steps are not counted down.
 */
export function deadlineRows(v: Vocabulary, i: Incident, now: number): DeadlineRow[] {
  const rows: DeadlineRow[] = [];
  for (const step of DEADLINE_STEPS) {
    const at = i.deadlines[step];
    if (at === undefined) continue;
    const left = (Date.parse(at) - now) / 1000;
    const done = stepDone(v, i, step);
    const state: DeadlineState = i.overdue.includes(step) || (!done && left <= 0) ? 'overdue' : done ? 'done' : 'running';
    const text = state === 'overdue' ? (left < 0 ? `已超时 ${formatDuration(-left)}` : '已超时') : state === 'done' ? '已完成' : `剩 ${formatDuration(left)}`;
    rows.push({ step, label: `${STEP_LABEL[step]}时限`, at, state, text });
  }
  return rows;
}
