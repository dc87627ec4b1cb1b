// The casework part of an incident (records.ts, Casework): its units, handling level, 督办, merge
// target, response figures and time limits, read from the flat fields of a /live item or a REST
// Feature's properties. Every field is optional: a server without it gives an empty part (no
// units, nothing supervised or overdue), and a malformed element is left out, not the incident.

import { type JsonObject, booleanField, isObject, listOf, numberField, stringField } from './json';
import { type CaseUnit, type Casework, DEADLINE_STEPS, type DeadlineStep, type Supervision } from './records';

export function decodeCasework(o: JsonObject): Casework {
  return {
    units: listOf(o.units, decodeCaseUnit),
    level: stringField(o, 'level'),
    levelLabel: stringField(o, 'levelLabel'),
    supervision: decodeSupervision(o.supervision),
    mergedInto: numberField(o, 'mergedInto'),
    dispatchSeconds: numberField(o, 'dispatchSeconds'),
    deadlines: decodeDeadlines(o.deadlines),
    overdue: listOf(o.overdue, (x) => (typeof x === 'string' ? x : null)),
  };
}

function decodeCaseUnit(v: unknown): CaseUnit | null {
  if (!isObject(v)) return null;
  const unit = stringField(v, 'unit');
  if (unit === null) return null;
  return { unit, role: stringField(v, 'role') ?? 'support', onScene: booleanField(v, 'onScene') ?? false, sentAt: stringField(v, 'sentAt') };
}

/** null for none, and for a flag without a deadline or an instruction (nothing to show). */
function decodeSupervision(v: unknown): Supervision | null {
  if (!isObject(v)) return null;
  const s = { due: stringField(v, 'due'), note: stringField(v, 'note'), by: stringField(v, 'by'), at: stringField(v, 'at') };
  return s.due === null && s.note === null ? null : s;
}

/** The steps with an instant that parses; others (and unknown steps) left out. */
function decodeDeadlines(v: unknown): Partial<Record<DeadlineStep, string>> {
  const out: Partial<Record<DeadlineStep, string>> = {};
  if (!isObject(v)) return out;
  for (const step of DEADLINE_STEPS) {
    const at = stringField(v, step);
    if (at !== null && !Number.isNaN(Date.parse(at))) out[step] = at;
  }
  return out;
}

/** The dispatch policy an answer of GET /api/v1/units/nearest?for= applied: the unit kinds that lead and support. */
export interface NearestPolicy {
  lead: string[];
  support: string[];
  supportUnits: number;
}

/** The `policy` of a nearest answer; null when it has none (no for=, or an older server). */
export function decodeNearestPolicy(v: unknown): NearestPolicy | null {
  if (!isObject(v) || !isObject(v.policy)) return null;
  const kinds = (x: unknown) => listOf(x, (k) => (typeof k === 'string' ? k : null));
  return { lead: kinds(v.policy.lead), support: kinds(v.policy.support), supportUnits: numberField(v.policy, 'supportUnits') ?? 0 };
}
