import { describe, expect, it } from 'vitest';
import { TREND_SERIES, dayLabel, trendData, trendOption } from '../src/bigscreen/duty-trend';

const day = (date: string, onPost: number | null, visibility: number | null, coverage: number | null) => ({
  date, recorded: true, complete: true,
  onPost: { decided: 10, onTime: 9, rate: onPost }, visibility: { slots: 4, seen: 3, rate: visibility },
  coverage: { grids: 100, visited: 80, rate: coverage },
});

const answer = {
  area: { code: '371602', name: '滨城区', level: 'county' }, from: '2026-11-25', to: '2026-11-27', timeZone: 'Asia/Shanghai',
  days: [
    day('2026-11-25', 0.9, 0.75, 0.8123),
    { date: '2026-11-26', recorded: false, complete: null, onPost: null, visibility: null, coverage: null },
    day('2026-11-27', null, 0.5, 1),
  ],
};

describe('duty trend', () => {
  it('maps each day of the history to a label and a percentage per rate, gaps where there is no figure', () => {
    const d = trendData(answer);
    expect(d.area).toBe('滨城区');
    expect(d.labels).toEqual(['11/25', '11/26', '11/27']);
    expect(d.values.onPost).toEqual([90, null, null]); // 11/27: nothing decided (a holiday), not 0
    expect(d.values.visibility).toEqual([75, null, 50]);
    expect(d.values.coverage).toEqual([81.2, null, 100]);
  });

  it('gives no days for an answer that is not a history', () => {
    expect(trendData(null).labels).toEqual([]);
    expect(trendData({ days: [{ nodate: 1 }, 'x'] }).labels).toEqual([]);
    expect(dayLabel('2027-01-05')).toBe('1/5');
  });

  it('draws one line per rate, in Chinese, on a 0–100 % axis', () => {
    const option = trendOption(trendData(answer), 16) as {
      series: { name: string; data: (number | null)[] }[]; yAxis: { max: number }; xAxis: { data: string[] };
    };
    expect(option.series.map((s) => s.name)).toEqual(['护学岗到岗率', '见警率', '巡逻覆盖率']);
    expect(option.series.map((s) => s.name)).toEqual(TREND_SERIES.map((s) => s.name));
    expect(option.series[2].data).toEqual([81.2, null, 100]);
    expect(option.yAxis.max).toBe(100);
    expect(option.xAxis.data).toEqual(['11/25', '11/26', '11/27']);
  });
});
