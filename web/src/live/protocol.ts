// Frames of the /live WebSocket protocol (docs/live-protocol.md).

export type Channel = 'units' | 'heat' | 'coverage' | 'incidents' | 'posts' | 'alerts' | 'stats';
export type BBox = [number, number, number, number];
export type Params = Record<string, unknown>;

export interface Welcome {
  op: 'welcome';
  session: string;
  time: string;
  channels: Channel[];
  resumeSeconds: number;
  maxSubscriptions: number;
}

export interface Snapshot {
  op: 'snapshot';
  id: string;
  channel: Channel;
  seq: number;
  data: any;
}

export interface Delta {
  op: 'delta';
  id: string;
  channel: Channel;
  seq: number;
  data: any;
}

export interface Resync {
  op: 'resync';
  id: string;
  reason?: string;
}

export interface ErrorFrame {
  op: 'error';
  id?: string;
  code: string;
  message: string;
}

export interface Pong {
  op: 'pong';
  time: string;
}

export type ServerFrame = Welcome | Snapshot | Delta | Resync | ErrorFrame | Pong;

/** Log channels send items (an item replaces one with the same id); the others are keyed state. */
export const LOG_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['incidents', 'alerts']);

/** Parses one text frame; null for anything that is not a protocol object. */
export function parseFrame(text: string): ServerFrame | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (v === null || typeof v !== 'object' || typeof (v as { op?: unknown }).op !== 'string') {
    return null;
  }
  return v as ServerFrame;
}
