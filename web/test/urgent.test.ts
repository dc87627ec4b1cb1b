import { describe, expect, it, vi } from 'vitest';
import { MAX_URGENT, UrgentQueue, callSignOf, groupsBesides, isUrgent, syncOpenUrgent, urgentMarkers } from '../src/common/urgent';
import type { Alert, AlertGroup } from '../src/domain/records';
import { FakeApi } from './support/fakes';

const NOW = Date.parse('2026-12-01T08:00:00Z');
const iso = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

const alert = (id: number, extra: Partial<Alert> = {}): Alert => ({
  id, kind: 'sos', severity: 'critical', title: `滨城巡逻${id}号 紧急求助`, detail: null, areaCode: '371602001001001',
  lon: 118 + id / 1000, lat: 37.4, raisedAt: iso(id * 1000), acknowledged: false, ackedAt: null, ackedBy: null, ...extra,
});
const acked = (id: number, extra: Partial<Alert> = {}) => alert(id, { acknowledged: true, ackedBy: '调度员', ackedAt: iso(60_000), ...extra });
const ids = (q: UrgentQueue) => q.list().map((a) => a.id);

describe('isUrgent', () => {
  it('holds the emergency button and the device alarms at the highest severity, nothing else', () => {
    expect(isUrgent({ kind: 'sos', severity: 'critical' })).toBe(true);
    expect(isUrgent({ kind: 'sos', severity: 'warning' })).toBe(true); // an SOS is urgent whatever its severity says
    expect(isUrgent({ kind: 'device_alarm', severity: 'critical' })).toBe(true); // 跌倒, 碰撞侧翻 …
    expect(isUrgent({ kind: 'device_alarm', severity: 'warning' })).toBe(false); // 超速, 疲劳驾驶 …
    expect(isUrgent({ kind: 'overdue', severity: 'critical' })).toBe(false);
  });
});

describe('callSignOf', () => {
  it('reads the call sign before the last word of the title', () => {
    expect(callSignOf({ title: '滨城巡逻1号 紧急求助' })).toBe('滨城巡逻1号');
    expect(callSignOf({ title: '测试E2E SOS 1 紧急求助' })).toBe('测试E2E SOS 1');
    expect(callSignOf({ title: '邹平保安3 跌倒报警' })).toBe('邹平保安3');
    expect(callSignOf({ title: '紧急求助' })).toBe('紧急求助');
  });
});

describe('UrgentQueue', () => {
  it('takes an open urgent alert when it arrives and tells that it joined, once', () => {
    const q = new UrgentQueue();
    expect(q.apply([alert(1), alert(2, { kind: 'near_repeat', severity: 'warning' })])).toEqual([1]);
    expect(ids(q)).toEqual([1]);
    // the same alert again (a resumed subscription, a newer version): held once, not joined again
    expect(q.apply([alert(1, { detail: '更新' })])).toEqual([]);
    expect(q.size).toBe(1);
    expect(q.get(1)?.detail).toBe('更新');
  });

  it('stacks several: the emergency buttons first, then the newest on top', () => {
    const q = new UrgentQueue();
    q.apply([alert(1), alert(3, { kind: 'device_alarm', title: '邹平保安3 跌倒报警' })]);
    q.apply([alert(2)]);
    expect(ids(q)).toEqual([2, 1, 3]);
    expect(q.apply([alert(4)])).toEqual([4]);
    expect(ids(q)).toEqual([4, 2, 1, 3]);
  });

  it('lets go of an alert acknowledged here, elsewhere, or with its group, and not of the others', () => {
    const q = new UrgentQueue();
    q.apply([alert(1), alert(2), alert(3)]);
    expect(q.remove(2)).toBe(true);
    expect(q.remove(2)).toBe(false);
    q.apply([acked(3)]); // another dispatcher, or 全部确认 of the group: the channel brings the acknowledgement
    expect(ids(q)).toEqual([1]);
    // an acknowledged alert arriving first is never taken
    expect(q.apply([acked(5)])).toEqual([]);
    expect(q.has(5)).toBe(false);
  });

  it('syncs with the server\'s open ones: those acknowledged meanwhile go, those missed join', () => {
    const q = new UrgentQueue();
    q.apply([alert(1), alert(2)]);
    const mark = q.mark();
    expect(q.sync([alert(2), alert(7)], mark)).toEqual([7]);
    expect(ids(q)).toEqual([7, 2]);
  });

  it('keeps an alert that arrived after the question, which the older answer cannot know', () => {
    const q = new UrgentQueue();
    q.apply([alert(1)]);
    const mark = q.mark();
    q.apply([alert(9)]); // arrives on the channel while the question is out
    q.sync([alert(1)], mark);
    expect(ids(q)).toEqual([9, 1]);
  });

  it('does not bring back one acknowledged after the question, though the older answer lists it open', () => {
    const q = new UrgentQueue();
    q.apply([alert(1), alert(2)]);
    const mark = q.mark();
    q.apply([acked(2)]);
    expect(q.sync([alert(1), alert(2)], mark)).toEqual([]);
    expect(ids(q)).toEqual([1]);
  });

  it('takes nothing away on an answer cut at its limit', () => {
    const q = new UrgentQueue();
    q.apply([alert(1), alert(2)]);
    q.sync([alert(2)], q.mark(), false);
    expect(ids(q)).toEqual([2, 1]);
  });

  it('holds a bounded number, dropping the oldest', () => {
    const q = new UrgentQueue();
    q.apply(Array.from({ length: MAX_URGENT + 5 }, (_, k) => alert(k + 1)));
    expect(q.size).toBe(MAX_URGENT);
    expect(q.has(1)).toBe(false);
    expect(q.has(6)).toBe(true);
    expect(ids(q)[0]).toBe(MAX_URGENT + 5);
  });
});

