import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { longDateTime } from '../src/common/format';
import { RATE_SPAN_MS, ServerClock } from '../src/common/server-clock';
import { testClock } from './support/fakes';

const SERVER = Date.parse('2026-12-01T08:00:00Z');

describe('ServerClock', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-12-01T05:00:00Z') })); // the browser is 3 hours behind
  afterEach(() => vi.useRealTimers());

  it('is the browser\'s clock until the server tells its time, then the server\'s', () => {
    const clock = new ServerClock(testClock);
    expect(clock.now()).toBe(Date.now());
    clock.observe(SERVER);
    expect(clock.now()).toBe(SERVER);
    expect(clock.skew()).toBe(3 * 3600_000);
    vi.advanceTimersByTime(1500);
    expect(clock.now()).toBe(SERVER + 1500);
    expect(longDateTime(clock.now())).toBe(longDateTime(SERVER + 1500));
  });

  it('counts half the round trip of a pong', () => {
    const clock = new ServerClock(testClock);
    clock.observe(SERVER, 200);
    expect(clock.now()).toBe(SERVER + 100);
  });

  it('runs at the server clock\'s rate: an accelerated demo', () => {
    const clock = new ServerClock(testClock);
    clock.observe(SERVER);
    // The demo's clock runs 10 times as fast: 15 s of the browser are 150 s of the server's.
    vi.advanceTimersByTime(15_000);
    clock.observe(SERVER + 150_000);
    expect(clock.rate).toBeCloseTo(10);
    vi.advanceTimersByTime(1000);
    expect(clock.now()).toBe(SERVER + 160_000);
  });

  it('takes a real-time server\'s jitter for real time, and starts afresh when the server\'s clock goes back', () => {
    const clock = new ServerClock(testClock);
    clock.observe(SERVER);
    vi.advanceTimersByTime(RATE_SPAN_MS);
    clock.observe(SERVER + RATE_SPAN_MS + 50); // 0.5 % off: network jitter
    expect(clock.rate).toBe(1);
    clock.observe(SERVER - 3600_000); // a restarted server an hour earlier
    expect(clock.rate).toBe(1);
    expect(clock.now()).toBe(SERVER - 3600_000);
  });

  it('runs the timers on the browser\'s clock', () => {
    const clock = new ServerClock(testClock);
    clock.observe(SERVER);
    const fn = vi.fn();
    clock.after(1000, fn);
    vi.advanceTimersByTime(999);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledOnce();
  });
});
