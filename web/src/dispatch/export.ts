// 导出 on the incident queue: the queue's status group and category over the queue's hours, downloaded
// whole as XLSX or CSV from GET /api/v1/incidents?format=… (the server's selection in the user's
// jurisdiction, every page of it; the text search stays a filter of the page). Offered to accounts with
// the `export` permission only (研判): the server refuses the others (403). The session cookie carries
// the login, so the download is a plain link; the server names the file (Content-Disposition).

import type { Clock } from '../common/clock';
import { element } from '../common/ui';
import type { Vocabulary } from '../domain/vocabulary';
import { type StatusGroup, inGroup } from './workflow';

export const EXPORT_FORMATS = [
  { id: 'xlsx', label: 'Excel（XLSX）' },
  { id: 'csv', label: 'CSV' },
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number]['id'];

/** What the queue shows, as far as the server can select it. */
export interface QueueFilter {
  group: StatusGroup;
  category: string;
}

/** The export of `filter` over the `hours` before `now` (epoch ms) in `format`. */
export function exportUrl(vocabulary: Vocabulary, filter: QueueFilter, format: ExportFormat, now: number, hours: number): string {
  const q = new URLSearchParams({ format });
  if (filter.category) q.set('category', filter.category);
  if (filter.group) {
    const statuses = vocabulary.terms('statuses').map((t) => t.id).filter((s) => inGroup(vocabulary, filter.group, s));
    q.set('status', statuses.join(','));
  }
  q.set('from', new Date(now - hours * 3_600_000).toISOString());
  return `/api/v1/incidents?${q.toString()}`;
}

export interface ExportDeps {
  doc: Document;
  clock: Clock;
  vocabulary: Vocabulary;
  /** the queue's filter now */
  filter: () => QueueFilter;
  /** how far back the queue reaches */
  hours: number;
}

/** The 导出 control (#queue-export): a format and a download link, the link made at the moment of the click. */
export class ExportControl {
  constructor(private readonly deps: ExportDeps) {}

  mount(): void {
    const { doc } = this.deps;
    const box = element(doc, 'queue-export');
    box.innerHTML = `<select id="export-format" title="导出格式">${EXPORT_FORMATS.map((f) => `<option value="${f.id}">${f.label}</option>`).join('')}</select>`
      + '<a id="export-link" class="btn" href="#" download title="按当前状态与类别筛选导出全部事件（不含文本搜索）">导出</a>';
    box.hidden = false;
    const format = element(doc, 'export-format', HTMLSelectElement);
    const link = element(doc, 'export-link', HTMLAnchorElement);
    link.addEventListener('click', () => {
      link.href = this.url(format.value === 'csv' ? 'csv' : 'xlsx');
    });
  }

  /** The download of the queue's current filter. */
  url(format: ExportFormat): string {
    const { vocabulary, clock, filter, hours } = this.deps;
    return exportUrl(vocabulary, filter(), format, clock.now(), hours);
  }
}