describe('syncOpenUrgent', () => {
  it('asks for the open sos and device alarms and syncs with the answer', async () => {
    const q = new UrgentQueue();
    q.apply([alert(1)]);
    const api = new FakeApi().answer('GET', '/api/v1/alerts', () => ({
      alerts: [alert(2), alert(3, { kind: 'device_alarm', severity: 'warning', title: '滨城巡逻3号 超速报警' })],
    }));
    expect(await syncOpenUrgent(api, q)).toEqual([2]);
    expect(api.calls.map((c) => c.query)).toEqual([{ kind: 'sos,device_alarm', open: 'true', limit: 500 }]);
    expect(ids(q)).toEqual([2]); // 1 was acknowledged meanwhile; a warning is not urgent
  });

  it('changes nothing when the server cannot be read, and says so on the console', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const q = new UrgentQueue();
      q.apply([alert(1)]);
      expect(await syncOpenUrgent(new FakeApi(), q)).toEqual([]);
      expect(ids(q)).toEqual([1]);
      expect(warn).toHaveBeenCalledOnce();
    } finally {
      warn.mockRestore();
    }
  });
});

describe('urgentMarkers and groupsBesides', () => {
  it('marks each held alert with a place, by kind', () => {
    expect(urgentMarkers([alert(1), alert(2, { lon: null, lat: null }), alert(3, { kind: 'device_alarm' })])).toEqual([
      { id: '1', at: [118.001, 37.4], className: 'urgent urgent-sos', title: '滨城巡逻1号 紧急求助' },
      { id: '3', at: [118.003, 37.4], className: 'urgent urgent-device_alarm', title: '滨城巡逻3号 紧急求助' },
    ]);
  });

  it('leaves out a group only when every one of its open alerts is shown by itself', () => {
    const group = (id: string, count: number, members: number[]): AlertGroup => ({
      id, kind: id.split('.')[0], level: 'county', areaCode: '371602', areaName: '滨城区', count, severity: 'critical',
      newest: iso(0), title: `滨城区 ${count} 条`, members, membersHref: '',
    });
    const groups = [group('sos.county.371602', 2, [1, 2]), group('sos.county.371603', 3, [3, 4, 5]), group('overdue.county.371602', 1, [9])];
    expect(groupsBesides(groups, new Set([1, 2, 3, 4])).map((g) => g.id)).toEqual(['sos.county.371603', 'overdue.county.371602']);
    // members cut short by the server: the count says there are more than shown
    expect(groupsBesides([group('sos.county.371604', 5, [6, 7])], new Set([6, 7]))).toHaveLength(1);
  });
});
