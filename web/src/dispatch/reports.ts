// The console's daily reports (日报): the stored reports of the user's jurisdiction, newest day
// first, each with links to open it (HTML, in a new tab) and to download it (PDF, XLSX), and a
// form to generate one now for a day and area (the server decides who may, and records it). The
// panel opens from the header's 日报 button; the list is fetched when it opens.

import { type Api, errorText } from '../common/api';
import { escapeHtml } from '../common/format';
import { element } from '../common/ui';
import { isObject, listOf, stringField } from '../domain/json';
import type { Toast } from './toast';

/** One stored report, as GET /api/v1/reports/daily lists it. */
export interface ReportEntry {
  date: string;
  areaCode: string;
  areaName: string;
  title: string;
  generatedAt: string;
  generatedBy: string;
  links: { html: string; pdf: string; xlsx: string };
}

/** The list's answer: the reports, the last day it covers (today, server-local) and whether PDFs can be made. */
export interface ReportList {
  to: string | null;
  pdf: boolean;
  dailyAt: string | null;
  reports: ReportEntry[];
}

function decodeEntry(v: unknown): ReportEntry | null {
  if (!isObject(v)) return null;
  const area = v.area;
  const links = v.links;
  if (!isObject(area) || !isObject(links)) return null;
  const date = stringField(v, 'date');
  const areaCode = stringField(area, 'code');
  const html = stringField(links, 'html');
  const pdf = stringField(links, 'pdf');
  const xlsx = stringField(links, 'xlsx');
  // Only links to this server's report routes are followed.
  const ours = (href: string | null) => href !== null && href.startsWith('/api/v1/reports/daily/');
  if (!date || !areaCode || !ours(html) || !ours(pdf) || !ours(xlsx)) return null;
  return {
    date, areaCode, areaName: stringField(area, 'name') ?? areaCode, title: stringField(v, 'title') ?? '日报',
    generatedAt: stringField(v, 'generatedAt') ?? '', generatedBy: stringField(v, 'generatedBy') ?? '',
    links: { html: html!, pdf: pdf!, xlsx: xlsx! },
  };
}

export function decodeReportList(v: unknown): ReportList {
  if (!isObject(v)) return { to: null, pdf: false, dailyAt: null, reports: [] };
  return { to: stringField(v, 'to'), pdf: v.pdf === true, dailyAt: stringField(v, 'dailyAt'), reports: listOf(v.reports, decodeEntry) };
}

/** The reports grouped by day, newest day first, the city (6-digit code ending 00) before its counties. */
export function byDay(reports: ReportEntry[]): [string, ReportEntry[]][] {
  const days = new Map<string, ReportEntry[]>();
  for (const r of reports) days.set(r.date, [...(days.get(r.date) ?? []), r]);
  const cityFirst = (a: ReportEntry, b: ReportEntry) =>
    Number(b.areaCode.endsWith('00')) - Number(a.areaCode.endsWith('00')) || a.areaCode.localeCompare(b.areaCode);
  return [...days.entries()].sort((a, b) => b[0].localeCompare(a[0])).map(([d, rs]) => [d, [...rs].sort(cityFirst)]);
}

/** The day before `isoDate` (YYYY-MM-DD), calendar arithmetic only (no time zone involved). */
export function dayBefore(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d - 1));
  return t.toISOString().slice(0, 10);
}

/** "2026-11-30" → "11月30日". */
export function shortDay(isoDate: string): string {
  const [, m, d] = isoDate.split('-').map(Number);
  return `${m}月${d}日`;
}

export interface ReportDeskDeps {
  doc: Document;
  api: Api;
  toast: Toast;
}

export class ReportDesk {
  private readonly panel: HTMLElement;
  private readonly list: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly dateInput: HTMLInputElement;
  private readonly areaSelect: HTMLSelectElement;
  private readonly generateButton: HTMLButtonElement;
  private last: ReportList = { to: null, pdf: false, dailyAt: null, reports: [] };

