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
    expect(detail?.history).toEqual([
      { from: null, to: 'reported', actor: '调度员（演示）', actorId: 'dispatcher', at: '2026-12-01T22:52:35Z', note: null, unit: null },
      { from: 'reported', to: 'accepted', actor: null, actorId: null, at: '2026-12-01T22:53:00Z', note: null, unit: null },
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
