// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RAPID_LAYERS, RAPID_POLL_MS, RapidResponse, formatRate, rapidLayer, rateText, townshipPopup } from '../src/bigscreen/rapid-response';
import { FakeApi, FakeMap, loadPage, testClock } from './support/fakes';

const square = (x: number, y: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] });

const township = (code: string, name: string, geometry: unknown, reached: number, cells: number, units: number) => ({
  type: 'Feature', id: code, geometry,
  properties: { code, name, minutes: 3, cells, reached, rate: cells === 0 ? null : reached / cells, units },
});

const answer = (minutes: number, rate: number | null) => ({
  type: 'FeatureCollection', minutes, rate,
  features: [
    township('371602001', '市中街道', square(117.97, 37.38), 30, 80, 4),
    township('371602002', '北镇街道', { type: 'MultiPolygon', coordinates: [square(118.0, 37.4).coordinates, square(118.02, 37.4).coordinates] }, 12, 40, 1),
    township('371602003', '杜店街道', null, 0, 50, 0),
  ],
});

describe('rapid response: data', () => {
  it('draws the townships where something is reached, counts the others, keeps the server\'s rate', () => {
    const l = rapidLayer(answer(3, 42 / 170), 3);
    expect(l.minutes).toBe(3);
    expect(l.townships).toBe(3);
    expect(l.features.features.map((f) => f.properties)).toEqual([
      { code: '371602001', name: '市中街道', rate: 30 / 80, units: 4 },
      { code: '371602002', name: '北镇街道', rate: 12 / 40, units: 1 },
    ]);
    expect(l.features.features.map((f) => f.geometry?.type)).toEqual(['Polygon', 'MultiPolygon']);
    expect(l.rate).toBeCloseTo(42 / 170, 10);
  });

  it('a missing rate is no figure, never 0; an answer that is not a collection is an empty layer', () => {
    const none = rapidLayer({ type: 'FeatureCollection', minutes: 5, rate: null, features: [township('1', 'x', null, 0, 0, 0)] }, 3);
    expect(none.rate).toBeNull();
    expect(none.minutes).toBe(5);
    expect(none.features.features).toEqual([]);
    expect(rapidLayer('nonsense', 3)).toEqual({ minutes: 3, rate: null, townships: 0, features: { type: 'FeatureCollection', features: [] } });
  });

  it('formats rates with one decimal, 0 % and 100 % included', () => {
    expect(formatRate(0.37249)).toBe('37.2%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(null)).toBe('—');
    expect(rateText(3, 0.372)).toBe('3分钟覆盖率 37.2%');
    expect(rateText(5, null)).toBe('5分钟覆盖率 —');
    expect(townshipPopup({ name: '市中<街道>', rate: 0.5, units: 2 }, 5)).toBe('市中&lt;街道&gt;<br>5分钟覆盖率 50.0%<br>可用力量 2');
  });
});

describe('rapid response: the switch', () => {
  let doc: Document;
  let map: FakeMap;
  let api: FakeApi;
  let rapid: RapidResponse;
  const box = () => doc.getElementById('toggle-rapid') as HTMLInputElement;
  const figure = () => doc.getElementById('rapid-rate');
  const calls = () => api.calls.filter((c) => c.path === '/api/v1/rapid-response');
  const flip = async (on: boolean) => {
    box().checked = on;
    box().dispatchEvent(new Event('change'));
    await vi.advanceTimersByTimeAsync(0);
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-12-01T08:00:00Z') });
    doc = loadPage('index.html');
    map = new FakeMap();
    api = new FakeApi().answer('GET', '/api/v1/rapid-response', (c) => answer(Number(c.query?.minutes), Number(c.query?.minutes) === 3 ? 0.25 : 0.5));
    rapid = new RapidResponse(doc, map, api, testClock);
    rapid.mount();
  });

  afterEach(() => {
    rapid.stop();
    vi.useRealTimers();
  });

  it('is off at first: nothing fetched, no figure (the style has the layers hidden)', () => {
    expect(calls()).toEqual([]);
    expect(figure()?.hidden).toBe(true);
  });

  it('on, fetches the 3-minute layer, draws it and shows the rate; polls every 30 s; off, stops and clears', async () => {
    await flip(true);
    expect(calls().map((c) => c.query)).toEqual([{ minutes: 3, geometry: 'true' }]);
    expect(RAPID_LAYERS.some((l) => map.hidden.has(l))).toBe(false);
    expect(map.features('rapid')).toHaveLength(2);
    expect(figure()?.hidden).toBe(false);
    expect(figure()?.textContent).toBe('3分钟覆盖率 25.0%');
    await vi.advanceTimersByTimeAsync(RAPID_POLL_MS);
    expect(calls()).toHaveLength(2);
    await flip(false);
    expect(RAPID_LAYERS.every((l) => map.hidden.has(l))).toBe(true);
    expect(map.features('rapid')).toEqual([]);
    expect(figure()?.hidden).toBe(true);
    await vi.advanceTimersByTimeAsync(3 * RAPID_POLL_MS);
    expect(calls()).toHaveLength(2);
  });

  it('the 5-minute choice fetches again at once and names its minutes', async () => {
    await flip(true);
    (doc.querySelector('#rapid-minutes button[data-minutes="5"]') as HTMLButtonElement).click();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls().map((c) => c.query?.minutes)).toEqual([3, 5]);
    expect(figure()?.textContent).toBe('5分钟覆盖率 50.0%');
    expect(doc.querySelector('#rapid-minutes button.on')?.textContent).toBe('5分钟');
  });

  it('drops an answer that arrives after the switch went off', async () => {
    let release: (v: unknown) => void = () => {};
    api.answer('GET', '/api/v1/rapid-response', () => new Promise((res) => (release = res)));
    await flip(true);
    expect(figure()?.textContent).toBe('计算中…');
    await flip(false);
    release(answer(3, 0.25));
    await vi.advanceTimersByTimeAsync(0);
    expect(map.features('rapid')).toEqual([]);
    expect(rapid.layer).toBeNull();
    expect(figure()?.hidden).toBe(true);
  });

  it('a township\'s popup on click names it and its rate', async () => {
    await flip(true);
    map.click('rapid-fill', { name: '市中街道', rate: 0.375, units: 4 });
    expect(map.popups.map((p) => p.content)).toEqual(['市中街道<br>3分钟覆盖率 37.5%<br>可用力量 4']);
  });
});
