// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { timeOfDay } from '../src/common/format';
import { DispatchConsole } from '../src/dispatch/console';
import { HELPERS, URGENT_ZOOM, placeName } from '../src/dispatch/sos';
import { type ApiCall, FakeApi, FakeFeed, FakeMap, loadPage, testClock, vocabulary } from './support/fakes';

const NOW = Date.parse('2026-12-01T08:00:00Z');
const iso = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

/** An alert as the alerts channel sends it. */
const alert = (id: number, extra: Record<string, unknown> = {}) => ({
  id, kind: 'sos', severity: 'critical', title: `滨城巡逻${id}号 紧急求助`,
  detail: `巡逻车 滨城巡逻${id}号（滨城分局）紧急报警，定位时间 15:59:58，位于黄河五路社区第3网格。最近可用：滨城步巡2号 300 米，约 4 分钟`,
  areaCode: '371602001001001', lon: 118 + id / 1000, lat: 37.4, raisedAt: iso(-2000), acknowledged: false, ackedAt: null, ackedBy: null, ...extra,
});

const unitFeature = (id: string, callSign: string, lon: number, extra: Record<string, unknown> = {}) => ({
  type: 'Feature', id, geometry: { type: 'Point', coordinates: [lon, 37.4] },
  properties: { id, callSign, kind: 'police_car', status: 'available', ...extra },
});

