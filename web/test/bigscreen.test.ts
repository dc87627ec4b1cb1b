// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FALLBACK_COLOR } from '../src/common/palette';
import type { Stats } from '../src/domain/records';
import type { StatsPanels } from '../src/bigscreen/panels';
import { BigScreen, MAX_ALERTS } from '../src/bigscreen/screen';
import { FakeApi, FakeFeed, FakeMap, loadPage, testClock, vocabulary } from './support/fakes';

const NOW = Date.parse('2026-12-01T08:00:00Z');
const iso = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

class RecordingPanels implements StatsPanels {
  stats: Stats | null = null;
  postRate: number | null | undefined = undefined;
  update(stats: Stats | null): void {
    this.stats = stats;
  }
  setPostRate(rate: number | null): void {
    this.postRate = rate;
  }
}

const alert = (id: number, minutesAgo: number, extra: Record<string, unknown> = {}) => ({
  id, kind: 'near_repeat', severity: 'warning', title: `告警${id}`, detail: null, areaCode: '371602001001001',
  lon: 118, lat: 37.4, raisedAt: iso(-minutesAgo * 60_000), acknowledged: false, ackedAt: null, ackedBy: null, ...extra,
});

const incident = (id: number, minutesAgo: number, extra: Record<string, unknown> = {}) => ({
  id, source: 'police_call', category: 'fraud', severity: 2, title: `事件${id}`, status: 'reported',
  gridCode: '371602001001001', gridName: '测试网格', reportedAt: iso(-minutesAgo * 60_000), unit: null, lon: 118 + id / 1000, lat: 37.4, ...extra,
});

const post = (id: string, state: string) => ({
  id, name: `学校${id}`, lon: 118, lat: 37.4, state, present: 1, required: 2, windowStart: iso(0), windowEnd: iso(40 * 60_000), late: false,
});

