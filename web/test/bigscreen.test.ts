// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FALLBACK_COLOR } from '../src/common/palette';
import type { Stats } from '../src/domain/records';
import type { StatsPanels } from '../src/bigscreen/panels';
import { SHOWN_GROUPS } from '../src/bigscreen/alert-ticker';
import { SHOWN_URGENT } from '../src/bigscreen/urgent-board';
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

const group = (id: string, severity: string, count: number, minutesAgo: number, extra: Record<string, unknown> = {}) => ({
  id, kind: id.split('.')[0], level: 'county', areaCode: id.split('.')[2], areaName: '滨城区', count, severity,
  newest: iso(-minutesAgo * 60_000), title: `滨城区 ${count} 个告警`, members: Array.from({ length: count }, (_, k) => k + 1),
  membersHref: `/api/v1/alerts?open=true&group=${id}`, ...extra,
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
  const groupIds = () => [...doc.querySelectorAll<HTMLElement>('#alerts li.group')].map((li) => li.dataset.group);

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    doc = loadPage('index.html');
    feed = new FakeFeed();
    map = new FakeMap();
    panels = new RecordingPanels();
    api = new FakeApi()
      .answer('GET', '/api/v1/alerts', () => ({ alerts: [] }))
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
      alerts: { hours: 24 }, alertGroups: {}, stats: {}, tiles: { layers: ['grids'] },
    });
  });

  it('shows the alert groups most severe first, then newest, coloured by severity, the fresh ones marked', () => {
    feed.snapshot('alertGroups', 1, { level: 'county', open: 6, items: [
      group('post_unstaffed.county.371602', 'warning', 3, 5), group('near_repeat.county.371603', 'critical', 1, 30),
      group('grid_uncovered.county.371602', 'warning', 2, 1),
    ] });
    expect(groupIds()).toEqual(['near_repeat.county.371603', 'grid_uncovered.county.371602', 'post_unstaffed.county.371602']);
    expect(text('alert-open')).toBe('6'); // the groups' count until the server's arrives
    const first = alertRows()[0];
    expect(first.querySelector('.t')?.textContent).toBe('滨城区 1 个告警');
    expect(first.querySelector('.tag')?.textContent).toBe('近重复风险');
    expect(first.querySelector('.tag')?.getAttribute('style')).toContain('#ff1744');
    expect(first.getAttribute('style')).toContain('#ff1744');
    expect(first.querySelector('.meta')?.textContent).toContain('紧急');
    expect(alertRows().some((li) => li.classList.contains('new'))).toBe(false); // a snapshot is what was there

    // A newer alert joins a group, another group is acknowledged away.
    feed.delta('alertGroups', 2, { upsert: [group('post_unstaffed.county.371602', 'critical', 4, 0)], remove: ['near_repeat.county.371603'] });
    expect(groupIds()).toEqual(['post_unstaffed.county.371602', 'grid_uncovered.county.371602']);
    expect(alertRows()[0].classList.contains('new')).toBe(true);
    expect(alertRows()[1].classList.contains('new')).toBe(false);
    expect(text('alert-open')).toBe('6');

    feed.resync('alertGroups');
    expect(text('alert-open')).toBe('0');
    expect(alertRows().map((li) => li.textContent)).toEqual(['暂无告警']);
  });

  it('opens a group to its members with one click, from the server, and closes it with another', async () => {
    api.answer('GET', '/api/v1/alerts', (c) => ({
      alerts: [alert(3, 1, { title: '三号' }), alert(2, 2, { severity: 'critical', title: '二号' }), alert(1, 3, { title: '一号' })],
      query: c.query,
    }));
    feed.snapshot('alertGroups', 1, { items: [group('near_repeat.county.371602', 'critical', 3, 1), group('post_unstaffed.county.371603', 'warning', 1, 5)] });
    const head = () => doc.querySelector<HTMLElement>('#alerts li.group[data-group="near_repeat.county.371602"]');
    head()?.click();
    expect(alertRows().map((li) => li.textContent?.trim())).toContain('加载中…');
    await vi.advanceTimersByTimeAsync(1);
    expect(api.calls.filter((c) => c.path === '/api/v1/alerts').map((c) => c.query)).toEqual([
      { open: 'true', group: 'near_repeat.county.371602', limit: 500 },
    ]);
    const members = () => [...doc.querySelectorAll<HTMLElement>('#alerts li.member')].map((li) => li.querySelector('.t')?.textContent);
    expect(members()).toEqual(['二号', '三号', '一号']); // most severe first, then newest
    expect(head()?.classList.contains('open')).toBe(true);
    // The members follow the group while it is open.
    feed.delta('alertGroups', 2, { upsert: [group('near_repeat.county.371602', 'critical', 2, 0, { members: [2, 3] })], remove: [] });
    await vi.advanceTimersByTimeAsync(1);
    expect(api.calls.filter((c) => c.path === '/api/v1/alerts')).toHaveLength(2);
    head()?.click();
    expect(members()).toEqual([]);
    expect(head()?.classList.contains('open')).toBe(false);
    // A group that goes away while open closes.
    doc.querySelector<HTMLElement>('#alerts li.group[data-group="post_unstaffed.county.371603"]')?.click();
    feed.delta('alertGroups', 3, { upsert: [], remove: ['post_unstaffed.county.371603'] });
    expect(alertRows().filter((li) => li.classList.contains('member'))).toEqual([]);
  });

  it('keeps a bounded number of alerts however many arrive', () => {
    feed.snapshot('alerts', 1, { items: [] });
    for (let k = 1; k <= MAX_ALERTS + 50; k += 50) {
      feed.delta('alerts', 1 + k, { items: Array.from({ length: 50 }, (_, j) => alert(k + j, 1000 - k - j)) });
    }
    expect(screen.alerts.size).toBe(MAX_ALERTS);
    expect(screen.alerts.list()[0].id).toBe(MAX_ALERTS + 50);
    feed.snapshot('alertGroups', 1, { items: Array.from({ length: 80 }, (_, k) => group(`near_repeat.county.3716${String(k).padStart(2, '0')}`, 'info', 1, k)) });
    expect(groupIds()).toHaveLength(SHOWN_GROUPS);
  });

  it('labels groups from the vocabulary, and an alert kind it does not know by its id', () => {
    feed.snapshot('alertGroups', 1, { items: [group('near_repeat.county.371602', 'warning', 1, 5), group('drone_sighting.county.371602', 'severe', 1, 1)] });
    const tags = alertRows().map((li) => li.querySelector('.tag'));
    expect(tags.map((t) => t?.textContent)).toEqual(['近重复风险', 'drone_sighting']);
    expect(tags[1]?.getAttribute('style')).toContain(FALLBACK_COLOR);
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
    feed.snapshot('alertGroups', 1, { items: [group('post_unstaffed.county.371602', 'warning', 2, 30)] });
    expect(text('alert-open')).toBe('2'); // until the server's count arrives
    feed.snapshot('stats', 1, { alerts: { open: 210 } });
    expect(text('alert-open')).toBe('210');
    feed.delta('alertGroups', 2, { upsert: [group('post_unstaffed.county.371603', 'warning', 1, 0)], remove: [] });
    expect(text('alert-open')).toBe('210'); // the page shows 2 groups of 3; the server counts 210
    expect(alertRows()).toHaveLength(2);
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

  it('shows an open SOS by itself on top of the alert panel, flashing on the map, until acknowledged; the count is the server\'s', async () => {
    const sos = (id: number, minutesAgo: number, extra: Record<string, unknown> = {}) => alert(id, minutesAgo, {
      kind: 'sos', severity: 'critical', title: `滨城巡逻${id}号 紧急求助`, detail: `位于测试网格。最近可用：滨城步巡2号 300 米，约 4 分钟`,
      lon: 118 + id / 1000, ...extra,
    });
    api.answer('GET', '/api/v1/alerts', () => ({ alerts: [] }));
    feed.snapshot('alerts', 1, { items: [] });
    feed.snapshot('stats', 1, { alerts: { open: 41 } });
    feed.snapshot('alertGroups', 1, { level: 'county', open: 41, items: [
      group('post_unstaffed.county.371602', 'warning', 40, 5),
    ] });
    const pinned = () => [...doc.querySelectorAll<HTMLElement>('#urgent-alerts li')];
    expect(doc.getElementById('urgent-alerts')?.hidden).toBe(true);
    // an SOS comes, and with it its group (one member: shown by itself, so the group is not listed)
    feed.delta('alerts', 2, { items: [sos(7, 0)] });
    feed.delta('alertGroups', 2, { upsert: [group('sos.county.371602', 'critical', 1, 0, { members: [7] })], remove: [] });
    expect(doc.getElementById('urgent-alerts')?.hidden).toBe(false);
    expect(pinned().map((li) => [li.dataset.id, li.querySelector('.tag')?.textContent, li.querySelector('.t')?.textContent])).toEqual([
      ['7', '紧急求助', '滨城巡逻7号 紧急求助'],
    ]);
    expect(pinned()[0].querySelector('.meta')?.textContent).toContain('最近可用：滨城步巡2号 300 米');
    expect(groupIds()).toEqual(['post_unstaffed.county.371602']);
    expect(text('alert-open')).toBe('41');
    expect(map.markers.get('urgent')).toEqual([{ id: '7', at: [118.007, 37.4], className: 'urgent urgent-sos', title: '滨城巡逻7号 紧急求助' }]);
    // acknowledged in the console: it goes from the panel and the map
    feed.delta('alerts', 3, { items: [sos(7, 0, { acknowledged: true, ackedBy: '调度员' })] });
    feed.delta('alertGroups', 3, { upsert: [], remove: ['sos.county.371602'] });
    expect(doc.getElementById('urgent-alerts')?.hidden).toBe(true);
    expect(map.markers.get('urgent')).toEqual([]);
  });

  it('never folds an SOS into a group out of sight: beyond those shown one by one, their group stays listed', async () => {
    const many = Array.from({ length: SHOWN_URGENT + 2 }, (_, k) => alert(100 + k, k, { kind: 'sos', severity: 'critical', title: `步巡${k} 紧急求助` }));
    api.answer('GET', '/api/v1/alerts', () => ({ alerts: many }));
    feed.snapshot('alerts', 1, { items: many });
    await vi.advanceTimersByTimeAsync(0);
    feed.snapshot('alertGroups', 1, { level: 'county', open: many.length, items: [
      group('sos.county.371602', 'critical', many.length, 0, { members: many.map((a) => a.id) }),
    ] });
    const pinned = [...doc.querySelectorAll<HTMLElement>('#urgent-alerts li')];
    expect(pinned.filter((li) => li.dataset.id).map((li) => Number(li.dataset.id))).toEqual(many.slice(0, SHOWN_URGENT).map((a) => a.id));
    expect(pinned.at(-1)?.textContent).toBe('另有 2 条紧急告警');
    expect(groupIds()).toEqual(['sos.county.371602']);
    expect(map.markers.get('urgent')).toHaveLength(many.length);
  });

  it('keeps a fresh group marked when an alert that is not urgent arrives after it', () => {
    feed.snapshot('alerts', 1, { items: [] });
    feed.snapshot('alertGroups', 1, { level: 'county', open: 1, items: [group('near_repeat.county.371602', 'warning', 1, 5)] });
    feed.delta('alertGroups', 2, { upsert: [group('near_repeat.county.371602', 'warning', 2, 0)], remove: [] });
    expect(alertRows()[0].classList.contains('new')).toBe(true);
    feed.delta('alerts', 2, { items: [alert(9, 0)] });
    expect(alertRows()[0].classList.contains('new')).toBe(true);
  });
});
