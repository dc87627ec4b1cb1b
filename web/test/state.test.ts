import { describe, expect, it } from 'vitest';
import { KeyedState, LogState, ValueState, timeThenId } from '../src/live/state';

describe('KeyedState', () => {
  const units = () => new KeyedState<{ id: string; lon: number }>();

  it('snapshot replaces, delta upserts and removes', () => {
    const s = units();
    s.apply({ kind: 'snapshot', seq: 1, data: { items: [{ id: 'a', lon: 1 }, { id: 'b', lon: 2 }] } });
    const d = s.apply({ kind: 'delta', seq: 2, data: { upsert: [{ id: 'a', lon: 5 }, { id: 'c', lon: 3 }], remove: ['b'] } });
    expect([...s.items.values()]).toEqual([{ id: 'a', lon: 5 }, { id: 'c', lon: 3 }]);
    expect(d).toEqual({ reset: false, upserted: [{ id: 'a', lon: 5 }, { id: 'c', lon: 3 }], removed: ['b'] });
    expect(s.seq).toBe(2);
    s.apply({ kind: 'snapshot', seq: 9, data: { items: [{ id: 'z', lon: 0 }] } });
    expect([...s.items.keys()]).toEqual(['z']);
  });

  it('reset empties', () => {
    const s = units();
    s.apply({ kind: 'snapshot', seq: 1, data: { items: [{ id: 'a', lon: 1 }] } });
    expect(s.apply({ kind: 'reset', reason: 'resync' }).reset).toBe(true);
    expect(s.items.size).toBe(0);
    expect(s.seq).toBeNull();
  });

  it('a delta removes before it upserts: an item both removed and upserted stays', () => {
    const s = units();
    s.apply({ kind: 'snapshot', seq: 1, data: { items: [{ id: 'a', lon: 1 }] } });
    s.apply({ kind: 'delta', seq: 2, data: { upsert: [{ id: 'a', lon: 2 }], remove: ['a'] } });
    expect([...s.items.values()]).toEqual([{ id: 'a', lon: 2 }]);
  });
});

describe('LogState', () => {
  type Alert = { id: number; raisedAt: string; acknowledged?: boolean };
  const log = (limit = 3) => new LogState<Alert>(limit, (a) => timeThenId(a.raisedAt, a.id));

  it('lists newest first; a later item replaces the same id', () => {
    const s = log();
    s.apply({ kind: 'snapshot', seq: 1, data: { items: [{ id: 1, raisedAt: '2026-11-27T08:00:00Z' }, { id: 2, raisedAt: '2026-11-27T09:00:00Z' }] } });
    s.apply({ kind: 'delta', seq: 2, data: { items: [{ id: 1, raisedAt: '2026-11-27T08:00:00Z', acknowledged: true }] } });
    expect(s.list().map((a) => a.id)).toEqual([2, 1]);
    expect(s.get(1)?.acknowledged).toBe(true);
    expect(s.seq).toBe(2);
  });

  it('stays bounded, dropping the oldest', () => {
    const s = log(3);
    s.apply({ kind: 'snapshot', seq: 1, data: { items: [] } });
    for (let i = 1; i <= 10; i++) {
      s.apply({ kind: 'delta', seq: 1 + i, data: { items: [{ id: i, raisedAt: `2026-11-27T${String(i).padStart(2, '0')}:00:00Z` }] } });
    }
    expect(s.size).toBe(3);
    expect(s.list().map((a) => a.id)).toEqual([10, 9, 8]);
  });

  it('snapshot replaces everything; reset clears', () => {
    const s = log();
    s.apply({ kind: 'snapshot', seq: 1, data: { items: [{ id: 1, raisedAt: '2026-11-27T08:00:00Z' }] } });
    s.apply({ kind: 'snapshot', seq: 5, data: { items: [{ id: 4, raisedAt: '2026-11-27T08:00:00Z' }] } });
    expect(s.list().map((a) => a.id)).toEqual([4]);
    s.apply({ kind: 'reset', reason: 'resync' });
    expect(s.size).toBe(0);
  });

  it('orders by time with fractional seconds', () => {
    expect(timeThenId('2026-11-27T08:00:00.5Z', 1)).toBeGreaterThan(timeThenId('2026-11-27T08:00:00Z', 2));
  });
});

describe('ValueState', () => {
  it('replaces on snapshot, merges on delta, clears on reset', () => {
    const s = new ValueState<{ a?: number; b?: number }>();
    s.apply({ kind: 'snapshot', seq: 1, data: { a: 1, b: 2 } });
    expect(s.apply({ kind: 'delta', seq: 2, data: { b: 3 } })).toEqual({ a: 1, b: 3 });
    s.apply({ kind: 'reset', reason: 'x' });
    expect(s.value).toBeNull();
  });
});

describe('scopeRow', () => {
  it('picks the row of the whole scope from per-area stats', async () => {
    const { scopeRow } = await import('../src/domain/stats');
    expect(scopeRow([{ code: '371602', rate: 0.5 }, { code: '371600', rate: 0.8 }, { code: '371603', rate: 1 }])?.rate).toBe(0.8);
    expect(scopeRow([{ code: '371602001', rate: 0.1 }, { code: '371602', rate: 0.2 }])?.rate).toBe(0.2);
    expect(scopeRow([])).toBeUndefined();
    expect(scopeRow(undefined)).toBeUndefined();
  });
});
