// A short message at the bottom of the console, gone after a few seconds.

import type { Clock } from '../common/clock';

const SHOWN_MS = 4000;

export class Toast {
  private cancel: (() => void) | null = null;

  constructor(private readonly el: HTMLElement, private readonly clock: Clock) {}

  show(text: string, error = false): void {
    this.el.textContent = text;
    this.el.className = `toast ${error ? 'error' : ''}`;
    this.el.hidden = false;
    this.cancel?.();
    this.cancel = this.clock.after(SHOWN_MS, () => (this.el.hidden = true));
  }
}
