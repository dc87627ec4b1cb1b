// The big screen's duty trend (近 7 日勤务趋势): the last days' 护学岗到岗率, 见警率 and 巡逻覆盖率 of the
// screen's area from GET /api/v1/history/daily, as one ECharts line chart. The server chooses the
// days (the last 7 local days ending with its today) and the area (the user's jurisdiction), so a
// wall PC with a wrong clock shows the same days as the server.

import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Api } from '../common/api';
import type { Clock } from '../common/clock';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** How often the trend is fetched again, ms (the server stores the running day every 5 minutes). */
export const TREND_POLL_MS = 5 * 60_000;

/** The three rates, with their Chinese names and colours, in legend order. */
export const TREND_SERIES = [
  { key: 'onPost', name: '护学岗到岗率', color: '#00e676' },
  { key: 'visibility', name: '见警率', color: '#ffd740' },
  { key: 'coverage', name: '巡逻覆盖率', color: '#00e5ff' },
] as const;

export type TrendKey = (typeof TREND_SERIES)[number]['key'];

/** The chart's data: a label per day and, per rate, a percentage per day (null: no figure that day). */
export interface TrendData {
  area: string;
  labels: string[];
  values: Record<TrendKey, (number | null)[]>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A rate 0…1 as a percentage with one decimal, or null. */
function percent(block: unknown): number | null {
  if (!isObject(block) || typeof block.rate !== 'number' || !Number.isFinite(block.rate)) return null;
  return Math.round(block.rate * 1000) / 10;
}

/** `2026-11-27` → `11/27`. */
export function dayLabel(date: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${Number(m[1])}/${Number(m[2])}` : date;
}

/**
 * The chart's data from an answer of GET /api/v1/history/daily: one point per day in the answer's
 * order; a day without figures (not recorded) or without a rate (no duty window on a holiday, no
 * key period) is a gap, never a 0. An answer that is not one gives no days.
 */
export function trendData(answer: unknown): TrendData {
  const values: Record<TrendKey, (number | null)[]> = { onPost: [], visibility: [], coverage: [] };
  const labels: string[] = [];
  const area = isObject(answer) && isObject(answer.area) && typeof answer.area.name === 'string' ? answer.area.name : '';
  const days = isObject(answer) && Array.isArray(answer.days) ? answer.days : [];
  for (const d of days) {
    if (!isObject(d) || typeof d.date !== 'string') continue;
    labels.push(dayLabel(d.date));
    for (const s of TREND_SERIES) values[s.key].push(d.recorded === false ? null : percent(d[s.key]));
  }
  return { area, labels, values };
}

/** The ECharts option of the trend (sizes in root-font units `r`). */
export function trendOption(data: TrendData, r: number): echarts.EChartsCoreOption {
  const font = { color: '#9fd3ff', fontSize: 0.75 * r };
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
    legend: { top: 0, right: 0, textStyle: font, itemWidth: 0.9 * r, itemHeight: 0.5 * r },
    grid: { left: 2.4 * r, right: 0.8 * r, top: 1.6 * r, bottom: 1.4 * r },
    xAxis: { type: 'category', data: data.labels, axisLabel: font, axisLine: { lineStyle: { color: '#1d4f7e' } } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { ...font, formatter: '{value}%' },
      splitLine: { lineStyle: { color: '#1d4f7e', type: 'dashed' } } },
    series: TREND_SERIES.map((s) => ({
      name: s.name, type: 'line', data: data.values[s.key], connectNulls: false, symbolSize: 0.35 * r,
      lineStyle: { color: s.color, width: 2 }, itemStyle: { color: s.color },
    })),
  };
}

/** Fetches the trend and draws it into `#chart-duty-trend`; `start` polls, the answer of `start` stops. */
export class DutyTrend {
  private chart: echarts.ECharts | null = null;
  data: TrendData | null = null;
  error: string | null = null;

  constructor(private readonly doc: Document, private readonly api: Api, private readonly clock: Clock) {}

  start(): () => void {
    const el = this.doc.getElementById('chart-duty-trend');
    if (el) {
      this.chart = echarts.init(el, undefined, { renderer: 'canvas' });
      this.doc.defaultView?.addEventListener('resize', () => {
        this.chart?.resize();
        this.render();
      });
    }
    void this.load();
    return this.clock.every(TREND_POLL_MS, () => void this.load());
  }

  async load(): Promise<void> {
    try {
      this.data = trendData(await this.api.get('/api/v1/history/daily'));
      this.error = null;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      console.error('duty trend', e);
    }
    this.render();
  }

  private render(): void {
    const view = this.doc.defaultView;
    const r = (view && parseFloat(view.getComputedStyle(this.doc.documentElement).fontSize)) || 16;
    const area = this.doc.getElementById('duty-trend-area');
    if (area) area.textContent = this.data?.area ?? '';
    this.chart?.setOption(trendOption(this.data ?? { area: '', labels: [], values: { onPost: [], visibility: [], coverage: [] } }, r), true);
  }
}
