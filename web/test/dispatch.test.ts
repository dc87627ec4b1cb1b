// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/common/api';
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

/** The same incident as GET /api/v1/incidents/{id} answers: a Feature with the history. */
const feature = (item: Incident) => {
  const { lon, lat, ...properties } = item;
  return {
    type: 'Feature', id: item.id, geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: { ...properties, history: [{ from: null, to: 'reported', toLabel: '上报', actor: '调度员（演示）', actorId: 'dispatcher', at: item.reportedAt, note: null, unit: null }] },
  };
};

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
        server.set(item.id, { ...item, status: 'dispatched', unit: (c.body as { unit: string }).unit });
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
      incidents: { hours: 72 }, units: {}, alerts: { hours: 24 },
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

  it('selects an incident clicked on the map', async () => {
    map.click('incidents', { id: 2, color: '#4fc3f7', fresh: false });
    await vi.advanceTimersByTimeAsync(300);
    expect(doc.getElementById('detail-status')?.dataset.status).toBe('accepted');
    expect(doc.querySelector('#queue li.sel')?.getAttribute('data-id')).toBe('2');
  });
});
