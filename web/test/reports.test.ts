// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/common/api';
import { Toast } from '../src/dispatch/toast';
import { ReportDesk, byDay, dayBefore, decodeReportList, shortDay } from '../src/dispatch/reports';
import { FakeApi, loadPage, testClock } from './support/fakes';

const entry = (date: string, code: string, name: string) => ({
  date, area: { code, name }, title: `${name}社会治安日报`, generatedAt: `${date}T23:00:00Z`, generatedBy: 'system',
  links: Object.fromEntries(['html', 'pdf', 'xlsx', 'json'].map((f) => [f, `/api/v1/reports/daily/${date}?area=${code}&format=${f}`])),
});

const listing = (reports: unknown[], pdf = true) => ({
  from: '2026-11-01', to: '2026-12-01', dailyAt: '07:00', zone: 'Asia/Shanghai', nextRun: '2026-12-01T23:00:00Z', pdf,
  reports, numberReturned: reports.length,
});

describe('daily report list', () => {
  it('decodes entries and drops those that are not links to the report routes', () => {
    const list = decodeReportList(listing([
      entry('2026-11-30', '371600', '滨州市'),
      { ...entry('2026-11-29', '371602', '滨城区'), links: { html: 'https://elsewhere.example/x', pdf: '/a', xlsx: '/b' } },
      { date: '2026-11-28' },
    ]));
    expect(list.to).toBe('2026-12-01');
    expect(list.pdf).toBe(true);
    expect(list.reports.map((r) => r.areaName)).toEqual(['滨州市']);
    expect(decodeReportList(null).reports).toEqual([]);
  });

  it('groups by day, newest first, the city before its counties', () => {
    const list = decodeReportList(listing([
      entry('2026-11-29', '371602', '滨城区'), entry('2026-11-30', '371603', '沾化区'),
      entry('2026-11-30', '371600', '滨州市'), entry('2026-11-30', '371602', '滨城区'),
    ]));
    expect(byDay(list.reports).map(([d, rs]) => [d, rs.map((r) => r.areaCode)])).toEqual([
      ['2026-11-30', ['371600', '371602', '371603']], ['2026-11-29', ['371602']]]);
  });

  it('does calendar arithmetic without time zones', () => {
    expect(dayBefore('2026-03-01')).toBe('2026-02-28');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2027-01-01')).toBe('2026-12-31');
    expect(shortDay('2026-11-05')).toBe('11月5日');
  });
});

describe('ReportDesk', () => {
  let doc: Document;
  let api: FakeApi;
  let desk: ReportDesk;
  let stored: unknown[];

  beforeEach(() => {
    vi.useFakeTimers();
    doc = loadPage('dispatch.html');
    stored = [entry('2026-11-30', '371600', '滨州市'), entry('2026-11-30', '371602', '滨城区')];
    api = new FakeApi().answer('GET', '/api/v1/reports/daily', () => listing(stored));
    desk = new ReportDesk({ doc, api, toast: new Toast(doc.getElementById('toast')!, testClock) });
    desk.mount();
  });

  const click = async (id: string) => {
    doc.getElementById(id)!.dispatchEvent(new Event('click'));
    await vi.runOnlyPendingTimersAsync();
  };

  it('opens from the header with the links of each report and yesterday to generate', async () => {
    expect(doc.getElementById('reports')!.hidden).toBe(true);
    await click('tool-reports');
    expect(doc.getElementById('reports')!.hidden).toBe(false);
    const rows = [...doc.querySelectorAll<HTMLElement>('#report-list li.report')];
    expect(rows.map((li) => li.dataset.area)).toEqual(['371600', '371602']);
    const open = rows[0].querySelector<HTMLAnchorElement>('a.open')!;
    expect(open.getAttribute('href')).toBe('/api/v1/reports/daily/2026-11-30?area=371600&format=html');
    expect(open.target).toBe('_blank');
    expect(rows[0].querySelector('a.pdf')!.getAttribute('href')).toContain('format=pdf');
    expect(rows[0].querySelector('a.xlsx')!.getAttribute('href')).toContain('format=xlsx');
    expect(doc.querySelector('#report-list li.day')!.textContent).toContain('11月30日');
    expect((doc.getElementById('report-date') as HTMLInputElement).value).toBe('2026-11-30');
    await click('tool-reports');
    expect(doc.getElementById('reports')!.hidden).toBe(true);
  });

  it('offers no PDF link when the server has no CJK font', async () => {
    api.answer('GET', '/api/v1/reports/daily', () => listing(stored, false));
    await desk.open();
    expect(doc.querySelector('#report-list a.pdf')).toBeNull();
    expect(doc.querySelector('#report-list .off')!.textContent).toBe('PDF');
  });

  it('generates a report for the chosen day and area, then lists it', async () => {
    api.answer('POST', '/api/v1/reports/daily', (c) => {
      const body = c.body as { date: string; area?: string };
      stored = [entry(body.date, body.area ?? '371600', '滨城区'), ...stored];
      return stored[0];
    });
    await desk.open();
    (doc.getElementById('report-date') as HTMLInputElement).value = '2026-11-29';
    (doc.getElementById('report-area') as HTMLSelectElement).value = '371602';
    await click('report-generate');
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ date: '2026-11-29', area: '371602' }]);
    expect([...doc.querySelectorAll<HTMLElement>('#report-list li.report')].map((li) => li.dataset.date))
      .toEqual(['2026-11-30', '2026-11-30', '2026-11-29']);
    expect(doc.getElementById('toast')!.textContent).toBe('已生成 11月29日 日报');
  });

  it('shows a refusal with the server reason', async () => {
    api.answer('POST', '/api/v1/reports/daily', () => {
      throw new ApiError(403, 'requires handle');
    });
    await desk.open();
    await click('report-generate');
    expect(doc.getElementById('toast')!.textContent).toBe('无权限：requires handle');
    expect((doc.getElementById('report-generate') as HTMLButtonElement).disabled).toBe(false);
  });
});
