// The console's reading of the incident workflow, all from the server's vocabulary except the few
// statuses the console's own actions name: dispatching (POST …/dispatch) makes an incident
// `dispatched`, and a `reported` incident is accepted first.

import type { Vocabulary } from '../domain/vocabulary';

export const REPORTED = 'reported';
export const ACCEPTED = 'accepted';
export const DISPATCHED = 'dispatched';

/** The queue's status filter (the options of #f-status): waiting for a unit, being handled, done. */
export type StatusGroup = 'open' | 'active' | 'done' | '';

/** Statuses waiting for a unit; `done` is the vocabulary's terminal statuses, `active` all others. */
const OPEN: ReadonlySet<string> = new Set([REPORTED, ACCEPTED]);

export function inGroup(vocabulary: Vocabulary, group: StatusGroup, status: string): boolean {
  switch (group) {
    case '':
      return true;
    case 'open':
      return OPEN.has(status);
    case 'done':
      return vocabulary.isTerminal(status);
    case 'active':
      return !OPEN.has(status) && !vocabulary.isTerminal(status);
  }
}

export function isStatusGroup(v: string): v is StatusGroup {
  return v === '' || v === 'open' || v === 'active' || v === 'done';
}

/**
 * The transitions offered as buttons: every next status but `dispatched`, which needs a unit and
 * is offered in the nearest-units table instead.
 */
export function transitionButtons(vocabulary: Vocabulary, status: string): readonly string[] {
  return vocabulary.next(status).filter((s) => s !== DISPATCHED);
}

/** Whether a unit can be sent: directly, or for a reported incident after accepting it. */
export function canDispatch(vocabulary: Vocabulary, status: string): boolean {
  if (vocabulary.next(status).includes(DISPATCHED)) return true;
  return status === REPORTED && vocabulary.next(REPORTED).includes(ACCEPTED) && vocabulary.next(ACCEPTED).includes(DISPATCHED);
}
