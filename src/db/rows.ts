/**
 * The rows of a raw `db.execute(sql...)` result. The two drivers differ: postgres.js returns the
 * rows as an array, PGlite returns `{ rows }`.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
