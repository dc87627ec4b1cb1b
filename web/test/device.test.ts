import { describe, expect, it } from 'vitest';
import { alarmText, batteryText, deviceHtml, deviceRows, odometerText } from '../src/common/device';
import { dateTime } from '../src/common/format';
import { decodeDevice, decodeUnitDetail } from '../src/domain/decode';
import type { Device } from '../src/domain/records';
import { vocabulary } from './support/fakes';

const NOW = Date.parse('2026-12-01T08:00:00Z');
const none: Device = {
  battery: null, charging: null, ignition: null, altitude: null, hdop: null, satellites: null, signal: null,
  odometer: null, fuel: null, alarms: [], alarmLabels: [], moving: null, event: null,
};

describe('device rows', () => {
  it('lists everything a JT/T 808 terminal reported, in Chinese, in order', () => {
    const fix = new Date(NOW - 40_000).toISOString();
    const d: Device = {
      ...none, battery: 76.4, charging: true, ignition: false, altitude: 12.6, satellites: 9, hdop: 0.84, signal: 23,
      odometer: 123_456.7, fuel: 45.25, alarms: ['sos', 'fall_down'], alarmLabels: ['紧急报警', '跌倒报警'],
    };
    expect(deviceRows(d, fix, NOW, vocabulary()).map((r) => [r.label, r.value])).toEqual([
      ['电量', '76%（充电中）'], ['点火', '关'], ['海拔', '13 米'], ['卫星数', '9 颗'], ['精度因子', '0.8'], ['信号', '23'],
      ['里程', '123.5 公里'], ['油量', '45.3 升'], ['当前报警', '紧急报警、跌倒报警'], ['最后定位时间', `${dateTime(fix)}（40 秒前）`],
    ]);
  });

  it('lists only what was reported: a phone\'s battery and motion, no ignition, no fuel', () => {
    const rows = deviceRows({ ...none, battery: 64, charging: false, moving: true }, null, NOW, vocabulary());
    expect(rows.map((r) => [r.field, r.value])).toEqual([['battery', '64%'], ['moving', '移动中']]);
  });

  it('shows only the time of the last fix for a terminal that reported nothing beside it, and nothing for a unit never seen', () => {
    const fix = new Date(NOW - 3 * 3600_000).toISOString();
    expect(deviceRows(null, fix, NOW, vocabulary()).map((r) => r.value)).toEqual([`${dateTime(fix)}（3 小时前）`]);
    expect(deviceRows(null, null, NOW, vocabulary())).toEqual([]);
    expect(deviceHtml([])).toBe('');
  });

  it('words the battery, the odometer and the alarms', () => {
    expect(batteryText({ battery: 100.4, charging: null })).toBe('100%');
    expect(batteryText({ battery: null, charging: true })).toBe('充电中');
    expect(batteryText({ battery: null, charging: false })).toBeNull();
    expect(odometerText(1_234_567)).toBe('1,234.6 公里');
    expect(odometerText(0)).toBe('0.0 公里');
    // an alarm the server sent no label for gets the vocabulary's; one it does not know, its id
    expect(alarmText({ alarms: ['power_cut', 'meteor'], alarmLabels: [] }, vocabulary())).toBe('电源掉电、meteor');
    expect(alarmText({ alarms: [], alarmLabels: [] }, vocabulary())).toBeNull();
  });

  it('marks the current alarms and escapes what it shows', () => {
    const html = deviceHtml([{ field: 'alarms', label: '当前报警', value: '<b>紧急报警</b>' }, { field: 'signal', label: '信号', value: '3' }]);
    expect(html).toBe('<dl class="device"><dt>当前报警</dt><dd data-field="alarms" class="alarm">&lt;b&gt;紧急报警&lt;/b&gt;</dd>'
      + '<dt>信号</dt><dd data-field="signal">3</dd></dl>');
  });
});

describe('decoding a unit\'s device', () => {
  it('reads the fields present and leaves the rest null', () => {
    expect(decodeDevice({ battery: 64, alarms: ['sos'], alarmLabels: ['紧急报警'], ignition: 'on', satellites: 7 })).toEqual({
      ...none, battery: 64, alarms: ['sos'], alarmLabels: ['紧急报警'], satellites: 7,
    });
    expect(decodeDevice(undefined)).toBeNull();
    expect(decodeDevice([1, 2])).toBeNull();
  });

  it('reads GET /api/v1/units/{id}: the unit, its agency and its device', () => {
    const u = decodeUnitDetail({
      type: 'Feature', id: 'U1', geometry: { type: 'Point', coordinates: [118.01, 37.4] },
      properties: { id: 'U1', callSign: '滨城巡逻1号', kind: 'police_car', status: 'available', agency: '滨城分局', time: '2026-12-01T07:59:00Z',
        device: { battery: 76, charging: true } },
    });
    expect(u).toMatchObject({ id: 'U1', callSign: '滨城巡逻1号', lon: 118.01, lat: 37.4, agency: '滨城分局', time: '2026-12-01T07:59:00Z' });
    expect(u?.device).toEqual({ ...none, battery: 76, charging: true });
    const bare = decodeUnitDetail({ type: 'Feature', id: 'U2', geometry: null, properties: { id: 'U2', kind: 'foot_patrol', status: 'off_duty' } });
    expect(bare?.device).toBeNull();
    expect(bare?.agency).toBeNull();
  });
});
