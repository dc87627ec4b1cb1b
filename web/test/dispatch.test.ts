// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/common/api';
import { dateTime, localInput } from '../src/common/format';
import { DispatchConsole } from '../src/dispatch/console';
import type { Incident } from '../src/domain/records';
import { Vocabulary } from '../src/domain/vocabulary';
import { type ApiCall, FakeApi, FakeFeed, FakeMap, loadPage, testClock, vocabulary } from './support/fakes';
import { VOCABULARY_RESPONSE } from './support/vocabulary-fixture';

const NOW = Date.parse('2026-12-01T08:00:00Z');
const iso = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

/** An incident as the incidents channel sends it. */
const incident = (id: number, status: string, extra: Partial<Incident> = {}): Incident => ({
  id, source: 'police_call', category: 'public_order', severity: 2, title: `事件${id}`, description: null, status,
  gridCode: '371602001001001', gridName: `网格${id}`, reportedAt: iso(-id * 60_000), updatedAt: iso(0), unit: null,
  responseSeconds: null, lon: 118 + id / 1000, lat: 37.4,
  units: [], level: 'village', levelLabel: '村（社区）', supervision: null, mergedInto: null, dispatchSeconds: null, deadlines: {}, overdue: [],
  ...extra,
});

/** The same incident as GET /api/v1/incidents/{id} answers: a Feature with the history (by default its report). */
const feature = (item: Incident, history: readonly Record<string, unknown>[] = [
  { from: null, to: 'reported', toLabel: '上报', action: 'status', actionLabel: '状态变更', actor: '调度员（演示）', actorId: 'dispatcher', at: item.reportedAt, note: null, unit: null },
]) => {
  const { lon, lat, ...properties } = item;
  return { type: 'Feature', id: item.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { ...properties, history } };
};

/** A unit on a case. */
const onCase = (unit: string, role: 'lead' | 'support', onScene = false) => ({ unit, role, onScene, sentAt: iso(-120_000) });

const nearest = {
  type: 'FeatureCollection', features: [
    { type: 'Feature', id: 'U1', geometry: { type: 'Point', coordinates: [118.001, 37.4] },
      properties: { id: 'U1', callSign: '滨城巡逻1号', kind: 'police_car', status: 'available', distance: 90, etaSeconds: 12, role: 'lead' } },
    { type: 'Feature', id: 'U2', geometry: { type: 'Point', coordinates: [118.01, 37.4] },
      properties: { id: 'U2', callSign: '滨城步巡2号', kind: 'foot_patrol', status: 'available', distance: 1500, etaSeconds: 900, role: 'support' } },
  ],
};

const alert = (id: number, acknowledged: boolean, extra: Record<string, unknown> = {}) => ({
  id, kind: 'post_unstaffed', severity: 'warning', title: `告警${id}`, detail: null, areaCode: null, lon: 118, lat: 37.4,
  raisedAt: iso(-id * 60_000), acknowledged, ackedAt: null, ackedBy: null, ...extra,
});

