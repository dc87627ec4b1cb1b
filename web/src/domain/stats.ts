// Reading the stats channel's per-area rows.

/**
 * The row of the whole scope in a per-area list (stats per county plus the city): the one with the
 * shortest code, and among equally long codes the one with most trailing zeros (371600 before 371602).
 */
export function scopeRow<T extends { code: string }>(rows: readonly T[] | null | undefined): T | undefined {
  if (!Array.isArray(rows) || rows.length === 0) return undefined;
  const zeros = (c: string) => c.length - c.replace(/0+$/, '').length;
  return rows.reduce((best, r) => (r.code.length < best.code.length
    || (r.code.length === best.code.length && zeros(r.code) > zeros(best.code)) ? r : best));
}
