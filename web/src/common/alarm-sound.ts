// A short alarm tone for an urgent alert (紧急求助), made with Web Audio: nothing to download. A
// browser lets a page make sound only after someone has interacted with it, so the tone plays only
// then; before that, or where audio is blocked or missing, it stays silent and never throws (the
// banner is the alarm, the tone only a help).

/** What a page calls on a new urgent alert; a test supplies its own. */
export interface AlarmSound {
  play(): void;
}

export const SILENT: AlarmSound = { play: () => {} };

/** The parts of Web Audio the tone uses. */
interface AudioParamLike {
  setValueAtTime(value: number, time: number): unknown;
}

interface AudioNodeLike {
  connect(destination: unknown): unknown;
}

interface OscillatorLike extends AudioNodeLike {
  type: string;
  frequency: AudioParamLike;
  start(when?: number): void;
  stop(when?: number): void;
}

interface GainLike extends AudioNodeLike {
  gain: AudioParamLike;
}

export interface AudioContextLike {
  readonly state: string;
  readonly currentTime: number;
  readonly destination: unknown;
  resume(): Promise<void>;
  createOscillator(): OscillatorLike;
  createGain(): GainLike;
}

/** The parts of the browser's window the tone needs (a test supplies its own). */
export interface AudioHost {
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void;
  readonly navigator?: { readonly userActivation?: { readonly hasBeenActive: boolean } };
  readonly AudioContext?: new () => AudioContextLike;
}

/** Four beeps, alternating high and low, in one second. */
const BEEPS = 4;
const BEEP_S = 0.18;
const STEP_S = 0.25;
const TONES = [960, 720];
const VOLUME = 0.15;

export class WebAudioAlarm implements AlarmSound {
  private context: AudioContextLike | null = null;
  private interacted = false;

  constructor(private readonly host: AudioHost) {
    const arm = () => (this.interacted = true);
    for (const type of ['pointerdown', 'keydown']) host.addEventListener(type, arm, { once: true, capture: true, passive: true });
  }

  /** Whether the page may make sound: someone has clicked or typed in it. */
  get allowed(): boolean {
    return this.interacted || this.host.navigator?.userActivation?.hasBeenActive === true;
  }

  play(): void {
    if (!this.allowed) return;
    try {
      const Context = this.host.AudioContext;
      if (!Context) return;
      const ctx = (this.context ??= new Context());
      if (ctx.state === 'suspended') ctx.resume().catch(() => {});
      const t0 = ctx.currentTime;
      const gain = ctx.createGain();
      gain.gain.setValueAtTime(0, t0);
      gain.connect(ctx.destination);
      const osc = ctx.createOscillator();
      osc.type = 'square';
      for (let k = 0; k < BEEPS; k++) {
        const t = t0 + k * STEP_S;
        osc.frequency.setValueAtTime(TONES[k % TONES.length], t);
        gain.gain.setValueAtTime(VOLUME, t);
        gain.gain.setValueAtTime(0, t + BEEP_S);
      }
      osc.connect(gain);
      osc.start(t0);
      osc.stop(t0 + BEEPS * STEP_S);
    } catch (e) {
      console.warn('alarm sound: not played', e);
    }
  }
}

/** The browser's window as an audio host. */
export function browserAudioHost(win: Window & typeof globalThis): AudioHost {
  return {
    addEventListener: (type, listener, options) => win.addEventListener(type, listener, options),
    navigator: win.navigator as Navigator & { userActivation?: { hasBeenActive: boolean } },
    AudioContext: typeof win.AudioContext === 'function' ? (win.AudioContext as unknown as new () => AudioContextLike) : undefined,
  };
}