describe('the console\'s urgent alerts (紧急求助)', () => {
  let doc: Document;
  let feed: FakeFeed;
  let map: FakeMap;
  let api: FakeApi;
  let desk: DispatchConsole;
  let sounds: number;
  /** the server's open urgent alerts, as GET /api/v1/alerts?kind=sos,device_alarm&open=true answers */
  let open: Record<string, unknown>[];
  const cards = () => [...doc.querySelectorAll<HTMLElement>('#sos .sos-card')];
  const banner = () => doc.getElementById('sos') as HTMLElement;
  const gets = (path: string) => api.calls.filter((c): c is ApiCall => c.method === 'GET' && c.path === path);
  /** The alerts snapshot, the server holding the same open ones. */
  const snapshot = (...items: Record<string, unknown>[]) => {
    open = items.filter((a) => a.acknowledged === false);
    feed.snapshot('alerts', 1, { items });
  };
  const start = (canAcknowledge = true) => {
    desk = new DispatchConsole({
      doc, map, live: feed, clock: testClock, api, vocabulary: vocabulary(), canAcknowledge, sound: { play: () => void sounds++ },
    });
    desk.mount();
    desk.start();
    feed.snapshot('units', 1, { items: [{ id: 'U1', callSign: '滨城巡逻1号', kind: 'police_car', status: 'available', lon: 118.001, lat: 37.4, time: iso(-2000) }] });
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    doc = loadPage('dispatch.html');
    feed = new FakeFeed();
    map = new FakeMap();
    sounds = 0;
    open = [];
    api = new FakeApi()
      .answer('GET', '/api/v1/alerts', () => ({ alerts: open }))
      // the caller itself is the nearest available unit: it is left out of the help
      .answer('GET', '/api/v1/units/nearest', () => ({ type: 'FeatureCollection', features: [
        unitFeature('U1', '滨城巡逻1号', 118.001, { distance: 0, etaSeconds: 0 }),
        unitFeature('U2', '滨城步巡2号', 118.004, { kind: 'foot_patrol', distance: 300, etaSeconds: 240 }),
        unitFeature('U3', '滨城巡逻3号', 118.01, { distance: 1500, etaSeconds: 180 }),
        unitFeature('U4', '滨城保安4号', 118.02, { kind: 'security_guard', distance: 2500, etaSeconds: 1500 }),
      ] }))
      .answer('GET', '/api/v1/lookup', () => ({ county: { code: '371602', name: '滨城区' }, township: { code: '371602001', name: '市中街道' },
        grid: { code: '371602001001001', name: '黄河五路社区第3网格' } }))
      .answer('GET', '/api/v1/units/U1', () => unitFeature('U1', '滨城巡逻1号', 118.001, { time: iso(-2000), device: { battery: 64, alarms: ['sos'], alarmLabels: ['紧急报警'] } }))
      .answer('POST', '/api/v1/alerts/1/ack', () => alert(1, { acknowledged: true, ackedBy: '调度员', ackedAt: iso(0) }));
    start();
  });

  afterEach(() => {
    desk.stop();
    vi.useRealTimers();
  });

  it('shows an SOS at once, on top, with the call sign, kind, time, place, terminal and the nearest help', async () => {
    snapshot();
    await vi.advanceTimersByTimeAsync(0);
    expect(banner().hidden).toBe(true);
    expect(doc.body.classList.contains('sos-on')).toBe(false);

    feed.delta('alerts', 2, { items: [alert(1)] });
    // drawn in the same turn as the frame: no throttle between the channel and the banner
    expect(banner().hidden).toBe(false);
    expect(doc.body.classList.contains('sos-on')).toBe(true);
    expect(cards()).toHaveLength(1);
    const card = cards()[0];
    expect(card.querySelector('.who')?.textContent).toBe('滨城巡逻1号');
    expect(card.querySelector('.tag')?.textContent).toBe('紧急求助');
    expect(card.querySelector('.when')?.textContent).toBe(`${timeOfDay(iso(-2000))} · 2 秒前`);
    expect(card.querySelector('.what')?.textContent).toBe('巡逻车 滨城巡逻1号（滨城分局）紧急报警，定位时间 15:59:58，位于黄河五路社区第3网格');
    expect(doc.querySelector('#sos .sos-head b')?.textContent).toBe('紧急求助 1 起');
    // the map flies there and a pulsing marker stays on it; the tone sounds
    expect(map.flights).toEqual([{ center: [118.001, 37.4], zoom: URGENT_ZOOM }]);
    expect(map.markers.get('urgent')).toEqual([{ id: '1', at: [118.001, 37.4], className: 'urgent urgent-sos', title: '滨城巡逻1号 紧急求助' }]);
    expect(sounds).toBe(1);

    await vi.advanceTimersByTimeAsync(0);
    expect(gets('/api/v1/units/nearest').map((c) => c.query)).toEqual([{ lon: 118.001, lat: 37.4, k: HELPERS + 1 }]);
    const help = [...doc.querySelectorAll('#sos .sos-card tr[data-unit]')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(help).toEqual([
      ['滨城步巡2号', '步巡', '300 米', '4 分钟'], ['滨城巡逻3号', '巡逻车', '1.5 公里', '3 分钟'], ['滨城保安4号', '保安', '2.5 公里', '25 分钟'],
    ]);
    expect(doc.querySelector('#sos .place')?.textContent).toBe('滨城区 市中街道 黄河五路社区第3网格');
    // the terminal of the unit with the call sign: its battery and alarms
    expect(gets('/api/v1/units/U1')).toHaveLength(1);
    expect([...doc.querySelectorAll('#sos dl.device dd')].map((dd) => dd.textContent)).toEqual(['64%', '紧急报警']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(cards()[0].querySelector('.ago')?.textContent).toBe('5 秒前');
  });

  it('stays until acknowledged; the acknowledgement goes to the server and the alert list shows it', async () => {
    snapshot(alert(1));
    await vi.advanceTimersByTimeAsync(0);
    // other alerts come and go; the banner stays
    feed.delta('alerts', 2, { items: [alert(5, { kind: 'overdue', severity: 'warning', title: '案件超时' })] });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(cards().map((c) => c.dataset.id)).toEqual(['1']);
    doc.querySelector<HTMLButtonElement>('#sos .sos-ack-btn[data-id="1"]')?.click();
    await vi.advanceTimersByTimeAsync(300);
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => [c.path, c.body])).toEqual([['/api/v1/alerts/1/ack', {}]]);
    expect(banner().hidden).toBe(true);
    expect(doc.body.classList.contains('sos-on')).toBe(false);
    expect(map.markers.get('urgent')).toEqual([]);
    expect(doc.getElementById('toast')?.textContent).toBe('已确认：滨城巡逻1号 紧急求助');
    expect(doc.querySelector('#alert-list li[data-id="1"]')?.classList.contains('acked')).toBe(true);
  });

  it('keeps the banner and says so when the acknowledgement fails', async () => {
    snapshot(alert(2));
    await vi.advanceTimersByTimeAsync(0);
    doc.querySelector<HTMLButtonElement>('#sos .sos-ack-btn[data-id="2"]')?.click();
    await vi.advanceTimersByTimeAsync(300);
    expect(cards().map((c) => c.dataset.id)).toEqual(['2']);
    expect(doc.getElementById('toast')?.textContent).toBe('确认失败：HTTP 404 POST /api/v1/alerts/2/ack');
    expect(doc.querySelector<HTMLButtonElement>('#sos .sos-ack-btn')?.disabled).toBe(false);
  });

  it('stacks several, the newest on top, and lets go of one another dispatcher acknowledged', async () => {
    snapshot();
    feed.delta('alerts', 2, { items: [alert(1, { raisedAt: iso(-5000) })] });
    feed.delta('alerts', 3, { items: [alert(2, { raisedAt: iso(-1000) }), alert(3, { kind: 'device_alarm', title: '滨城巡逻3号 跌倒报警', raisedAt: iso(0) })] });
    expect(cards().map((c) => [c.dataset.id, c.dataset.kind])).toEqual([['2', 'sos'], ['1', 'sos'], ['3', 'device_alarm']]);
    expect(doc.querySelector('#sos .sos-head b')?.textContent).toBe('紧急求助 2 起 · 终端报警 1 起');
    expect(cards()[2].querySelector('.tag')?.textContent).toBe('终端报警');
    expect(map.flights.at(-1)).toEqual({ center: [118.002, 37.4], zoom: URGENT_ZOOM }); // the newest SOS of those that came
    expect(sounds).toBe(2);
    // the same alert again (a resumed subscription) is held once, and does not sound again
    feed.delta('alerts', 4, { items: [alert(2, { raisedAt: iso(-1000) })] });
    expect(cards()).toHaveLength(3);
    expect(sounds).toBe(2);
    feed.delta('alerts', 5, { items: [alert(2, { acknowledged: true, ackedBy: '另一调度员', raisedAt: iso(-1000) })] });
    expect(cards().map((c) => c.dataset.id)).toEqual(['1', '3']);
    expect(map.markers.get('urgent')?.map((m) => m.id)).toEqual(['1', '3']);
  });

  it('lists a device alarm below critical in the alert list, with its colour, and no banner', async () => {
    snapshot(alert(4, { kind: 'device_alarm', severity: 'warning', title: '滨城巡逻4号 超速报警' }));
    await vi.advanceTimersByTimeAsync(300);
    expect(banner().hidden).toBe(true);
    const li = doc.querySelector<HTMLElement>('#alert-list li[data-id="4"]');
    expect(li?.classList.contains('sev-warning')).toBe(true);
    expect(li?.querySelector('.tag')?.textContent).toBe('终端报警');
    expect(li?.querySelector<HTMLElement>('.tag')?.style.background).toBe('#ffab40');
  });

  it('after a snapshot, reads the open ones from the server: an old one missed joins, one acknowledged while away goes', async () => {
    snapshot(alert(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(gets('/api/v1/alerts').map((c) => c.query)).toEqual([{ kind: 'sos,device_alarm', open: 'true', limit: 500 }]);
    // a reconnect: the channel resets, the banner holds; the server now has 1 acknowledged, and an SOS older than the snapshot's 24 hours open
    feed.resync('alerts');
    expect(cards()).toHaveLength(1);
    open = [alert(9, { raisedAt: iso(-30 * 3600_000) })];
    feed.snapshot('alerts', 10, { items: [] });
    await vi.advanceTimersByTimeAsync(0);
    expect(cards().map((c) => c.dataset.id)).toEqual(['9']);
  });

  it('shows a banner without the button to a user who may not acknowledge', async () => {
    desk.stop();
    doc = loadPage('dispatch.html');
    feed = new FakeFeed();
    start(false);
    snapshot(alert(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(cards()).toHaveLength(1);
    expect(doc.querySelector('#sos .sos-ack-btn')).toBeNull();
    expect(doc.querySelector('#sos .no-ack')?.textContent).toBe('无确认权限');
  });

  it('flies to the place again on 定位', async () => {
    map.zoomLevel = 16;
    snapshot(alert(1));
    await vi.advanceTimersByTimeAsync(0);
    doc.querySelector<HTMLButtonElement>('#sos .locate-btn')?.click();
    expect(map.flights).toEqual([{ center: [118.001, 37.4], zoom: 16 }, { center: [118.001, 37.4], zoom: 16 }]);
  });
});

describe('the console\'s unit popup', () => {
  it('shows what the unit\'s terminal reported, in Chinese', async () => {
    vi.useFakeTimers({ now: NOW });
    try {
      const doc = loadPage('dispatch.html');
      const map = new FakeMap();
      const api = new FakeApi().answer('GET', '/api/v1/units/U7', () => unitFeature('U7', '滨城巡逻7号', 118.01, {
        time: iso(-90_000), device: { battery: 76, charging: true, ignition: true, satellites: 11, odometer: 5200, fuel: 30, alarms: [] },
      }));
      const { AreaTools } = await import('../src/dispatch/area');
      const tools = new AreaTools({
        doc, map, api, clock: testClock, vocabulary: vocabulary(), units: new DispatchConsole({
          doc, map, live: new FakeFeed(), clock: testClock, api, vocabulary: vocabulary(),
        }).units, unitName: (id) => id, select: () => {},
      });
      tools.mount({ active: false, start: () => {}, clear: () => {} });
      map.click('units', { id: 'U7', callSign: '滨城巡逻7号', kind: 'police_car', status: 'available' });
      const popup = map.popups.at(-1)?.content as HTMLElement;
      expect(popup.querySelector('.unit-device')?.textContent).toBe('读取终端状态…');
      await vi.advanceTimersByTimeAsync(0);
      const rows = [...popup.querySelectorAll('dl.device dt')].map((dt) => `${dt.textContent} ${dt.nextElementSibling?.textContent}`);
      expect(rows.slice(0, 5)).toEqual(['电量 76%（充电中）', '点火 开', '卫星数 11 颗', '里程 5.2 公里', '油量 30.0 升']);
      expect(rows[5]).toMatch(/^最后定位时间 \d\d-\d\d \d\d:\d\d（1 分钟前）$/);
      expect(popup.querySelector('button')?.textContent).toBe('轨迹回放');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('placeName', () => {
  it('names the county, township and grid of a lookup, as far as it goes', () => {
    expect(placeName({ county: { name: '滨城区' }, township: { name: '市中街道' } })).toBe('滨城区 市中街道');
    expect(placeName({})).toBeNull();
    expect(placeName(null)).toBeNull();
  });
});
