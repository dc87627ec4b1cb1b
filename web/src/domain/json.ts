// Reading parsed JSON (`unknown`) field by field, so that nothing typed `any` leaves the boundary:
// every reader answers the field's value when it has the expected type and null (or a default)
// otherwise.

export type JsonObject = { readonly [key: string]: unknown };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function stringField(o: JsonObject, key: string): string | null {
  const v = o[key];
  return typeof v === 'string' ? v : null;
}

/** A finite number; NaN and infinities do not survive JSON anyway, but a string "1" is not a number. */
export function numberField(o: JsonObject, key: string): number | null {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function booleanField(o: JsonObject, key: string): boolean | null {
  const v = o[key];
  return typeof v === 'boolean' ? v : null;
}

/** Counts what a decoder had to leave out (so that a malformed feed is noticed, not hidden). */
export interface Drops {
  count: number;
}

/**
 * The elements of `v` that `decode` accepts; a non-array is an empty list. Each rejected element
 * adds one to `drops`.
 */
export function listOf<T>(v: unknown, decode: (x: unknown) => T | null, drops?: Drops): T[] {
  if (!Array.isArray(v)) return [];
  const out: T[] = [];
  for (const x of v) {
    const item = decode(x);
    if (item === null) {
      if (drops) drops.count++;
    } else {
      out.push(item);
    }
  }
  return out;
}

/** `{key: number}` with the numeric values of `v` (other values left out). */
export function numberRecord(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!isObject(v)) return out;
  for (const [k, x] of Object.entries(v)) if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
  return out;
}
