// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { ExportControl, type QueueFilter, exportUrl } from '../src/dispatch/export';
import { loadPage, testClock, vocabulary } from './support/fakes';

const NOW = Date.parse('2026-12-01T08:00:00Z');

describe('export of the incident queue', () => {
  it('asks the server for the status group and the category over the queue hours', () => {
    const v = vocabulary();
    const url = new URL(exportUrl(v, { group: 'open', category: 'fraud' }, 'xlsx', NOW, 72), 'http://x');
    expect(url.pathname).toBe('/api/v1/incidents');
    expect(url.searchParams.get('format')).toBe('xlsx');
    expect(url.searchParams.get('category')).toBe('fraud');
    expect(url.searchParams.get('status')?.split(',')).toEqual(['reported', 'accepted']);
    expect(url.searchParams.get('from')).toBe('2026-11-28T08:00:00.000Z');
    expect(url.searchParams.has('limit')).toBe(false);
  });

  it('leaves out the filters the queue does not set, and a done group is the terminal statuses', () => {
    const v = vocabulary();
    const all = new URL(exportUrl(v, { group: '', category: '' }, 'csv', NOW, 72), 'http://x');
    expect([...all.searchParams.keys()].sort()).toEqual(['format', 'from']);
    const done = new URL(exportUrl(v, { group: 'done', category: '' }, 'csv', NOW, 72), 'http://x');
    const statuses = done.searchParams.get('status')?.split(',') ?? [];
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => v.isTerminal(s))).toBe(true);
  });

  it('shows a format and a link that downloads the filter of the moment', () => {
    const doc = loadPage('dispatch.html');
    let filter: QueueFilter = { group: 'active', category: '' };
    const control = new ExportControl({ doc, clock: { ...testClock, now: () => NOW }, vocabulary: vocabulary(), filter: () => filter, hours: 72 });
    expect(doc.getElementById('queue-export')?.hidden).toBe(true);
    control.mount();
    expect(doc.getElementById('queue-export')?.hidden).toBe(false);
    const link = doc.getElementById('export-link') as HTMLAnchorElement;
    expect(link.textContent).toBe('导出');
    expect(link.hasAttribute('download')).toBe(true);
    (doc.getElementById('export-format') as HTMLSelectElement).value = 'csv';
    filter = { group: 'active', category: 'dispute' };
    link.dispatchEvent(new Event('click'));
    const url = new URL(link.href, 'http://x');
    expect(url.searchParams.get('format')).toBe('csv');
    expect(url.searchParams.get('category')).toBe('dispute');
  });
});