describe('DispatchConsole', () => {
  let doc: Document;
  let feed: FakeFeed;
  let map: FakeMap;
  let api: FakeApi;
  let desk: DispatchConsole;
  /** the server's incidents, by id, as REST answers them */
  let server: Map<number, Incident>;
  const queueIds = () => [...doc.querySelectorAll<HTMLElement>('#queue li')].map((li) => Number(li.dataset.id));
  const buttons = (selector: string) => [...doc.querySelectorAll<HTMLButtonElement>(selector)];
  const posts = (path: string) => api.calls.filter((c): c is ApiCall & { body: unknown } => c.method === 'POST' && c.path === path).map((c) => c.body);
  const filter = async (id: string, value: string) => {
    const el = doc.getElementById(id) as HTMLSelectElement | HTMLInputElement;
    el.value = value;
    el.dispatchEvent(new Event('input'));
    await vi.advanceTimersByTimeAsync(300);
  };
  const select = async (id: number) => {
    doc.querySelector<HTMLElement>(`#queue li[data-id="${id}"]`)?.click();
    await vi.advanceTimersByTimeAsync(300);
  };

  beforeEach(async () => {
    vi.useFakeTimers({ now: NOW });
    doc = loadPage('dispatch.html');
    feed = new FakeFeed();
    map = new FakeMap();
    server = new Map();
    const byPath = (c: ApiCall) => {
      const item = server.get(Number(/\/incidents\/(\d+)/.exec(c.path)?.[1]));
      if (!item) throw new Error('HTTP 404');
      return item;
    };
    api = new FakeApi()
      .answer('GET', '/api/v1/alerts', () => ({ alerts: [] }))
      .answer('GET', '/api/v1/units/nearest', () => nearest)
      .answer('POST', '/api/v1/alerts/2/ack', () => alert(2, true, { ackedBy: '调度员', ackedAt: iso(0) }));
    for (const id of [1, 2, 3, 4, 5, 6, 7]) {
      api.answer('GET', `/api/v1/incidents/${id}`, (c) => feature(byPath(c)));
      api.answer('POST', `/api/v1/incidents/${id}/transitions`, (c) => {
        const item = byPath(c);
        const to = (c.body as { to: string }).to;
        server.set(item.id, { ...item, status: to });
        return feature(server.get(item.id)!);
      });
      api.answer('POST', `/api/v1/incidents/${id}/dispatch`, (c) => {
        const item = byPath(c);
        const { unit, role } = c.body as { unit: string; role?: 'lead' | 'support' };
        const lead = role !== 'support';
        server.set(item.id, {
          ...item, status: lead ? 'dispatched' : item.status, unit: lead ? unit : item.unit, units: [...item.units, onCase(unit, lead ? 'lead' : 'support')],
        });
        return feature(server.get(item.id)!);
      });
      api.answer('POST', `/api/v1/incidents/${id}/recall`, (c) => {
        const item = byPath(c);
        const { unit } = c.body as { unit: string };
        const units = item.units.filter((u) => u.unit !== unit);
        server.set(item.id, { ...item, units, unit: item.unit === unit ? null : item.unit, status: units.length ? item.status : 'accepted' });
        return feature(server.get(item.id)!);
      });
      api.answer('POST', `/api/v1/incidents/${id}/reassign`, (c) => {
        const item = byPath(c);
        const { from, unit } = c.body as { from: string; unit: string };
        server.set(item.id, { ...item, unit: item.unit === from ? unit : item.unit, units: item.units.map((u) => (u.unit === from ? { ...u, unit, onScene: false } : u)) });
        return feature(server.get(item.id)!);
      });
      api.answer('POST', `/api/v1/incidents/${id}/transfer`, (c) => {
        const item = byPath(c);
        const { level } = c.body as { level: string };
        server.set(item.id, { ...item, level, levelLabel: vocabulary().label('handlingLevels', level) });
        return feature(server.get(item.id)!);
      });
      api.answer('POST', `/api/v1/incidents/${id}/supervise`, (c) => {
        const item = byPath(c);
        const { due, note } = c.body as { due: string; note: string };
        server.set(item.id, { ...item, supervision: { due, note, by: '值班领导（演示）', at: iso(0) } });
        return feature(server.get(item.id)!);
      });
    }
    desk = new DispatchConsole({ doc, map, live: feed, clock: testClock, api, vocabulary: vocabulary() });
    desk.mount();
    desk.start();
    const items = [
      incident(1, 'reported'), incident(2, 'accepted'), incident(3, 'dispatched'), incident(4, 'handled'),
      incident(5, 'closed'), incident(6, 'escalated'), incident(7, 'on_scene', { category: 'littering', unit: 'U9', units: [{ unit: 'U9', role: 'lead', onScene: true, sentAt: iso(-60_000) }] }),
    ];
    for (const item of items) server.set(item.id, item);
    feed.snapshot('incidents', 1, { items });
    await vi.advanceTimersByTimeAsync(300);
  });

  afterEach(() => {
    desk.stop();
    vi.useRealTimers();
  });

  it('subscribes to incidents, units and alerts and starts the feed', () => {
    expect(feed.started).toBe(true);
    expect(Object.fromEntries([...feed.subs].map(([k, s]) => [k, s.params]))).toEqual({
      incidents: { hours: 72 }, units: {}, alerts: { hours: 24 }, alertGroups: {}, tiles: { layers: ['grids'] },
    });
  });

  it('queues the incidents waiting for a unit by default, newest first, labelled from the vocabulary', () => {
    expect(queueIds()).toEqual([1, 2]);
    expect(doc.getElementById('queue-count')?.textContent).toBe('共 2 起');
    const first = doc.querySelector('#queue li');
    expect(first?.querySelector('.tag')?.textContent).toBe('治安');
    expect(first?.querySelector('.st')?.textContent).toBe('上报');
    expect(first?.querySelector('.meta')?.textContent).toBe('#1 · 网格1 · 1 分钟前');
    expect(map.properties('incidents')).toEqual([
      { id: 1, color: '#4fc3f7', fresh: false }, { id: 2, color: '#4fc3f7', fresh: false },
    ]);
  });

  it('shows each incident\'s grade Ⅰ–Ⅳ with the vocabulary\'s label and the plans\' colour', async () => {
    const tag = doc.querySelector<HTMLElement>('#queue li[data-id="1"] .sev');
    expect(tag?.textContent).toBe('Ⅱ级');
    expect(tag?.dataset.severity).toBe('2');
    expect(tag?.style.background).toBe('#f07c1b'); // Ⅱ 重大: orange
    await select(1);
    expect(doc.querySelector('#detail .sev')?.textContent).toBe('Ⅱ级 重大');
  });

  it('groups by the workflow: done is the vocabulary\'s terminal statuses, active everything else, unknown statuses too', async () => {
    await filter('f-status', 'done');
    expect(queueIds()).toEqual([5]);
    await filter('f-status', 'active');
    expect(queueIds()).toEqual([3, 4, 6, 7]);
    const unknown = doc.querySelector('#queue li[data-id="6"] .st');
    expect(unknown?.textContent).toBe('escalated'); // a status the vocabulary does not know is shown as its id
    expect(doc.querySelector('#queue li[data-id="7"] .tag')?.textContent).toBe('littering');
    await filter('f-status', '');
    expect(queueIds()).toHaveLength(7);
  });

  it('filters by category and by text', async () => {
    await filter('f-status', '');
    const categories = [...doc.querySelectorAll<HTMLOptionElement>('#f-category option')].map((o) => o.value);
    expect(categories).toEqual(['', 'public_order', 'criminal', 'fraud', 'dispute', 'traffic', 'fire_safety', 'environment', 'stability', 'cult', 'other']);
    await filter('f-category', 'public_order');
    expect(queueIds()).toEqual([1, 2, 3, 4, 5, 6]);
    await filter('f-text', '网格4');
    expect(queueIds()).toEqual([4]);
  });

  it('offers the transitions the workflow allows from the incident\'s status (but dispatch, which takes a unit)', async () => {
    await select(1);
    expect(doc.getElementById('detail-status')?.textContent).toBe('上报');
    expect(buttons('#detail .actions button[data-to]').map((b) => [b.dataset.to, b.textContent])).toEqual([
      ['accepted', '受理'], ['rejected', '驳回'], ['merged', '合并'],
    ]);
    expect(map.flights).toEqual([{ center: [118.001, 37.4], zoom: 13 }]);

    await filter('f-status', '');
    await select(4); // handled: back to dispatched, or on to verified
    expect(buttons('#detail .actions button[data-to]').map((b) => b.dataset.to)).toEqual(['verified']);
    await select(6); // unknown to the vocabulary: nothing offered
    expect(buttons('#detail .actions button[data-to]')).toEqual([]);
    expect(doc.getElementById('detail-status')?.textContent).toBe('escalated');
  });

  it('takes the transition buttons from the server\'s workflow, not a copy of its own', async () => {
    // A server whose workflow lets a reported incident only be accepted, and calls acceptance 签收.
    const doc2 = loadPage('dispatch.html');
    const response = structuredClone(VOCABULARY_RESPONSE) as { statuses: { id: string; label: string; next: string[] }[] };
    const reported = response.statuses.find((st) => st.id === 'reported')!;
    reported.next = ['accepted'];
    response.statuses.find((st) => st.id === 'accepted')!.label = '签收';
    desk.stop();
    desk = new DispatchConsole({ doc: doc2, map, live: new FakeFeed(), clock: testClock, api, vocabulary: Vocabulary.fromJson(response) });
    desk.mount();
    desk.incidents.put(incident(1, 'reported'));
    await desk.select(1, false);
    expect(buttons('#detail .actions button[data-to]').map((b) => [b.dataset.to, b.textContent])).toEqual([['accepted', '签收']]);
  });

  it('lists the nearest units and lets a dispatcher send one only where the workflow allows it', async () => {
    await select(1);
    const rows = [...doc.querySelectorAll<HTMLElement>('#detail table.nearest tbody tr[data-unit]')];
    expect(rows.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent))).toEqual([
      ['滨城巡逻1号 首选', '巡逻车', '90 米', '12 秒'], ['滨城步巡2号', '步巡 协助', '1.5 公里', '15 分钟'],
    ]);
    // The server ranks them by the incident's dispatch policy: the console asks for=<incident>.
    expect(api.calls.filter((c) => c.path === '/api/v1/units/nearest').map((c) => c.query)).toContainEqual({ for: 1, k: 6 });
    const offered = () => buttons('#detail .dispatch-btn').map((b) => [b.textContent, b.dataset.role, b.disabled]);
    // No lead yet: the policy's first choice goes as the lead; a support kind only beside units on the case.
    expect(offered()).toEqual([['派遣', 'lead', false], ['增援', 'support', true]]);
    await filter('f-status', '');
    await select(7); // on scene, led by U9: support
    expect(offered()).toEqual([['增援', 'support', false], ['增援', 'support', false]]);
    await select(5); // closed: nothing
    expect(offered().map(([, , disabled]) => disabled)).toEqual([true, true]);
    await select(4); // handled → dispatched is allowed (its units were freed by the feedback)
    expect(offered()).toEqual([['派遣', 'lead', false], ['增援', 'support', true]]);
  });

  it('posts a transition and shows the new state', async () => {
    await select(2);
    buttons('#detail .actions button[data-to="handled"]')[0].click();
    await vi.advanceTimersByTimeAsync(300);
    expect(posts('/api/v1/incidents/2/transitions')).toEqual([{ to: 'handled' }]);
    expect(doc.getElementById('detail-status')?.dataset.status).toBe('handled');
    expect(doc.getElementById('toast')?.textContent).toBe('事件 #2 已反馈');
    expect(desk.incidents.get(2)?.status).toBe('handled');
    expect(queueIds()).toEqual([1]); // no longer waiting for a unit
  });

  it('sends no actor: the server records the signed-in user, and the timeline shows the name it recorded', async () => {
    await select(2);
    expect(doc.querySelector('#detail .timeline li span')?.textContent).toContain('调度员（演示）');
  });

  it('shows a refusal (403) as 无权限 with the server\'s reason, once, without retrying', async () => {
    api.answer('POST', '/api/v1/incidents/2/transitions', () => {
      throw new ApiError(403, 'role screen lacks permission handle');
    });
    await select(2);
    const before = api.calls.length;
    buttons('#detail .actions button[data-to="handled"]')[0].click();
    await vi.advanceTimersByTimeAsync(300);
    expect(doc.getElementById('toast')?.textContent).toBe('无权限：role screen lacks permission handle');
    expect(doc.getElementById('toast')?.className).toContain('error');
    // the one refused POST and the reread of the incident (which shows it unchanged), then quiet
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.calls.slice(before).map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/v1/incidents/2/transitions', 'GET /api/v1/incidents/2', 'GET /api/v1/units/nearest',
    ]);
    expect(doc.getElementById('detail-status')?.dataset.status).toBe('accepted');
  });

  it('accepts a reported incident first, then dispatches the unit', async () => {
    await select(1);
    buttons('#detail .dispatch-btn[data-unit="U1"]')[0].click();
    await vi.advanceTimersByTimeAsync(300);
    expect(posts('/api/v1/incidents/1/transitions')).toEqual([{ to: 'accepted', note: '调度受理' }]);
    expect(posts('/api/v1/incidents/1/dispatch')).toEqual([{ unit: 'U1', role: 'lead' }]);
    expect(doc.getElementById('detail-status')?.dataset.status).toBe('dispatched');
    expect(doc.getElementById('toast')?.textContent).toBe('已派遣 U1 前往事件 #1');
  });

  it('keeps a later version from the feed over an older HTTP answer', async () => {
    await select(1);
    // The unit arrives so fast that the live feed's on_scene comes before the dispatch's HTTP answer.
    api.answer('POST', '/api/v1/incidents/1/dispatch', () => {
      feed.delta('incidents', 9, { items: [incident(1, 'on_scene', { unit: 'U1', updatedAt: iso(2000) })] });
      return feature(incident(1, 'dispatched', { unit: 'U1', updatedAt: iso(1000) }));
    });
    buttons('#detail .dispatch-btn[data-unit="U1"]')[0].click();
    await vi.advanceTimersByTimeAsync(300);
    expect(desk.incidents.get(1)?.status).toBe('on_scene');
  });

  it('rereads the shown incident when the feed says its status changed', async () => {
    await filter('f-status', 'active');
    await select(3);
    const reads = () => api.calls.filter((c) => c.path === '/api/v1/incidents/3').length;
    expect(reads()).toBe(1);
    feed.delta('incidents', 2, { items: [incident(3, 'dispatched', { updatedAt: iso(1000) })] }); // same status
    await vi.advanceTimersByTimeAsync(300);
    expect(reads()).toBe(1);
    server.set(3, incident(3, 'on_scene'));
    feed.delta('incidents', 3, { items: [incident(3, 'on_scene')] });
    await vi.advanceTimersByTimeAsync(300);
    expect(reads()).toBe(2);
    expect(doc.getElementById('detail-status')?.textContent).toBe('处置');
  });

  it('counts the open alerts and acknowledges one', async () => {
    feed.snapshot('alerts', 1, { items: [alert(1, true, { ackedBy: '值班长' }), alert(2, false), alert(3, false, { kind: 'drone_sighting' })] });
    await vi.advanceTimersByTimeAsync(300);
    expect(doc.getElementById('alert-open')?.textContent).toBe('2');
    expect([...doc.querySelectorAll('#alert-list .tag')].map((t) => t.textContent)).toEqual(['护学岗未到岗', '护学岗未到岗', 'drone_sighting']);
    expect(doc.querySelector('#alert-list li[data-id="1"] .ok')?.textContent).toBe('已确认（值班长）');
    doc.querySelector<HTMLButtonElement>('#alert-list button.ack-btn[data-id="2"]')?.click();
    await vi.advanceTimersByTimeAsync(300);
    expect(posts('/api/v1/alerts/2/ack')).toEqual([{}]);
    expect(doc.querySelector('#alert-list li[data-id="2"]')?.classList.contains('acked')).toBe(true);
    expect(doc.getElementById('alert-open')?.textContent).toBe('1');
  });

  it('lists the alert groups most severe first and acknowledges a group at once', async () => {
    const group = (id: string, severity: string, count: number, minutesAgo: number) => ({
      id, kind: id.split('.')[0], level: 'county', areaCode: id.split('.')[2], areaName: '滨城区', count, severity,
      newest: iso(-minutesAgo * 60_000), title: `滨城区 ${count} 个护学岗到岗不足`, members: [], membersHref: '',
    });
    api.answer('POST', '/api/v1/alerts/groups/post_unstaffed.county.371602/ack', () => ({ group: 'post_unstaffed.county.371602', acknowledged: 3, alerts: [4, 5, 6] }));
    feed.snapshot('alertGroups', 1, { items: [group('grid_uncovered.county.371603', 'warning', 1, 1), group('post_unstaffed.county.371602', 'critical', 3, 9)] });
    await vi.advanceTimersByTimeAsync(300);
    const rows = [...doc.querySelectorAll<HTMLElement>('#alert-groups li.group')];
    expect(rows.map((li) => li.dataset.group)).toEqual(['post_unstaffed.county.371602', 'grid_uncovered.county.371603']);
    expect(rows[0].querySelector('.t')?.textContent).toBe('滨城区 3 个护学岗到岗不足');
    expect(doc.getElementById('alert-groups')?.hidden).toBe(false);
    rows[0].querySelector<HTMLButtonElement>('button.group-ack-btn')?.click();
    await vi.advanceTimersByTimeAsync(300);
    expect(posts('/api/v1/alerts/groups/post_unstaffed.county.371602/ack')).toEqual([{}]);
    expect(doc.getElementById('toast')?.textContent).toBe('已确认 3 条告警');
    feed.delta('alertGroups', 2, { upsert: [], remove: ['post_unstaffed.county.371602', 'grid_uncovered.county.371603'] });
    await vi.advanceTimersByTimeAsync(300);
    expect(doc.getElementById('alert-groups')?.hidden).toBe(true);
  });

  it('offers no acknowledgement to a user who may not acknowledge', async () => {
    desk.stop();
    doc = loadPage('dispatch.html');
    feed = new FakeFeed();
    desk = new DispatchConsole({ doc, map, live: feed, clock: testClock, api, vocabulary: vocabulary(), canAcknowledge: false });
    desk.mount();
    desk.start();
    feed.snapshot('alerts', 1, { items: [alert(2, false)] });
    feed.snapshot('alertGroups', 1, { items: [{ id: 'post_unstaffed.county.371602', kind: 'post_unstaffed', count: 1, severity: 'warning',
      newest: iso(0), title: '滨城区 1 个护学岗到岗不足', members: [2] }] });
    await vi.advanceTimersByTimeAsync(300);
    expect(doc.querySelectorAll('#alert-groups li.group')).toHaveLength(1);
    expect(doc.querySelectorAll('button.group-ack-btn, button.ack-btn')).toHaveLength(0);
  });

  /** The detail's form field `id` set to `value`, as typed. */
  const fill = (id: string, value: string) => {
    const el = doc.getElementById(id) as HTMLInputElement | HTMLSelectElement;
    el.value = value;
    el.dispatchEvent(new Event('input'));
  };
  const click = async (selector: string) => {
    const b = doc.querySelector<HTMLElement>(selector);
    if (!b) throw new Error(`no ${selector}`);
    b.click();
    await vi.advanceTimersByTimeAsync(300);
  };
  const caseUnits = () => [...doc.querySelectorAll<HTMLElement>('#case-units li[data-unit]')]
    .map((li) => [li.dataset.unit, li.querySelector('.role')?.textContent, li.querySelector('.where')?.textContent]);
  const toast = () => doc.getElementById('toast')?.textContent;

  it('lists the units on a case as 主办/协助, 途中/到场, and recalls one with the reason', async () => {
    server.set(3, incident(3, 'dispatched', { unit: 'U1', units: [onCase('U1', 'lead', true), onCase('U2', 'support')] }));
    await filter('f-status', 'active');
    await select(3);
    expect(caseUnits()).toEqual([['U1', '主办', '到场'], ['U2', '协助', '途中']]);
    expect(doc.querySelector('#detail dl')?.textContent).toContain('主办力量U1');
    await click('#case-units li[data-unit="U2"] .recall-btn');
    fill('f-recall-note', '警力充足');
    await click('#detail .form button[data-submit="recall"]');
    expect(posts('/api/v1/incidents/3/recall')).toEqual([{ unit: 'U2', note: '警力充足' }]);
    expect(caseUnits()).toEqual([['U1', '主办', '到场']]);
    expect(toast()).toBe('已撤回 U2');
    expect(doc.querySelector('#detail .form')).toBeNull();
  });

  it('reassigns a unit (改派) to one picked from the nearest units', async () => {
    server.set(3, incident(3, 'dispatched', { unit: 'U9', units: [onCase('U9', 'lead')] }));
    await filter('f-status', 'active');
    await select(3);
    await click('#case-units li[data-unit="U9"] .reassign-btn');
    const options = [...doc.querySelectorAll<HTMLOptionElement>('#f-reassign-unit option')].map((o) => [o.value, o.textContent]);
    expect(options).toEqual([['U1', '滨城巡逻1号（巡逻车，12 秒）'], ['U2', '滨城步巡2号（步巡，15 分钟）']]);
    fill('f-reassign-unit', 'U2');
    await click('#detail .form button[data-submit="reassign"]');
    expect(posts('/api/v1/incidents/3/reassign')).toEqual([{ from: 'U9', unit: 'U2' }]);
    expect(caseUnits()).toEqual([['U2', '主办', '途中']]);
  });

  it('sends the first choice as the lead of a case without one, then support (增援) beside it', async () => {
    await select(2);
    expect(doc.querySelector('#detail tr[data-unit="U1"] .first')?.textContent).toBe('首选');
    await click('#detail .dispatch-btn[data-unit="U1"]');
    expect(posts('/api/v1/incidents/2/dispatch')).toEqual([{ unit: 'U1', role: 'lead' }]);
    expect(toast()).toBe('已派遣 U1 前往事件 #2');
    // led now: every button sends support, none is the first choice
    expect(buttons('#detail .dispatch-btn').map((b) => [b.dataset.unit, b.textContent, b.disabled])).toEqual([['U1', '增援', false], ['U2', '增援', false]]);
    expect(doc.querySelector('#detail .first')).toBeNull();
    await click('#detail .dispatch-btn[data-unit="U2"]');
    expect(posts('/api/v1/incidents/2/dispatch')).toEqual([{ unit: 'U1', role: 'lead' }, { unit: 'U2', role: 'support' }]);
    expect(caseUnits()).toEqual([['U1', '主办', '途中'], ['U2', '协助', '途中']]);
    expect(toast()).toBe('已增援 U2 前往事件 #2');
  });

  it('shows the step history by each step\'s action label, newest first, with its note and target', async () => {
    const item = incident(3, 'dispatched', { unit: 'U2', units: [onCase('U2', 'lead')], level: 'township', levelLabel: '乡镇（街道）' });
    const at = (m: number) => iso(m * 60_000);
    const step = (x: Record<string, unknown>) => ({ actor: '调度员（演示）', actorId: 'dispatcher', note: null, unit: null, target: null, due: null, ...x });
    api.answer('GET', '/api/v1/incidents/3', () => feature(item, [
      step({ from: null, to: 'reported', toLabel: '上报', action: 'status', actionLabel: '状态变更', at: at(-9) }),
      step({ from: 'reported', to: 'accepted', toLabel: '受理', action: 'status', actionLabel: '状态变更', at: at(-8), note: '调度受理' }),
      step({ from: 'accepted', to: 'dispatched', toLabel: '派遣', action: 'dispatch', actionLabel: '派遣', at: at(-7), unit: 'U1', note: '派遣 滨城巡逻1号' }),
      step({ from: 'dispatched', to: 'dispatched', toLabel: '派遣', action: 'support', actionLabel: '增援', at: at(-6), unit: 'U3' }),
      step({ from: 'dispatched', to: 'dispatched', toLabel: '派遣', action: 'reassign', actionLabel: '改派', at: at(-5), unit: 'U2', target: 'U1', note: '车辆故障' }),
      step({ from: 'dispatched', to: 'dispatched', toLabel: '派遣', action: 'recall', actionLabel: '撤回', at: at(-4), unit: 'U3', note: '撤回' }),
      step({ from: 'dispatched', to: 'dispatched', toLabel: '派遣', action: 'transfer', actionLabel: '流转', at: at(-3), target: 'township', note: '涉及多村' }),
      step({ from: 'dispatched', to: 'dispatched', toLabel: '派遣', action: 'supervise', actionLabel: '督办', at: at(-2), due: at(600), note: '今日办结', actor: '值班领导（演示）' }),
      step({ from: 'dispatched', to: 'dispatched', toLabel: '派遣', action: 'overdue', actionLabel: '超时', at: at(-1), target: 'arrive', actor: null, actorId: null }),
    ]));
    server.set(3, item);
    await filter('f-status', 'active');
    await select(3);
    const lines = [...doc.querySelectorAll<HTMLElement>('#timeline li')].map((li) => li.querySelector('b')?.textContent);
    expect(lines).toEqual(['超时', '督办', '流转', '撤回', '改派', '增援', '派遣', '受理', '上报']);
    const text = (action: string) => doc.querySelector(`#timeline li[data-action="${action}"]`)?.textContent?.replace(/\s+/g, ' ');
    expect(text('reassign')).toContain('U2 · 替换 U1');
    expect(text('reassign')).toContain('车辆故障');
    expect(text('transfer')).toContain('至 乡镇（街道）');
    expect(text('transfer')).toContain('涉及多村');
    expect(text('supervise')).toMatch(/值班领导（演示） · 时限 \d\d-\d\d \d\d:\d\d/);
    expect(text('dispatch')).toContain('派遣 → 派遣');
    expect(doc.getElementById('detail-level')?.textContent).toBe('乡镇（街道）');
  });

  it('asks for the target of a merge; a merged case names it with a link that opens it', async () => {
    await select(2);
    await click('#detail .actions button[data-to="merged"]');
    expect(posts('/api/v1/incidents/2/transitions')).toEqual([]); // the button opens the form
    await click('#detail .form button[data-submit="merge"]');
    expect(toast()).toBe('请填写要合并至的事件编号');
    expect(posts('/api/v1/incidents/2/transitions')).toEqual([]);
    fill('f-merge-into', '1');
    fill('f-merge-note', '同一警情');
    await click('#detail .form button[data-submit="merge"]');
    expect(posts('/api/v1/incidents/2/transitions')).toEqual([{ to: 'merged', into: 1, note: '同一警情' }]);

    server.set(2, { ...server.get(2)!, status: 'merged', mergedInto: 1 });
    await desk.select(2, false);
    expect(doc.getElementById('detail-merged')?.textContent).toBe('已合并至 #1');
    await click('#detail-merged a[data-open="1"]');
    expect(desk.detail.current?.id).toBe(1);
    expect(doc.querySelector('#queue li.sel')?.getAttribute('data-id')).toBe('1');
  });

  it('transfers a case to another handling level (流转) only with a reason, and shows its level', async () => {
    await select(2);
    expect(doc.getElementById('detail-level')?.textContent).toBe('村（社区）');
    await click('#detail .transfer-btn');
    expect([...doc.querySelectorAll<HTMLOptionElement>('#f-transfer-level option')].map((o) => o.textContent)).toEqual(['乡镇（街道）', '县级部门']);
    fill('f-transfer-level', 'county');
    await click('#detail .form button[data-submit="transfer"]');
    expect(toast()).toBe('请填写流转原因');
    expect(doc.getElementById('toast')?.className).toContain('error');
    expect(posts('/api/v1/incidents/2/transfer')).toEqual([]);
    fill('f-transfer-note', '需县住建局处置');
    await click('#detail .form button[data-submit="transfer"]');
    expect(posts('/api/v1/incidents/2/transfer')).toEqual([{ level: 'county', note: '需县住建局处置' }]);
    expect(doc.getElementById('detail-level')?.textContent).toBe('县级部门');
    expect(toast()).toBe('事件 #2 已流转至县级部门');
  });

  it('keeps what a dispatcher typed into a form when the feed rereads the case meanwhile', async () => {
    await select(2);
    await click('#detail .transfer-btn');
    fill('f-transfer-level', 'county');
    fill('f-transfer-note', '需县级');
    server.set(2, incident(2, 'accepted', { supervision: { due: iso(3_600_000), note: '快办', by: '值班领导', at: iso(0) } }));
    feed.delta('incidents', 5, { items: [server.get(2)] });
    await vi.advanceTimersByTimeAsync(300);
    expect(doc.querySelector('#detail .supervised')).not.toBeNull(); // reread
    expect((doc.getElementById('f-transfer-level') as HTMLSelectElement).value).toBe('county');
    expect((doc.getElementById('f-transfer-note') as HTMLInputElement).value).toBe('需县级');
  });

  it('shows a server refusal of a casework action with its reason, the form left open', async () => {
    api.answer('POST', '/api/v1/incidents/2/transfer', () => {
      throw new ApiError(409, 'incident 2 is handled at county already');
    });
    await select(2);
    await click('#detail .transfer-btn');
    fill('f-transfer-level', 'county');
    fill('f-transfer-note', '升级');
    await click('#detail .form button[data-submit="transfer"]');
    expect(toast()).toBe('操作失败：incident 2 is handled at county already');
    expect(doc.getElementById('toast')?.className).toContain('error');
    expect((doc.getElementById('f-transfer-note') as HTMLInputElement | null)?.value).toBe('升级');
  });

  it('offers 督办 only to a principal allowed to supervise; everyone sees a supervised case\'s badge and deadline', async () => {
    await select(2);
    expect(doc.querySelector('#detail .supervise-btn')).toBeNull(); // a dispatcher
    const doc2 = loadPage('dispatch.html');
    desk.stop();
    desk = new DispatchConsole({ doc: doc2, map, live: feed, clock: testClock, api, vocabulary: vocabulary(), permissions: ['read', 'supervise'] });
    desk.mount();
    desk.start();
    feed.snapshot('incidents', 1, { items: [...server.values()] });
    await vi.advanceTimersByTimeAsync(300);
    await select(2);
    await click('#detail .supervise-btn');
    expect((doc.getElementById('f-supervise-due') as HTMLInputElement).value).toBe(localInput(NOW + 24 * 3600_000));
    await click('#detail .form button[data-submit="supervise"]');
    expect(toast()).toBe('请填写督办要求');
    fill('f-supervise-due', localInput(NOW + 2 * 3600_000));
    fill('f-supervise-note', '两小时内办结');
    await click('#detail .form button[data-submit="supervise"]');
    expect(posts('/api/v1/incidents/2/supervise')).toEqual([{ due: iso(2 * 3600_000), note: '两小时内办结' }]);
    expect(doc.querySelector('#detail-supervision')?.textContent?.replace(/\s+/g, ' ')).toContain('两小时内办结');
    expect(doc.querySelector('#detail .head .supervised')?.textContent).toBe(`督办 ${dateTime(iso(2 * 3600_000))}`);
    expect(doc.querySelector('#queue li[data-id="2"] .supervised')?.textContent).toBe(`督办 ${dateTime(iso(2 * 3600_000))}`);
  });

  it('colours overdue cases in the queue with the steps named, and counts the time limits down in the detail', async () => {
    server.set(1, incident(1, 'reported', { overdue: ['accept'], deadlines: { accept: iso(-30_000) } }));
    server.set(2, incident(2, 'accepted', { overdue: ['arrive', 'handle'], deadlines: { accept: iso(-600_000) } }));
    feed.delta('incidents', 5, { items: [server.get(1), server.get(2)] });
    await vi.advanceTimersByTimeAsync(300);
    const tag = (id: number) => doc.querySelector(`#queue li[data-id="${id}"] .overdue`)?.textContent;
    expect([tag(1), tag(2)]).toEqual(['受理超时', '到场超时·处置超时']);
    expect(doc.querySelector('#queue li[data-id="1"]')?.classList.contains('overdue')).toBe(true);
    server.set(1, { ...server.get(1)!, overdue: [] });
    feed.delta('incidents', 6, { items: [server.get(1)] });
    await vi.advanceTimersByTimeAsync(300);
    expect(doc.querySelector('#queue li[data-id="1"]')?.classList.contains('overdue')).toBe(false);

    // The countdowns tick on whole seconds of the console's clock: deadlines set from one, read a second later.
    const toSecond = () => vi.advanceTimersByTimeAsync(1000 - ((Date.now() - NOW) % 1000));
    const from = (ms: number) => new Date(Date.now() + ms).toISOString();
    const rows = () => [...doc.querySelectorAll<HTMLElement>('#detail-deadlines tr')].map((tr) => [tr.dataset.step, tr.className, tr.querySelector('.left')?.textContent]);
    await toSecond();
    server.set(2, { ...server.get(2)!, deadlines: { accept: from(-600_000), arrive: from(-60_000), handle: from(-1000) } });
    await select(2);
    await toSecond();
    expect(rows()).toEqual([['accept', 'dl-done', '已完成'], ['arrive', 'dl-overdue', '已超时 1 分 01 秒'], ['handle', 'dl-overdue', '已超时 2 秒']]);
    server.set(1, { ...server.get(1)!, deadlines: { accept: from(-30_000), arrive: from(91_000) } });
    await select(1);
    await toSecond();
    // accept: past, and not done (the server has yet to say so); arrive: counted down
    expect(rows()).toEqual([['accept', 'dl-overdue', '已超时 31 秒'], ['arrive', 'dl-running', '剩 1 分 30 秒']]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(rows()[1]).toEqual(['arrive', 'dl-running', '剩 30 秒']);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(rows()[1]).toEqual(['arrive', 'dl-overdue', '已超时 10 秒']);
  });

  it('shows the dispatch and arrival times coloured by the 1-3-5 rule', async () => {
    server.set(3, incident(3, 'on_scene', { dispatchSeconds: 50, responseSeconds: 240 }));
    await filter('f-status', 'active');
    await select(3);
    const figure = (id: string) => {
      const el = doc.querySelector<HTMLElement>(`#${id} .resp`);
      return [el?.textContent, el?.dataset.band];
    };
    expect(figure('detail-dispatch-time')).toEqual(['50 秒', 'r1']);
    expect(figure('detail-response-time')).toEqual(['4 分 00 秒', 'r5']);
    await select(7);
    expect(doc.getElementById('detail-response-time')?.textContent).toBe('—');
  });

  it('asks apart for the policy\'s support kinds when lead kinds fill the list, and offers them as 增援', async () => {
    const car = (id: string, eta: number) => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [118.002, 37.4] },
      properties: { id, callSign: id, kind: 'police_car', status: 'available', distance: eta * 10, etaSeconds: eta, role: 'lead' } });
    api.answer('GET', '/api/v1/units/nearest', (c) => (c.query?.kind
      ? { type: 'FeatureCollection', features: [
        { type: 'Feature', id: 'G1', geometry: { type: 'Point', coordinates: [118.003, 37.4] },
          properties: { id: 'G1', callSign: '网格员1', kind: 'grid_worker', status: 'available', distance: 120, etaSeconds: 90 } },
        car('C1', 10), // listed already: not twice
      ] }
      : { type: 'FeatureCollection', for: 3, policy: { lead: ['police_car', 'foot_patrol'], support: ['security_guard', 'grid_worker'], leadUnits: 1, supportUnits: 2 },
        features: [1, 2, 3, 4, 5, 6].map((k) => car(`C${k}`, 10 * k)) }));
    server.set(3, incident(3, 'dispatched', { unit: 'U9', units: [onCase('U9', 'lead')] }));
    await filter('f-status', 'active');
    await select(3);
    const asked = api.calls.filter((c) => c.path === '/api/v1/units/nearest').map((c) => c.query);
    expect(asked).toEqual([{ for: 3, k: 6 }, { lon: 118.003, lat: 37.4, kind: 'security_guard,grid_worker', k: 2 }]);
    const rows = [...doc.querySelectorAll<HTMLElement>('#detail table.nearest tbody tr[data-unit]')].map((tr) => [tr.dataset.unit, tr.dataset.role]);
    expect(rows).toEqual([['C1', 'lead'], ['C2', 'lead'], ['C3', 'lead'], ['C4', 'lead'], ['C5', 'lead'], ['C6', 'lead'], ['G1', 'support']]);
    expect(doc.querySelector('#detail tr[data-unit="G1"]')?.textContent).toContain('网格员 协助');
    await click('#detail .dispatch-btn[data-unit="G1"]');
    expect(posts('/api/v1/incidents/3/dispatch')).toEqual([{ unit: 'G1', role: 'support' }]);
  });

  it('selects an incident clicked on the map', async () => {
    map.click('incidents', { id: 2, color: '#4fc3f7', fresh: false });
    await vi.advanceTimersByTimeAsync(300);
    expect(doc.getElementById('detail-status')?.dataset.status).toBe('accepted');
    expect(doc.querySelector('#queue li.sel')?.getAttribute('data-id')).toBe('2');
  });
});
