// The domain vocabulary from the server (GET /api/v1/vocabulary): identifiers and Chinese labels of
// every enumeration, and the incident workflow (which statuses each status may change to). The
// pages fetch it once at start and take every label and transition from it; what they keep
// themselves is presentation only (colours, icon characters: ../common/palette.ts), keyed by the
// server's identifiers. An identifier the vocabulary does not know is shown as itself.

import type { Api } from '../common/api';
import type { Clock } from '../common/clock';
import { booleanField, isObject, listOf, stringField } from './json';

export const TERM_LISTS = [
  'categories', 'severities', 'sources', 'statuses', 'unitKinds', 'unitStatuses', 'dutyStates', 'schoolKinds', 'keyPlaceKinds',
  'alertKinds', 'deviceAlarms', 'alertSeverities', 'heatWindows', 'coverageStates', 'rejectReasons', 'adminLevels', 'caseActions', 'handlingLevels',
] as const;

export type TermList = (typeof TERM_LISTS)[number];

export interface Term {
  readonly id: string;
  readonly label: string;
}

export interface StatusTerm extends Term {
  /** the statuses this one may change to */
  readonly next: readonly string[];
  readonly terminal: boolean;
}

export class Vocabulary {
  private readonly labels = new Map<TermList, ReadonlyMap<string, string>>();
  private readonly statusById: ReadonlyMap<string, StatusTerm>;

  private constructor(private readonly lists: Readonly<Record<TermList, readonly Term[]>>, private readonly statusList: readonly StatusTerm[]) {
    for (const name of TERM_LISTS) this.labels.set(name, new Map(lists[name].map((t) => [t.id, t.label])));
    this.statusById = new Map(statusList.map((s) => [s.id, s]));
  }

  /**
   * Reads the server's document. Lenient, so that an older or newer server still gives a usable
   * page: a missing list is empty, a malformed entry is left out.
   */
  static fromJson(v: unknown): Vocabulary {
    const o = isObject(v) ? v : {};
    const term = (x: unknown): Term | null => {
      if (!isObject(x)) return null;
      const id = stringField(x, 'id');
      return id === null ? null : { id, label: stringField(x, 'label') ?? id };
    };
    const statuses = listOf(o.statuses, (x): StatusTerm | null => {
      const t = term(x);
      if (!t || !isObject(x)) return null;
      const next = Array.isArray(x.next) ? x.next.filter((n): n is string => typeof n === 'string') : [];
      return { ...t, next, terminal: booleanField(x, 'terminal') ?? next.length === 0 };
    });
    const lists = {} as Record<TermList, readonly Term[]>;
    for (const name of TERM_LISTS) lists[name] = name === 'statuses' ? statuses : listOf(o[name], term);
    return new Vocabulary(lists, statuses);
  }

  /** The terms of a list in the server's order. */
  terms(list: TermList): readonly Term[] {
    return this.lists[list];
  }

  /** The label of `id` in `list`; the id itself when the list does not know it, '—' for none. */
  label(list: TermList, id: string | null | undefined): string {
    if (id == null) return '—';
    return this.labels.get(list)?.get(id) ?? id;
  }

  /** Incident statuses in workflow order. */
  statuses(): readonly StatusTerm[] {
    return this.statusList;
  }

  /** The statuses an incident in `status` may change to (none for an unknown status). */
  next(status: string): readonly string[] {
    return this.statusById.get(status)?.next ?? [];
  }

  /** A terminal status ends the workflow (closed, rejected, merged); an unknown status is not. */
  isTerminal(status: string): boolean {
    return this.statusById.get(status)?.terminal ?? false;
  }
}

/**
 * Fetches the vocabulary, retrying with back-off (1 s doubling to 15 s) until the server answers:
 * a wall screen switched on before the server must still come up by itself.
 */
export async function loadVocabulary(api: Api, clock: Clock): Promise<Vocabulary> {
  for (let attempt = 0; ; attempt++) {
    try {
      return Vocabulary.fromJson(await api.get('/api/v1/vocabulary'));
    } catch (e) {
      console.warn('vocabulary: not loaded, retrying', e);
      await new Promise<void>((resolve) => clock.after(Math.min(15_000, 1000 * 2 ** attempt), resolve));
    }
  }
}
