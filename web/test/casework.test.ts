import { describe, expect, it } from 'vitest';
import {
  deadlineRows, dispatchOffers, formatDuration, overdueTexts, responseBand, stepLine,
} from '../src/dispatch/casework';
import type { Incident, NearestUnit, Transition } from '../src/domain/records';
import { vocabulary } from './support/fakes';

const NOW = Date.parse('2026-12-01T08:00:00Z');
const iso = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();
const v = vocabulary();

const incident = (status: string, extra: Partial<Incident> = {}): Incident => ({
  id: 1, source: 'police_call', category: 'criminal', severity: 2, title: '持械斗殴', description: null, status,
  gridCode: '371602001001001', gridName: '网格1', reportedAt: iso(-600_000), updatedAt: iso(0), unit: null, responseSeconds: null,
  lon: 118, lat: 37.4, units: [], level: 'village', levelLabel: '村（社区）', supervision: null, mergedInto: null, dispatchSeconds: null,
  deadlines: {}, overdue: [], ...extra,
});
const led = (onScene = false): Partial<Incident> => ({
  unit: 'U1', units: [{ unit: 'U1', role: 'lead', onScene, sentAt: iso(-300_000) }],
});
const unit = (id: string, role: string | null): NearestUnit => ({
  id, callSign: id, kind: 'police_car', status: 'available', lon: 118, lat: 37.4, distance: 100, etaSeconds: 20, role,
});
const step = (extra: Partial<Transition>): Transition => ({
  from: 'dispatched', to: 'dispatched', at: iso(0), actor: '调度员', actorId: 'd', note: null, unit: null,
  action: null, actionLabel: null, toLabel: null, target: null, due: null, ...extra,
});
const names: Record<string, string> = { U1: '滨城巡逻1号', U2: '滨城巡逻2号' };
const unitName = (id: string) => names[id] ?? id;

describe('dispatch offers', () => {
  const nearest = [unit('G1', 'support'), unit('C1', 'lead'), unit('C2', 'lead'), unit('X', null)];
  const offers = (i: Incident) => dispatchOffers(v, i, nearest).map((o) => [o.label, o.role, o.enabled, o.first]);

  it('send the lead to a case without one, the policy\'s first lead kind as 首选, support kinds not before a unit is out', () => {
    expect(offers(incident('accepted'))).toEqual([
      ['增援', 'support', false, false], ['派遣', 'lead', true, true], ['派遣', 'lead', true, false], ['派遣', 'lead', true, false],
    ]);
    // reported: accepted first by the console, so the lead can go too
    expect(offers(incident('reported')).map(([, , enabled]) => enabled)).toEqual([false, true, true, true]);
  });

  it('send support (增援) to a case with a lead, while its units are out', () => {
    expect(offers(incident('dispatched', led()))).toEqual(Array(4).fill(['增援', 'support', true, false]));
    expect(offers(incident('on_scene', led(true))).every(([, , enabled]) => enabled)).toBe(true);
  });

  it('send a new lead to a case whose lead was recalled while support stayed on it, support beside it', () => {
    const i = incident('dispatched', { units: [{ unit: 'U2', role: 'support', onScene: false, sentAt: iso(0) }] });
    expect(offers(i)).toEqual([
      ['增援', 'support', true, false], ['派遣', 'lead', true, true], ['派遣', 'lead', true, false], ['派遣', 'lead', true, false],
    ]);
  });

  it('send nothing to a finished case', () => {
    expect(offers(incident('closed')).some(([, , enabled]) => enabled)).toBe(false);
    expect(offers(incident('merged', { mergedInto: 7 })).some(([, , enabled]) => enabled)).toBe(false);
  });
});

