import { describe, expect, it, vi } from 'vitest';
import { type AudioContextLike, type AudioHost, WebAudioAlarm } from '../src/common/alarm-sound';

/** A host whose page events the test fires, with an audio context that records what it was asked to play. */
function host(options: { activated?: boolean; context?: (new () => AudioContextLike) | null } = {}) {
  const listeners = new Map<string, (() => void)[]>();
  const played: { starts: number[]; stops: number[]; tones: number[]; resumed: number } = { starts: [], stops: [], tones: [], resumed: 0 };
  class FakeContext implements AudioContextLike {
    state = 'suspended';
    currentTime = 5;
    destination = {};
    resume() {
      played.resumed++;
      return Promise.reject(new Error('not allowed to start'));
    }
    createGain() {
      return { gain: { setValueAtTime: () => undefined }, connect: () => undefined };
    }
    createOscillator() {
      return {
        type: 'sine', connect: () => undefined,
        frequency: { setValueAtTime: (v: number) => void played.tones.push(v) },
        start: (t?: number) => void played.starts.push(t ?? 0),
        stop: (t?: number) => void played.stops.push(t ?? 0),
      };
    }
  }
  const h: AudioHost = {
    addEventListener: (type, fn) => listeners.set(type, [...(listeners.get(type) ?? []), fn]),
    navigator: { userActivation: { hasBeenActive: options.activated ?? false } },
    AudioContext: options.context === null ? undefined : options.context ?? FakeContext,
  };
  const fire = (type: string) => (listeners.get(type) ?? []).forEach((fn) => fn());
  return { h, played, fire };
}

describe('WebAudioAlarm', () => {
  it('stays silent until someone has interacted with the page, then beeps for a second', () => {
    const { h, played, fire } = host();
    const sound = new WebAudioAlarm(h);
    sound.play();
    expect(played.starts).toEqual([]);
    fire('pointerdown');
    expect(sound.allowed).toBe(true);
    sound.play();
    expect(played.starts).toEqual([5]);
    expect(played.stops).toEqual([6]);
    expect(played.tones).toEqual([960, 720, 960, 720]);
    expect(played.resumed).toBe(1); // a suspended context is resumed; its refusal is swallowed
  });

  it('plays in a page the browser says was interacted with before it loaded the alarm', () => {
    const { h, played } = host({ activated: true });
    new WebAudioAlarm(h).play();
    expect(played.starts).toHaveLength(1);
  });

  it('never throws where audio is missing or blocked', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const missing = host({ activated: true, context: null });
      expect(() => new WebAudioAlarm(missing.h).play()).not.toThrow();
      const blocked = host({ activated: true, context: class { constructor() { throw new Error('NotAllowedError'); } } as unknown as new () => AudioContextLike });
      const sound = new WebAudioAlarm(blocked.h);
      expect(() => sound.play()).not.toThrow();
      expect(() => sound.play()).not.toThrow();
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      warn.mockRestore();
    }
  });
});
