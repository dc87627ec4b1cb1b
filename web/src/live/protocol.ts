// Frames of the /live WebSocket protocol (docs/live-protocol.md). parseFrame is the boundary: it
// checks each frame's fields and leaves `data` as `unknown` for the channel's decoder
// (./channels.ts), which knows what the subscription's channel sends.

import { type JsonObject, isObject, numberField, stringField } from '../domain/json';
import { type Channel, isChannel } from './channels';

export type BBox = [number, number, number, number];
export type Params = Record<string, string | number | boolean | readonly (string | number)[]>;

export interface Welcome {
  op: 'welcome';
  session: string;
  time: string | null;
  channels: Channel[];
  resumeSeconds: number | null;
  maxSubscriptions: number | null;
}

export interface DataFrame {
  op: 'snapshot' | 'delta';
  id: string;
  channel: string;
  seq: number;
  data: unknown;
}

export interface Resync {
  op: 'resync';
  id: string;
  reason: string | null;
}

export interface ErrorFrame {
  op: 'error';
  id: string | null;
  code: string;
  message: string;
}

export interface Pong {
  op: 'pong';
  time: string | null;
}

export type ServerFrame = Welcome | DataFrame | Resync | ErrorFrame | Pong;

/** Parses one text frame; null for anything that is not a well-formed server frame. */
export function parseFrame(text: string): ServerFrame | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  return isObject(v) ? frameOf(v) : null;
}

function frameOf(o: JsonObject): ServerFrame | null {
  // The frame's kind is in `op`; an error may name it in `type` instead (the wording of the
  // authentication contract for `unauthenticated`), which reads the same.
  const op = typeof o.op === 'string' ? o.op : o.type === 'error' ? 'error' : undefined;
  switch (op) {
    case 'welcome': {
      const session = stringField(o, 'session');
      if (session === null) return null;
      return {
        op: 'welcome', session, time: stringField(o, 'time'),
        channels: Array.isArray(o.channels) ? o.channels.filter(isChannel) : [],
        resumeSeconds: numberField(o, 'resumeSeconds'), maxSubscriptions: numberField(o, 'maxSubscriptions'),
      };
    }
    case 'snapshot':
    case 'delta': {
      const id = stringField(o, 'id');
      const seq = numberField(o, 'seq');
      if (id === null || seq === null) return null;
      return { op, id, seq, channel: stringField(o, 'channel') ?? '', data: o.data };
    }
    case 'resync': {
      const id = stringField(o, 'id');
      return id === null ? null : { op: 'resync', id, reason: stringField(o, 'reason') };
    }
    case 'error': {
      const code = stringField(o, 'code');
      return code === null ? null : { op: 'error', id: stringField(o, 'id'), code, message: stringField(o, 'message') ?? '' };
    }
    case 'pong':
      return { op: 'pong', time: stringField(o, 'time') };
    default:
      return null;
  }
}
