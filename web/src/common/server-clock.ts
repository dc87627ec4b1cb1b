// The pages' clock set by the server's (docs/live-protocol.md: `welcome` and `pong` carry the
// server's `time`): the header clock, "x minutes ago" and every age the pages compute read the
// server's time, not the browser's, so that a wall PC whose clock is wrong and an accelerated demo
// (the server's clock running faster than real time) show what the server says. Between two
// readings it runs on from the last one at the rate measured between readings at least
// RATE_SPAN_MS apart (1 unless it differs by more than RATE_TOLERANCE: a real-time server's clock
// does not drift visibly). Timers are the browser's (real time).

import type { Clock } from './clock';

/** Readings this far apart (browser time) measure the server clock's rate. */
export const RATE_SPAN_MS = 10_000;
/** A rate within this of 1 is taken as 1 (real time; the difference is network jitter). */
export const RATE_TOLERANCE = 0.02;
/** The reading the rate is measured from is renewed after this long. */
export const RATE_ANCHOR_MS = 5 * 60_000;

interface Reading {
  server: number;
  local: number;
}

export class ServerClock implements Clock {
  private last: Reading | null = null;
  private anchor: Reading | null = null;
  private rateValue = 1;

  constructor(private readonly base: Clock) {}

  /** The server's time now: the last reading run on at the measured rate; the browser's until a first reading. */
  now(): number {
    const last = this.last;
    if (!last) return this.base.now();
    return Math.round(last.server + (this.base.now() - last.local) * this.rateValue);
  }

  /**
   * A reading of the server's clock: `serverMs` as the server sent it, received now; `rttMs` the
   * round trip of the request it answers (a pong: the server read its clock about half-way), or
   * null (a welcome).
   */
  observe(serverMs: number, rttMs: number | null = null): void {
    if (!Number.isFinite(serverMs)) return;
    const local = this.base.now();
    const server = serverMs + (rttMs !== null && rttMs > 0 ? rttMs / 2 : 0);
    const anchor = this.anchor;
    if (anchor && server < anchor.server) {
      // The server's clock went back (a restart, another server): start measuring afresh.
      this.anchor = null;
      this.rateValue = 1;
    } else if (anchor && local - anchor.local >= RATE_SPAN_MS) {
      const rate = (server - anchor.server) / (local - anchor.local);
      this.rateValue = Math.abs(rate - 1) <= RATE_TOLERANCE ? 1 : rate;
    }
    if (!this.anchor || local - this.anchor.local >= RATE_ANCHOR_MS) this.anchor = { server, local };
    this.last = { server, local };
  }

  /** How far the server's clock is ahead of the browser's now, ms (negative: behind). */
  skew(): number {
    return this.now() - this.base.now();
  }

  /** Server milliseconds per browser millisecond (1: real time). */
  get rate(): number {
    return this.rateValue;
  }

  after(ms: number, fn: () => void): () => void {
    return this.base.after(ms, fn);
  }

  every(ms: number, fn: () => void): () => void {
    return this.base.every(ms, fn);
  }

  frame(fn: () => void): void {
    this.base.frame(fn);
  }
}