describe('BigScreen', () => {
  let doc: Document;
  let feed: FakeFeed;
  let map: FakeMap;
  let api: FakeApi;
  let panels: RecordingPanels;
  let screen: BigScreen;
  const text = (id: string) => doc.getElementById(id)?.textContent;
  const alertRows = () => [...doc.querySelectorAll('#alerts li')];

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    doc = loadPage('index.html');
    feed = new FakeFeed();
    map = new FakeMap();
    panels = new RecordingPanels();
    api = new FakeApi()
      .answer('GET', '/api/v1/key-places', () => ({ type: 'FeatureCollection', features: [] }))
      .answer('GET', '/api/v1/risk-zones', () => ({ type: 'FeatureCollection', features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [118, 37.4] }, properties: { category: 'fraud', radius: 200 } },
      ] }));
    screen = new BigScreen({ doc, map, live: feed, clock: testClock, api, vocabulary: vocabulary(), panels });
    screen.mount();
    screen.start();
  });

  afterEach(() => {
    screen.stop();
    vi.useRealTimers();
  });

  it('subscribes to every channel with its parameters and starts the feed', () => {
    expect(feed.started).toBe(true);
    expect(Object.fromEntries([...feed.subs].map(([k, s]) => [k, s.params]))).toEqual({
      units: {}, heat: { window: '24h', resolution: 7 }, coverage: { window: 30 }, incidents: { hours: 6 }, posts: {},
      alerts: { hours: 24 }, stats: {},
    });
  });

  it('counts the open alerts and lists them newest first as snapshots and deltas arrive', () => {
    feed.snapshot('alerts', 1, { items: [alert(1, 30), alert(2, 20, { acknowledged: true }), alert(3, 10)] });
    expect(text('alert-open')).toBe('2');
    expect(alertRows().map((li) => li.getAttribute('data-id'))).toEqual(['3', '2', '1']);
    expect(alertRows()[1].classList.contains('acked')).toBe(true);

    feed.delta('alerts', 2, { items: [alert(1, 30, { acknowledged: true, ackedBy: '调度员' })] });
    expect(text('alert-open')).toBe('1');
    feed.delta('alerts', 3, { items: [alert(4, 0)] });
    expect(text('alert-open')).toBe('2');
    expect(alertRows()[0].getAttribute('data-id')).toBe('4');
    expect(alertRows()[0].classList.contains('new')).toBe(true);
    expect(alertRows()[1].classList.contains('new')).toBe(false);

    feed.resync('alerts');
    expect(text('alert-open')).toBe('0');
    expect(alertRows().map((li) => li.textContent)).toEqual(['暂无告警']);
  });

  it('keeps a bounded number of alerts however many arrive', () => {
    feed.snapshot('alerts', 1, { items: [] });
    for (let k = 1; k <= MAX_ALERTS + 50; k += 50) {
      feed.delta('alerts', 1 + k, { items: Array.from({ length: 50 }, (_, j) => alert(k + j, 1000 - k - j)) });
    }
    expect(screen.alerts.size).toBe(MAX_ALERTS);
    expect(screen.alerts.list()[0].id).toBe(MAX_ALERTS + 50);
    expect(alertRows()).toHaveLength(60);
  });

  it('labels alerts from the vocabulary, and an alert kind it does not know by its id', () => {
    feed.snapshot('alerts', 1, { items: [alert(1, 5), alert(2, 1, { kind: 'drone_sighting', severity: 'severe' })] });
    const tags = alertRows().map((li) => li.querySelector('.tag'));
    expect(tags.map((t) => t?.textContent)).toEqual(['drone_sighting', '近重复风险']);
    expect(tags[0]?.getAttribute('style')).toContain(FALLBACK_COLOR);
  });

  it('draws map updates from all channels together, at most once a second', async () => {
    feed.snapshot('heat', 1, { window: '24h', resolution: 7, items: [{ id: 'a', lon: 118, lat: 37.4, count: 2 }] });
    feed.snapshot('incidents', 1, { items: [incident(1, 5)] });
    const live = () => map.draws.filter((s) => s === 'heat' || s === 'incidents');
    expect(live()).toEqual([]); // not drawn in the frame's handler
    await vi.advanceTimersByTimeAsync(1);
    expect(live().sort()).toEqual(['heat', 'incidents']);

    map.draws.length = 0;
    for (let k = 2; k <= 6; k++) feed.delta('heat', k, { upsert: [{ id: 'a', lon: 118, lat: 37.4, count: k }], remove: [] });
    feed.delta('incidents', 2, { items: [incident(2, 1)] });
    await vi.advanceTimersByTimeAsync(900);
    expect(live()).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(live().sort()).toEqual(['heat', 'incidents']);
    expect(map.properties('heat')).toEqual([{ count: 6 }]);
  });

  it('draws heat cells where they are, and drops the removed ones', async () => {
    feed.snapshot('heat', 1, { window: '24h', resolution: 7, items: [
      { id: 'a', lon: 118, lat: 37.4, count: 2 }, { id: 'b', lon: 117.9, lat: 37.3, count: 5 },
    ] });
    feed.delta('heat', 2, { upsert: [], remove: ['a'] });
    await vi.advanceTimersByTimeAsync(1);
    expect(map.features('heat')).toEqual([{ type: 'Feature', geometry: { type: 'Point', coordinates: [117.9, 37.3] }, properties: { count: 5 } }]);
  });

  it('colours grids by coverage: a snapshot clears first, a delta changes only what changed', async () => {
    feed.snapshot('coverage', 1, { window: 30, items: [{ id: 'g1', state: 'fresh' }, { id: 'g2', state: 'never' }] });
    await vi.advanceTimersByTimeAsync(1);
    feed.delta('coverage', 2, { upsert: [{ id: 'g2', state: 'covered' }], remove: ['g1'] });
    await vi.advanceTimersByTimeAsync(1000);
    expect(map.coverageCalls).toEqual([{ reset: true, changed: 2, removed: 0 }, { reset: false, changed: 1, removed: 1 }]);
    expect([...map.coverage]).toEqual([['g2', 'covered']]);
  });

  it('draws the incidents with a place, coloured by category, ringed while fresh', async () => {
    feed.snapshot('incidents', 1, { items: [
      incident(1, 60), incident(2, 5, { category: 'littering' }), incident(3, 1, { lon: null, lat: null }),
    ] });
    await vi.advanceTimersByTimeAsync(1);
    expect(map.properties('incidents')).toEqual([
      { id: 2, color: FALLBACK_COLOR, fresh: true },
      { id: 1, color: '#ffab40', fresh: false },
    ]);
    expect(text('kpi-incidents')).toBe('2');
    // fifteen minutes later the second is no longer fresh, without any news from the feed
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(map.properties('incidents')).toEqual([
      { id: 2, color: FALLBACK_COLOR, fresh: false },
      { id: 1, color: '#ffab40', fresh: false },
    ]);
  });

  it('draws posts by duty state, gives the on-post rate to the gauge, and redraws only on change', async () => {
    feed.snapshot('posts', 1, { items: [post('P1', 'staffed'), post('P2', 'missed'), post('P3', 'pending')] });
    await vi.advanceTimersByTimeAsync(1);
    expect(map.properties('posts')).toEqual([
      { id: 'P1', name: '学校P1', state: 'staffed', color: '#00e676' },
      { id: 'P2', name: '学校P2', state: 'missed', color: '#ff1744' },
      { id: 'P3', name: '学校P3', state: 'pending', color: '#40c4ff' },
    ]);
    expect(panels.postRate).toBe(0.5);
    const drawn = map.draws.filter((s) => s === 'posts').length;
    feed.delta('posts', 2, { upsert: [{ ...post('P3', 'pending'), present: 1 }], remove: [] }); // recomputed, same state
    await vi.advanceTimersByTimeAsync(1000);
    expect(map.draws.filter((s) => s === 'posts').length).toBe(drawn);
    feed.delta('posts', 3, { upsert: [post('P3', 'staffed')], remove: [] });
    await vi.advanceTimersByTimeAsync(1000);
    expect(map.draws.filter((s) => s === 'posts').length).toBe(drawn + 1);
    expect(panels.postRate).toBeCloseTo(2 / 3);
  });

  it('shows the headline statistics: panels, today\'s total, open alerts and units on duty', () => {
    feed.snapshot('stats', 1, {
      incidentsToday: { total: 12, byCategory: { fraud: 12 } }, alerts: { open: 4 },
      units: { byKind: { police_car: { available: 3, busy: 2, off_duty: 5 }, drone: { available: 1 } } },
    });
    expect(panels.stats?.incidentsToday?.total).toBe(12);
    expect([text('today-total'), text('kpi-open'), text('kpi-units')]).toEqual(['12', '4', '6']);
  });

  it('shows the server\'s count of open alerts over the list, not the rows it holds', () => {
    feed.snapshot('alerts', 1, { items: [alert(1, 30), alert(2, 20)] });
    expect(text('alert-open')).toBe('2'); // until the server's count arrives
    feed.snapshot('stats', 1, { alerts: { open: 210 } });
    expect(text('alert-open')).toBe('210');
    feed.delta('alerts', 2, { items: [alert(3, 0)] });
    expect(text('alert-open')).toBe('210'); // the page holds 3 rows; the server counts 210
    expect(alertRows()).toHaveLength(3);
  });

  it('moves units on the map', async () => {
    const unit = (lon: number) => ({ id: 'U1', callSign: '滨城巡逻1号', kind: 'police_car', status: 'available', lon, lat: 37.4, time: iso(0), speed: 8, heading: 90 });
    feed.snapshot('units', 1, { items: [unit(118)] });
    await vi.advanceTimersByTimeAsync(20);
    expect(map.features('units').map((f) => f.geometry)).toEqual([{ type: 'Point', coordinates: [118, 37.4] }]);
    feed.delta('units', 2, { upsert: [unit(118.01)], remove: [] });
    await vi.advanceTimersByTimeAsync(3000); // the glide takes 2 s
    expect(map.features('units').map((f) => f.geometry)).toEqual([{ type: 'Point', coordinates: [118.01, 37.4] }]);
    feed.delta('units', 3, { upsert: [], remove: ['U1'] });
    await vi.advanceTimersByTimeAsync(1000);
    expect(map.features('units')).toEqual([]);
  });

  it('switches the heat window and category from its tools, and the resolution as the map zooms', () => {
    const buttons = [...doc.querySelectorAll<HTMLButtonElement>('#heat-window button')];
    expect(buttons.map((b) => b.textContent)).toEqual(['近1小时', '近24小时', '近7天', '近30天']);
    buttons[0].click();
    expect(feed.sub('heat').params).toEqual({ window: '1h', resolution: 7 });
    const select = doc.getElementById('heat-category') as HTMLSelectElement;
    expect(select.options.length).toBe(11);
    select.value = 'fraud';
    select.dispatchEvent(new Event('change'));
    expect(feed.sub('heat').params).toEqual({ window: '1h', resolution: 7, categories: ['fraud'] });
    map.zoomTo(11); // one finer than docs/live-protocol.md's mapping, for a big screen
    expect(feed.sub('heat').params).toEqual({ window: '1h', resolution: 8, categories: ['fraud'] });
  });

  it('takes the legend and the popups\' words from the vocabulary', () => {
    const legend = text('legend') ?? '';
    for (const word of ['可用', '忙碌', '离岗', '已到岗', '到岗不足', '未到岗', '待到岗', '10 分钟内巡到']) expect(legend).toContain(word);
    map.click('units', { id: 'U1', callSign: '滨城巡逻1号', kind: 'police_car', status: 'busy' });
    map.click('posts', { id: 'P1', name: '学校P1', state: 'on_leave' });
    expect(map.popups.map((p) => p.content)).toEqual(['滨城巡逻1号<br>忙碌', '学校P1<br>on_leave']);
  });

  it('polls risk zones and shows their number', async () => {
    await vi.advanceTimersByTimeAsync(1);
    expect(text('kpi-risk')).toBe('1');
    expect(map.features('risk')[0].geometry?.type).toBe('Polygon');
  });

  it('shows the connection state and the time', () => {
    feed.setState('open');
    expect(doc.getElementById('conn')?.dataset.state).toBe('open');
    expect(text('conn')).toBe('实时连接正常');
    expect(text('clock')).toMatch(/^2026-12-01 星期二 \d\d:00:00$/);
  });
});
