import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Vocabulary, loadVocabulary } from '../src/domain/vocabulary';
import { FakeApi, testClock, vocabulary } from './support/fakes';
import { VOCABULARY_RESPONSE } from './support/vocabulary-fixture';

describe('Vocabulary', () => {
  it('gives the server\'s labels in the server\'s order', () => {
    const v = vocabulary();
    expect(v.label('categories', 'fraud')).toBe('诈骗');
    expect(v.label('dutyStates', 'understaffed')).toBe('到岗不足');
    expect(v.terms('heatWindows').map((w) => w.id)).toEqual(['1h', '24h', '7d', '30d']);
    expect(v.terms('unitKinds')[0]).toEqual({ id: 'police_car', label: '巡逻车' });
  });

  it('falls back to the id for a term it does not know, and to a dash for none', () => {
    const v = vocabulary();
    expect(v.label('categories', 'drone_sighting')).toBe('drone_sighting');
    expect(v.label('statuses', null)).toBe('—');
    expect(v.label('sources', undefined)).toBe('—');
  });

  it('holds the incident workflow', () => {
    const v = vocabulary();
    expect(v.next('reported')).toEqual(['accepted', 'rejected', 'merged']);
    expect(v.next('handled')).toEqual(['dispatched', 'verified']);
    expect(v.statuses().filter((s) => s.terminal).map((s) => s.id)).toEqual(['closed', 'rejected', 'merged']);
    expect(v.isTerminal('on_scene')).toBe(false);
    // an unknown status: no transitions, and not taken for finished
    expect(v.next('escalated')).toEqual([]);
    expect(v.isTerminal('escalated')).toBe(false);
  });

  it('reads a partial or malformed document as far as it goes', () => {
    const v = Vocabulary.fromJson({
      categories: [{ id: 'fraud', label: '诈骗' }, { label: 'no id' }, 'fraud'],
      statuses: [{ id: 'reported', label: '上报', next: ['accepted', 7] }, { id: 'closed', label: '结案', next: [] }],
    });
    expect(v.terms('categories')).toEqual([{ id: 'fraud', label: '诈骗' }]);
    expect(v.next('reported')).toEqual(['accepted']);
    expect(v.isTerminal('closed')).toBe(true); // no `terminal`: a status without a next one ends the workflow
    expect(v.terms('unitKinds')).toEqual([]);
    expect(Vocabulary.fromJson(null).terms('statuses')).toEqual([]);
  });
});

describe('loadVocabulary', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('retries with back-off until the server answers', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    let calls = 0;
    const api = new FakeApi().answer('GET', '/api/v1/vocabulary', () => {
      calls++;
      if (calls < 3) throw new Error('HTTP 503');
      return VOCABULARY_RESPONSE;
    });
    let loaded: Vocabulary | null = null;
    void loadVocabulary(api, testClock).then((v) => (loaded = v));
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2); // after 1 s
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toBe(3); // after 2 s more
    expect(loaded).not.toBeNull();
    expect(loaded!.label('alertKinds', 'near_repeat')).toBe('近重复风险');
  });
});
