import { describe, expect, it } from 'vitest';
import { freshGroups, membersKey, openInGroups, orderGroups, severityRank } from '../src/common/alert-groups';
import type { AlertGroup } from '../src/domain/records';

const T = Date.parse('2026-12-01T00:00:00Z');
const g = (id: string, severity: string, minute: number, count = 1, members: number[] = []): AlertGroup => ({
  id, kind: id.split('.')[0], level: 'county', areaCode: id.split('.')[2], areaName: '区', count, severity,
  newest: new Date(T + minute * 60_000).toISOString(), title: id, members, membersHref: '',
});

describe('alert groups', () => {
  it('orders most severe first, then newest, then by id; unknown severities last', () => {
    const groups = [g('a.county.1', 'info', 9), g('b.county.1', 'warning', 1), g('c.county.1', 'critical', 0),
      g('d.county.1', 'warning', 5), g('e.county.1', 'mystery', 10), g('f.county.1', 'warning', 5)];
    expect(orderGroups(groups).map((x) => x.id)).toEqual(['c.county.1', 'd.county.1', 'f.county.1', 'b.county.1', 'a.county.1', 'e.county.1']);
    expect(['critical', 'warning', 'info', 'mystery'].map(severityRank)).toEqual([0, 1, 2, 3]);
    expect(orderGroups([])).toEqual([]);
  });

  it('marks new groups and groups with a newer alert as fresh, not the others', () => {
    const before = new Map([g('a.county.1', 'info', 1), g('b.county.1', 'info', 2)].map((x) => [x.id, x]));
    const after = [g('a.county.1', 'info', 1, 2), g('b.county.1', 'info', 3), g('c.county.1', 'info', 0)];
    expect([...freshGroups(before, after)].sort()).toEqual(['b.county.1', 'c.county.1']);
  });

  it('counts the open alerts in the groups and keys members', () => {
    expect(openInGroups([g('a.county.1', 'info', 1, 3), g('b.county.1', 'info', 1, 4)])).toBe(7);
    expect(membersKey(g('a.county.1', 'info', 1, 2, [5, 4]))).toBe('a.county.1:5,4');
    expect(membersKey(g('a.county.1', 'info', 1, 2, [5, 4]))).not.toBe(membersKey(g('a.county.1', 'info', 1, 2, [5, 3])));
  });
});
