// The big screen's ECharts panels, fed by the `stats` channel (and the posts channel for the
// 护学岗 on-post rate when stats has none). Sizes follow the root font size so the same layout
// fills 1920×1080 and 3840×2160.

import * as echarts from 'echarts/core';
import { BarChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { CATEGORY_COLOR, UNIT_STATUS_COLOR, colorOf } from '../common/palette';
import type { Stats } from '../domain/records';
import { scopeRow } from '../domain/stats';
import type { Vocabulary } from '../domain/vocabulary';

echarts.use([BarChart, GaugeChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const TEXT = '#9fd3ff';
const AXIS = '#1d4f7e';

/** What the big screen tells its charts (a test records it instead). */
export interface StatsPanels {
  update(stats: Stats | null): void;
  setPostRate(rate: number | null): void;
}

export class EChartsPanels implements StatsPanels {
  private readonly charts = new Map<string, echarts.ECharts>();
  private stats: Stats | null = null;
  private postRate: number | null = null;

  constructor(private readonly doc: Document, private readonly vocabulary: Vocabulary) {
    for (const id of ['category', 'trend', 'coverage', 'posts', 'visibility', 'units']) {
      const el = this.doc.getElementById(`chart-${id}`);
      if (el) this.charts.set(id, echarts.init(el, undefined, { renderer: 'canvas' }));
    }
    window.addEventListener('resize', () => {
      for (const c of this.charts.values()) c.resize();
      this.render();
    });
    this.render();
  }

  update(stats: Stats | null): void {
    this.stats = stats;
    this.render();
  }

  setPostRate(rate: number | null): void {
    this.postRate = rate;
    this.renderGauges();
  }

  private rem(): number {
    const view = this.doc.defaultView;
    return (view && parseFloat(view.getComputedStyle(this.doc.documentElement).fontSize)) || 16;
  }

  private render(): void {
    const s = this.stats ?? {};
    const r = this.rem();
    const font = { color: TEXT, fontSize: 0.75 * r };
    const today = s.incidentsToday ?? { total: 0, byCategory: {} };
    const v = this.vocabulary;
    // Categories in the vocabulary's order, then any the vocabulary does not know (shown by id).
    const known = v.terms('categories').map((c) => c.id);
    const cats = [...known, ...Object.keys(today.byCategory).filter((c) => !known.includes(c))]
      .filter((c) => (today.byCategory[c] ?? 0) > 0);
    this.charts.get('category')?.setOption({
      tooltip: { trigger: 'item', formatter: '{b}：{c} 起（{d}%）' },
      legend: { orient: 'vertical', right: 0, top: 'middle', textStyle: font, itemWidth: 0.7 * r, itemHeight: 0.7 * r, itemGap: 0.3 * r },
      series: [{
        type: 'pie', radius: ['45%', '75%'], center: ['32%', '52%'], label: { show: false },
        itemStyle: { borderColor: '#061c34', borderWidth: 2 },
        data: cats.map((c) => ({ name: v.label('categories', c), value: today.byCategory[c], itemStyle: { color: colorOf(CATEGORY_COLOR, c) } })),
      }],
    }, true);

    const trend = s.trend24h ?? [];
    this.charts.get('trend')?.setOption({
      tooltip: { trigger: 'axis' },
      grid: { left: 2.2 * r, right: 0.6 * r, top: 0.8 * r, bottom: 1.4 * r },
      xAxis: { type: 'category', data: trend.map((t) => hourLabel(t.hour)), axisLabel: { ...font, interval: 3 }, axisLine: { lineStyle: { color: AXIS } } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: font, splitLine: { lineStyle: { color: AXIS, type: 'dashed' } } },
      series: [{
        type: 'line', smooth: true, symbol: 'none', data: trend.map((t) => t.count),
        lineStyle: { color: '#00e5ff', width: 2 },
        areaStyle: { color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [{ offset: 0, color: 'rgba(0,229,255,0.55)' }, { offset: 1, color: 'rgba(0,229,255,0.02)' }]) },
      }],
    }, true);

    const cov = s.coverage ?? [];
    this.charts.get('coverage')?.setOption({
      tooltip: { trigger: 'axis', formatter: '{b}：{c}%' },
      grid: { left: 4 * r, right: 2.6 * r, top: 0.4 * r, bottom: 0.4 * r },
      xAxis: { type: 'value', max: 100, show: false },
      yAxis: { type: 'category', inverse: true, data: cov.map((c) => c.name), axisLabel: font, axisLine: { show: false }, axisTick: { show: false } },
      series: [{
        type: 'bar', barWidth: '55%', data: cov.map((c) => +(c.rate * 100).toFixed(1)),
        showBackground: true, backgroundStyle: { color: 'rgba(29,79,126,0.35)' },
        label: { show: true, position: 'right', formatter: '{c}%', ...font },
        itemStyle: { color: new echarts.graphic.LinearGradient(0, 0, 1, 0, [{ offset: 0, color: '#0062b8' }, { offset: 1, color: '#00e5ff' }]) },
      }],
    }, true);

    const byKind = s.units?.byKind ?? {};
    const kinds = v.terms('unitKinds');
    this.charts.get('units')?.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, right: 0, textStyle: font, itemWidth: 0.7 * r, itemHeight: 0.7 * r },
      grid: { left: 4.2 * r, right: 0.8 * r, top: 1.6 * r, bottom: 0.4 * r },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', inverse: true, data: kinds.map((k) => k.label), axisLabel: font, axisLine: { show: false }, axisTick: { show: false } },
      series: v.terms('unitStatuses').map((st) => ({
        name: st.label, type: 'bar', stack: 'u', barWidth: '55%',
        itemStyle: { color: colorOf(UNIT_STATUS_COLOR, st.id) },
        data: kinds.map((k) => byKind[k.id]?.[st.id] ?? 0),
      })),
    }, true);
    this.renderGauges();
  }

  private renderGauges(): void {
    const s = this.stats ?? {};
    const posts = scopeRow(s.posts)?.rate ?? this.postRate;
    gauge(this.charts.get('posts'), '护学岗到岗率', posts ?? null, this.rem());
    gauge(this.charts.get('visibility'), '见警率', scopeRow(s.visibility)?.rate ?? null, this.rem());
  }
}

function gauge(chart: echarts.ECharts | undefined, name: string, rate: number | null, r: number): void {
  chart?.setOption({
    series: [{
      type: 'gauge', min: 0, max: 100, radius: '88%', center: ['50%', '58%'], startAngle: 215, endAngle: -35,
      progress: { show: true, width: 0.6 * r, itemStyle: { color: rate == null ? '#37474f' : rate >= 0.9 ? '#00e676' : rate >= 0.7 ? '#ffd740' : '#ff5252' } },
      axisLine: { lineStyle: { width: 0.6 * r, color: [[1, '#12314f']] } },
      axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false }, pointer: { show: false },
      title: { show: true, offsetCenter: [0, '62%'], color: TEXT, fontSize: 0.85 * r },
      detail: {
        valueAnimation: false, offsetCenter: [0, '0%'], fontSize: 1.6 * r, color: '#e3f6ff',
        formatter: () => (rate == null ? '—' : `${(rate * 100).toFixed(1)}%`),
      },
      data: [{ value: rate == null ? 0 : +(rate * 100).toFixed(1), name }],
    }],
  }, true);
}

function hourLabel(h: string): string {
  const d = new Date(h);
  return Number.isNaN(d.getTime()) ? String(h) : `${String(d.getHours()).padStart(2, '0')}时`;
}
