// What a unit's terminal reported beside its fix, in words (电量 76%（充电中）, 点火 开, 海拔 12 米 …):
// pure functions of a unit's detail and the clock, shown where a unit is shown (the console's unit
// popup, the SOS banner). Only what the terminal reported is listed: a phone running Traccar
// Client reports a battery and no ignition, a car's JT/T 808 terminal the opposite.

import type { Device } from '../domain/records';
import type { Vocabulary } from '../domain/vocabulary';
import { ago, dateTime, escapeHtml } from './format';

/** The fields of a device row, in the order shown; `fix` is the last fix's time. */
export type DeviceField =
  | 'battery' | 'ignition' | 'moving' | 'altitude' | 'satellites' | 'hdop' | 'signal' | 'odometer' | 'fuel' | 'alarms' | 'fix';

export interface DeviceRow {
  field: DeviceField;
  label: string;
  value: string;
}

const LABEL: Readonly<Record<DeviceField, string>> = {
  battery: '电量', ignition: '点火', moving: '运动状态', altitude: '海拔', satellites: '卫星数', hdop: '精度因子',
  signal: '信号', odometer: '里程', fuel: '油量', alarms: '当前报警', fix: '最后定位时间',
};

/** '76%（充电中）', '76%', '充电中'; null when neither is known. */
export function batteryText(d: Pick<Device, 'battery' | 'charging'>): string | null {
  const pct = d.battery === null ? null : `${Math.round(Math.min(100, Math.max(0, d.battery)))}%`;
  if (d.charging === true) return pct === null ? '充电中' : `${pct}（充电中）`;
  return pct;
}

/** '1,234.5 公里' for metres. */
export function odometerText(metres: number): string {
  return `${(metres / 1000).toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} 公里`;
}

/** The alarms set now, by their labels ('紧急报警、跌倒报警'); an alarm without a label by the vocabulary's. */
export function alarmText(d: Pick<Device, 'alarms' | 'alarmLabels'>, vocabulary: Vocabulary): string | null {
  if (d.alarms.length === 0) return null;
  return d.alarms.map((id, k) => d.alarmLabels[k] ?? vocabulary.label('deviceAlarms', id)).join('、');
}

/**
 * The rows for a unit: what its terminal reported (`device`, null for nothing), then the time of
 * its last fix with how long ago that was (`fixTime`, null for a unit that never reported).
 */
export function deviceRows(device: Device | null, fixTime: string | null, now: number, vocabulary: Vocabulary): DeviceRow[] {
  const rows: DeviceRow[] = [];
  const add = (field: DeviceField, value: string | null) => {
    if (value !== null) rows.push({ field, label: LABEL[field], value });
  };
  if (device) {
    const d = device;
    add('battery', batteryText(d));
    add('ignition', d.ignition === null ? null : d.ignition ? '开' : '关');
    add('moving', d.moving === null ? null : d.moving ? '移动中' : '静止');
    add('altitude', d.altitude === null ? null : `${Math.round(d.altitude)} 米`);
    add('satellites', d.satellites === null ? null : `${d.satellites} 颗`);
    add('hdop', d.hdop === null ? null : d.hdop.toFixed(1));
    add('signal', d.signal === null ? null : String(d.signal));
    add('odometer', d.odometer === null ? null : odometerText(d.odometer));
    add('fuel', d.fuel === null ? null : `${d.fuel.toFixed(1)} 升`);
    add('alarms', alarmText(d, vocabulary));
  }
  add('fix', fixTime === null ? null : `${dateTime(fixTime)}（${ago(fixTime, now)}）`);
  return rows;
}

/** The rows as a definition list (`dl.device`); the current alarms are marked. */
export function deviceHtml(rows: readonly DeviceRow[]): string {
  if (rows.length === 0) return '';
  return `<dl class="device">${rows.map((r) => `<dt>${r.label}</dt><dd data-field="${r.field}"${r.field === 'alarms' ? ' class="alarm"' : ''}>${escapeHtml(r.value)}</dd>`).join('')}</dl>`;
}