describe('step history lines', () => {
  it('name each case action by its label, with the unit, the target and the status it reached', () => {
    expect(stepLine(v, step({ from: 'accepted', action: 'dispatch', actionLabel: '派遣', toLabel: '派遣', unit: 'U1' }), unitName))
      .toEqual({ title: '派遣', status: '派遣', details: ['滨城巡逻1号'] });
    expect(stepLine(v, step({ action: 'reassign', actionLabel: '改派', unit: 'U2', target: 'U1' }), unitName))
      .toEqual({ title: '改派', status: null, details: ['滨城巡逻2号', '替换 滨城巡逻1号'] });
    expect(stepLine(v, step({ from: 'accepted', to: 'merged', action: 'merge', actionLabel: '合并', target: '42' }), unitName))
      .toEqual({ title: '合并', status: '合并', details: ['至 #42'] });
    expect(stepLine(v, step({ action: 'transfer', actionLabel: '流转', target: 'township' }), unitName).details).toEqual(['至 乡镇（街道）']);
    expect(stepLine(v, step({ action: 'supervise', actionLabel: '督办', due: '2026-12-03T10:00:00Z' }), unitName).details[0]).toMatch(/^时限 12-03 \d\d:00$/);
  });

  it('name a plain status change by the status, and an action without a label by the vocabulary or its id', () => {
    expect(stepLine(v, step({ from: 'reported', to: 'accepted', action: 'status', actionLabel: '状态变更', toLabel: '受理' }), unitName).title).toBe('受理');
    expect(stepLine(v, step({ from: 'reported', to: 'accepted' }), unitName).title).toBe('受理'); // a server without actions
    expect(stepLine(v, step({ action: 'recall' }), unitName).title).toBe('撤回');
    expect(stepLine(v, step({ action: 'overdue', actionLabel: '超时', target: 'arrive' }), unitName)).toEqual({ title: '超时', status: null, details: ['到场'] });
    expect(stepLine(v, step({ action: 'escalate' }), unitName).title).toBe('escalate');
  });
});

describe('time limits', () => {
  it('name the overdue steps as the server gives them', () => {
    expect(overdueTexts(incident('accepted', { overdue: ['accept', 'arrive', 'handle', 'close', 'supervision', 'review'] })))
      .toEqual(['受理超时', '到场超时', '处置超时', '结案超时', '督办超时', 'review超时']);
  });

  it('count down the steps not done, say 已超时 for those past or overdue, and 已完成 for those done', () => {
    const i = incident('dispatched', {
      ...led(),
      deadlines: { accept: iso(-300_000), arrive: iso(90_000), handle: iso(-5_000), close: iso(86_400_000 * 2 + 3_600_000) },
      overdue: [],
    });
    expect(deadlineRows(v, i, NOW).map((d) => [d.label, d.state, d.text])).toEqual([
      ['受理时限', 'done', '已完成'],
      ['到场时限', 'running', '剩 1 分 30 秒'],
      ['处置时限', 'overdue', '已超时 5 秒'], // passed since the server's answer: not counted down below zero
      ['结案时限', 'running', '剩 2 天 1 小时'],
    ]);
    // the server's word wins: a step it finds overdue is overdue
    const flagged = deadlineRows(v, { ...i, overdue: ['arrive'] }, NOW);
    expect(flagged.find((d) => d.step === 'arrive')).toMatchObject({ state: 'overdue', text: '已超时' });
    expect(deadlineRows(v, incident('accepted'), NOW)).toEqual([]);
  });

  it('stop every countdown of a finished case', () => {
    const i = incident('closed', { deadlines: { close: iso(-60_000), supervision: iso(60_000) } });
    expect(deadlineRows(v, i, NOW).map((d) => d.state)).toEqual(['done', 'done']);
  });
});

describe('response figures', () => {
  it('band by the 1-3-5 rule: within 1, 3, 5 minutes or later', () => {
    expect([0, 60, 61, 180, 181, 300, 301].map(responseBand)).toEqual(['r1', 'r1', 'r3', 'r3', 'r5', 'r5', 'late']);
    expect([45, 125, 3725].map(formatDuration)).toEqual(['45 秒', '2 分 05 秒', '1 小时 02 分']);
  });
});
