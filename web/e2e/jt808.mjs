// A JT/T 808 terminal for the browser tests: frames built from the standard (2013 header: 6-byte BCD
// phone), over Node's net module. Only what the tests need: register, authenticate, report a location.
import { connect } from 'node:net';

const REGISTRATION = 0x0100;
const AUTHENTICATION = 0x0102;
const LOCATION = 0x0200;
const PLATFORM_GENERAL_RESPONSE = 0x8001;
const REGISTRATION_RESPONSE = 0x8100;
/** Alarm flag bit 0: the emergency button (紧急报警). */
export const ALARM_EMERGENCY = 1;

function bcd(digits) {
  const out = [];
  for (let i = 0; i < digits.length; i += 2) out.push((Number(digits[i]) << 4) | Number(digits[i + 1]));
  return out;
}

function u16(v) { return [(v >> 8) & 0xff, v & 0xff]; }
function u32(v) { return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]; }
function fixed(text, length) {
  const b = [...Buffer.from(text, 'latin1')].slice(0, length);
  while (b.length < length) b.push(0);
  return b;
}

/** A whole frame: header, body, XOR check code, escaped, between 0x7e delimiters. */
export function frame(messageId, phone, serial, body) {
  const content = [...u16(messageId), ...u16(body.length & 0x3ff), ...bcd(phone.padStart(12, '0')), ...u16(serial), ...body];
  content.push(content.reduce((x, b) => x ^ b, 0));
  const escaped = [];
  for (const b of content) {
    if (b === 0x7e) escaped.push(0x7d, 0x02);
    else if (b === 0x7d) escaped.push(0x7d, 0x01);
    else escaped.push(b);
  }
  return Buffer.from([0x7e, ...escaped, 0x7e]);
}

/** The BCD time yyMMddHHmmss of `date` in GMT+8. */
function bcdTime(date) {
  const t = new Date(date.getTime() + 8 * 3600_000);
  const p = (n) => String(n).padStart(2, '0');
  return bcd(`${p(t.getUTCFullYear() % 100)}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}`
    + `${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}`);
}

/** A 0x0200 body: positioned (status bit 1), WGS84 lon/lat, `alarms` flags, at `time`. */
export function locationBody(lon, lat, time, alarms = 0) {
  return [...u32(alarms), ...u32(0b11), ...u32(Math.round(lat * 1e6)), ...u32(Math.round(lon * 1e6)), ...u16(10),
    ...u16(200), ...u16(90), ...bcdTime(time)];
}

/** Parses the platform's frames in `bytes` (whole frames only), each `{ id, body }`. */
function parseFrames(bytes) {
  const out = [];
  let start = -1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x7e) continue;
    if (start >= 0 && i > start + 1) {
      const raw = [];
      for (let j = start + 1; j < i; j++) {
        if (bytes[j] === 0x7d) { raw.push(bytes[j + 1] === 0x02 ? 0x7e : 0x7d); j++; } else raw.push(bytes[j]);
      }
      const id = (raw[0] << 8) | raw[1];
      out.push({ id, body: raw.slice(12, raw.length - 1) });
      start = -1;
    } else {
      start = i;
    }
  }
  return out;
}

/** Opens a terminal with `phone` on `port`; resolves with `{ register, authenticate, report, close }`. */
export async function openTerminal(port, phone) {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise((res, rej) => { socket.once('connect', res); socket.once('error', rej); });
  let buffered = Buffer.alloc(0);
  const waiting = [];
  const received = [];
  socket.on('data', (d) => {
    buffered = Buffer.concat([buffered, d]);
    const last = buffered.lastIndexOf(0x7e);
    // Whole frames end at a delimiter that closes one: keep what follows the last complete frame.
    const frames = parseFrames(buffered.subarray(0, last + 1));
    if (frames.length > 0) buffered = buffered.subarray(last + 1);
    for (const f of frames) (waiting.length ? waiting.shift() : (x) => received.push(x))(f);
  });
  const next = () => new Promise((res, rej) => {
    if (received.length) { res(received.shift()); return; }
    const timer = setTimeout(() => rej(new Error(`terminal ${phone}: no answer in 10 s`)), 10_000);
    waiting.push((f) => { clearTimeout(timer); res(f); });
  });
  let serial = 0;
  const send = (id, body) => socket.write(frame(id, phone, serial++, body));
  const result = async (expected) => {
    const f = await next();
    if (f.id !== expected) throw new Error(`terminal ${phone}: expected 0x${expected.toString(16)}, got 0x${f.id.toString(16)}`);
    return f.body;
  };
  return {
    /** Registers (2013 layout); resolves with `{ result, code }`. */
    async register() {
      send(REGISTRATION, [...u16(37), ...u16(1602), ...fixed('GWE2E', 5), ...fixed('GW-808', 20), ...fixed('E2E0001', 7),
        1, ...Buffer.from('TEST808', 'latin1')]);
      const b = await result(REGISTRATION_RESPONSE);
      return { result: b[2], code: Buffer.from(b.slice(3)).toString('latin1') };
    },
    /** Authenticates with `code`; resolves with the general response's result (0 success). */
    async authenticate(code) {
      send(AUTHENTICATION, [...Buffer.from(code, 'latin1')]);
      return (await result(PLATFORM_GENERAL_RESPONSE))[4];
    },
    /** Reports one location; resolves with the general response's result (0: committed). */
    async report(lon, lat, time, alarms = 0) {
      send(LOCATION, locationBody(lon, lat, time, alarms));
      return (await result(PLATFORM_GENERAL_RESPONSE))[4];
    },
    close() { socket.destroy(); },
  };
}
