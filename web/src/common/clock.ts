// Time as the pages see it: injected, so that a test drives it (with Vitest's fake timers or its
// own clock) and the pages touch no timer global directly.

export interface Clock {
  /** milliseconds since the epoch */
  now(): number;
  /** Runs `fn` once after `ms`; the answer cancels it. */
  after(ms: number, fn: () => void): () => void;
  /** Runs `fn` every `ms`; the answer cancels it. */
  every(ms: number, fn: () => void): () => void;
  /** Runs `fn` before the next repaint. */
  frame(fn: () => void): void;
}

/** The browser's timers, looked up at each call (so that fake timers installed later apply). */
export const systemClock: Clock = {
  now: () => Date.now(),
  after: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
  every: (ms, fn) => {
    const t = setInterval(fn, ms);
    return () => clearInterval(t);
  },
  frame: (fn) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => fn());
    else setTimeout(fn, 16);
  },
};
