import { describe, expect, it } from 'vitest';
import {
  decodeAlert, decodeIncident, decodeIncidentDetail, decodeNearestUnits, decodeStats, decodeUnit,
} from '../src/domain/decode';

// Shapes as the server sends them (docs/live-protocol.md; GET /api/v1/incidents/{id} of `gridwatch demo`).
const flatIncident = {
  id: 3248, source: 'grid_report', sourceLabel: '网格上报', externalId: null, category: 'dispute', categoryLabel: '矛盾纠纷',
  severity: 4, title: '矛盾纠纷事件（演示）', description: '演示数据', status: 'reported', statusLabel: '上报',
  gridCode: '371603103292002', gridName: '小许家庄村第2网格', countyCode: '371603', reportedAt: '2026-12-01T15:58:35Z',
  receivedAt: '2026-12-01T22:52:35.39Z', updatedAt: '2026-12-01T22:52:35.39Z', rating: null, unit: null, responseSeconds: null,
  original: { crs: 'wgs84', lon: 118.1368, lat: 37.9209 }, lon: 118.1368335, lat: 37.9209196,
};

describe('decoders', () => {
  it('read an incident from a /live item and from a REST Feature alike', () => {
    const { lon, lat, ...properties } = flatIncident;
    const feature = { type: 'Feature', id: 3248, geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
    const fromLive = decodeIncident(flatIncident);
    expect(fromLive).toEqual(decodeIncident(feature));
    expect(fromLive).toMatchObject({ id: 3248, category: 'dispute', status: 'reported', unit: null, lon, lat, gridName: '小许家庄村第2网格' });
  });

  it('reject an incident without the fields the pages rely on', () => {
    expect(decodeIncident({ ...flatIncident, id: '3248' })).toBeNull();
    expect(decodeIncident({ ...flatIncident, status: undefined })).toBeNull();
    expect(decodeIncident(null)).toBeNull();
    expect(decodeIncident([flatIncident])).toBeNull();
  });

  it('read the history of an incident detail and drop malformed steps', () => {
    const { lon, lat, ...properties } = flatIncident;
    const detail = decodeIncidentDetail({
      type: 'Feature', id: 3248, geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { ...properties, history: [
        { from: null, to: 'reported', toLabel: '上报', actor: '调度员（演示）', actorId: 'dispatcher', at: '2026-12-01T22:52:35Z', note: null, unit: null },
        { from: 'reported' },
        { from: 'reported', to: 'accepted', at: '2026-12-01T22:53:00Z' }, // before users logged in: no actor
      ] },
    });
    const none = { action: null, actionLabel: null, target: null, due: null };
    expect(detail?.history).toEqual([
      { from: null, to: 'reported', toLabel: '上报', actor: '调度员（演示）', actorId: 'dispatcher', at: '2026-12-01T22:52:35Z', note: null, unit: null, ...none },
      { from: 'reported', to: 'accepted', toLabel: null, actor: null, actorId: null, at: '2026-12-01T22:53:00Z', note: null, unit: null, ...none },
    ]);
  });

  it('read an incident\'s casework: units, level, 督办, merge target, figures, time limits and overdue steps', () => {
    // As IncidentJson encodes it, with the time limits (deadlines, overdue) the server adds.
    const i = decodeIncident({
      ...flatIncident, status: 'on_scene', unit: 'U1',
      units: [
        { unit: 'U1', role: 'lead', onScene: true, sentAt: '2026-12-01T16:00:00Z' },
        { unit: 'U2', role: 'support', onScene: false, sentAt: '2026-12-01T16:02:00Z' },
        { role: 'support' }, 'U3',
      ],
      level: 'township', levelLabel: '乡镇（街道）', levelArea: '371603103',
      supervision: { due: '2026-12-03T10:00:00Z', note: '今日办结', by: '值班领导（演示）', at: '2026-12-01T16:05:00Z' },
      mergedInto: null, dispatchSeconds: 95, responseSeconds: 250,
      deadlines: { accept: '2026-12-01T16:03:35Z', arrive: '2026-12-01T16:13:35Z', handle: 'soon', close: 7, later: '2026-12-09T00:00:00Z' },
      overdue: ['arrive', 5, 'handle'],
    });
    expect(i).toMatchObject({
      unit: 'U1',
      units: [
        { unit: 'U1', role: 'lead', onScene: true, sentAt: '2026-12-01T16:00:00Z' },
        { unit: 'U2', role: 'support', onScene: false, sentAt: '2026-12-01T16:02:00Z' },
      ],
      level: 'township', levelLabel: '乡镇（街道）',
      supervision: { due: '2026-12-03T10:00:00Z', note: '今日办结', by: '值班领导（演示）', at: '2026-12-01T16:05:00Z' },
      mergedInto: null, dispatchSeconds: 95, responseSeconds: 250,
      // an instant that does not parse and a step the page does not know are left out
      deadlines: { accept: '2026-12-01T16:03:35Z', arrive: '2026-12-01T16:13:35Z' },
      overdue: ['arrive', 'handle'],
    });
  });

  it('read an incident of a server without casework as one with no units, nothing supervised or overdue', () => {
    expect(decodeIncident(flatIncident)).toMatchObject({
      units: [], level: null, levelLabel: null, supervision: null, mergedInto: null, dispatchSeconds: null, deadlines: {}, overdue: [],
    });
    expect(decodeIncident({ ...flatIncident, units: 'U1', supervision: { by: 'x' }, deadlines: [], overdue: 'accept', mergedInto: '12' }))
      .toMatchObject({ units: [], supervision: null, deadlines: {}, overdue: [], mergedInto: null });
  });

  it('read each step\'s action, target and deadline', () => {
    const { lon, lat, ...properties } = flatIncident;
    const detail = decodeIncidentDetail({
      type: 'Feature', id: 3248, geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { ...properties, status: 'merged', mergedInto: 3200, history: [
        { from: 'dispatched', to: 'dispatched', toLabel: '派遣', action: 'reassign', actionLabel: '改派', at: '2026-12-01T16:03:00Z', unit: 'U2', target: 'U1', note: '改派 滨城巡逻2号', due: null },
        { from: 'accepted', to: 'accepted', action: 'supervise', actionLabel: '督办', at: '2026-12-01T16:04:00Z', due: '2026-12-03T10:00:00Z', note: '今日办结' },
        { from: 'accepted', to: 'merged', action: 'merge', actionLabel: '合并', at: '2026-12-01T16:05:00Z', target: '3200' },
      ] },
    });
    expect(detail?.mergedInto).toBe(3200);
    expect(detail?.history.map((t) => [t.action, t.actionLabel, t.unit, t.target, t.due])).toEqual([
      ['reassign', '改派', 'U2', 'U1', null], ['supervise', '督办', null, null, '2026-12-03T10:00:00Z'], ['merge', '合并', null, '3200', null],
    ]);
  });

  it('make optional fields null rather than trusting their type', () => {
    const a = decodeAlert({ id: 1, kind: 'post_unstaffed', severity: 'warning', title: 7, raisedAt: '2026-12-01T22:55:03Z', acknowledged: false, lon: '118' });
    expect(a).toMatchObject({ id: 1, title: '', lon: null, lat: null, detail: null, ackedBy: null });
    const u = decodeUnit({ id: 'U1', kind: 'police_car', status: 'available', lon: null, lat: null, speed: 'fast' });
    expect(u).toMatchObject({ id: 'U1', callSign: 'U1', lon: null, speed: null });
  });

  it('read nearest units with their distance, ETA and, for an incident, their role', () => {
    const list = decodeNearestUnits({ type: 'FeatureCollection', features: [
      { type: 'Feature', id: 'U000022', geometry: { type: 'Point', coordinates: [118.0035, 37.4039] },
        properties: { id: 'U000022', callSign: '滨城巡逻22号', kind: 'police_car', status: 'available', distance: 539.0, etaSeconds: 65 } },
      { type: 'Feature', id: 'broken', geometry: null, properties: {} },
      { type: 'Feature', id: 'U000023', geometry: { type: 'Point', coordinates: [118.0, 37.4] },
        properties: { id: 'U000023', callSign: '滨城网格23号', kind: 'grid_worker', status: 'available', distance: 80, etaSeconds: 19, role: 'support' } },
    ] });
    expect(list).toEqual([
      { id: 'U000022', callSign: '滨城巡逻22号', kind: 'police_car', status: 'available', lon: 118.0035, lat: 37.4039, distance: 539, etaSeconds: 65, role: null },
      { id: 'U000023', callSign: '滨城网格23号', kind: 'grid_worker', status: 'available', lon: 118.0, lat: 37.4, distance: 80, etaSeconds: 19, role: 'support' },
    ]);
  });

  it('keep the well-formed parts of stats and leave the others out', () => {
    const s = decodeStats({
      time: '2026-12-01T22:54:21Z',
      incidentsToday: { total: 3, byCategory: { fraud: 2, dispute: 1, bogus: 'x' } },
      trend24h: [{ hour: '2026-12-01T21:00:00Z', count: 2 }, { hour: '2026-12-01T22:00:00Z' }],
      units: { byKind: { police_car: { available: 3, busy: 1 } } },
      alerts: 'none',
      posts: [{ code: '371600', name: '滨州市', windows: 10, decided: 2, onTime: 2, rate: 1 }, { name: 'no code' }],
    });
    expect(s).toEqual({
      time: '2026-12-01T22:54:21Z',
      incidentsToday: { total: 3, byCategory: { fraud: 2, dispute: 1 } },
      trend24h: [{ hour: '2026-12-01T21:00:00Z', count: 2 }],
      units: { byKind: { police_car: { available: 3, busy: 1 } } },
      posts: [{ code: '371600', name: '滨州市', windows: 10, decided: 2, rate: 1 }],
    });
    expect('alerts' in s).toBe(false);
  });
});