  constructor(private readonly deps: ReportDeskDeps) {
    const { doc } = deps;
    this.panel = element(doc, 'reports');
    this.list = element(doc, 'report-list');
    this.toggle = element(doc, 'tool-reports', HTMLButtonElement);
    this.dateInput = element(doc, 'report-date', HTMLInputElement);
    this.areaSelect = element(doc, 'report-area', HTMLSelectElement);
    this.generateButton = element(doc, 'report-generate', HTMLButtonElement);
  }

  mount(): void {
    this.toggle.addEventListener('click', () => void (this.panel.hidden ? this.open() : this.close()));
    element(this.deps.doc, 'report-close').addEventListener('click', () => this.close());
    this.generateButton.addEventListener('click', () => void this.generate());
  }

  /** Opens the panel and fetches the list. */
  async open(): Promise<void> {
    this.panel.hidden = false;
    this.toggle.classList.add('active');
    await this.refresh();
  }

  close(): void {
    this.panel.hidden = true;
    this.toggle.classList.remove('active');
  }

  async refresh(): Promise<void> {
    try {
      this.last = decodeReportList(await this.deps.api.get('/api/v1/reports/daily'));
    } catch (err) {
      this.list.innerHTML = `<li class="empty">${escapeHtml(errorText(err, '日报列表加载失败'))}</li>`;
      return;
    }
    if (!this.dateInput.value && this.last.to) {
      this.dateInput.value = dayBefore(this.last.to);
      this.dateInput.max = this.last.to;
    }
    this.renderAreas();
    this.render();
  }

  /** The areas the user has reports of (or may make them for): those listed, the city first. */
  private renderAreas(): void {
    const chosen = this.areaSelect.value;
    const areas = new Map<string, string>();
    for (const [, rs] of byDay(this.last.reports)) for (const r of rs) areas.set(r.areaCode, r.areaName);
    this.areaSelect.innerHTML = '<option value="">本辖区</option>'
      + [...areas.entries()].map(([code, name]) => `<option value="${escapeHtml(code)}">${escapeHtml(name)}</option>`).join('');
    this.areaSelect.value = areas.has(chosen) ? chosen : '';
  }

  private render(): void {
    const { reports, pdf, dailyAt } = this.last;
    const days = byDay(reports);
    const note = dailyAt ? `<li class="note">每日 ${escapeHtml(dailyAt)} 自动生成前一日日报</li>` : '';
    this.list.innerHTML = note + (days.map(([day, rs]) => `
      <li class="day"><b>${escapeHtml(shortDay(day))}</b><span class="d">${escapeHtml(day)}</span></li>
      ${rs.map((r) => `
      <li class="report" data-date="${escapeHtml(r.date)}" data-area="${escapeHtml(r.areaCode)}">
        <span class="t">${escapeHtml(r.title)}</span>
        <a class="open" href="${escapeHtml(r.links.html)}" target="_blank" rel="noopener">HTML</a>
        ${pdf ? `<a class="pdf" href="${escapeHtml(r.links.pdf)}">PDF</a>` : '<span class="off" title="服务器缺少中文字体">PDF</span>'}
        <a class="xlsx" href="${escapeHtml(r.links.xlsx)}">XLSX</a>
      </li>`).join('')}`).join('') || '<li class="empty">暂无日报</li>');
  }

  private async generate(): Promise<void> {
    const date = this.dateInput.value;
    if (!date) {
      this.deps.toast.show('请选择日期', true);
      return;
    }
    const body: Record<string, string> = { date };
    if (this.areaSelect.value) body.area = this.areaSelect.value;
    this.generateButton.disabled = true;
    try {
      await this.deps.api.post('/api/v1/reports/daily', body);
      this.deps.toast.show(`已生成 ${shortDay(date)} 日报`);
      await this.refresh();
    } catch (err) {
      this.deps.toast.show(errorText(err, '生成失败'), true);
    } finally {
      this.generateButton.disabled = false;
    }
  }
}
