/**
 * Prepared drizzle queries for the ticket path. drizzle builds a query's SQL text every time the
 * query runs; for the few statements every ticket runs, that building was the largest share of a
 * draft's Node CPU after the drafting itself (bench/pipeline). A prepared query is built once per
 * database handle and run with placeholder values (https://orm.drizzle.team/docs/perf-queries).
 */
import { sql, type Placeholder } from "drizzle-orm";
import type { DbOrTx } from "./types";

/**
 * Wraps a query builder so that it is built and prepared once per database handle or transaction
 * (a query prepared on the pool must never run in place of one inside a transaction, so each
 * handle gets its own).
 * @param build builds the query on `db` with `sql.placeholder(...)` for its values and returns
 *   `.prepare(name)` of it
 * @returns a function giving the handle's prepared query; run it with `.execute({ ...values })`
 */
export function prepared<P>(build: (db: DbOrTx) => P): (db: DbOrTx) => P {
  const byHandle = new WeakMap<DbOrTx, P>();
  return (db) => {
    let p = byHandle.get(db);
    if (!p) {
      p = build(db);
      byHandle.set(db, p);
    }
    return p;
  };
}

/** `{ key: sql.placeholder(key) }` for each key: the values object of a prepared insert or update. */
export function placeholders<K extends string>(keys: readonly K[]): Record<K, Placeholder<K>> {
  return Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) as Record<K, Placeholder<K>>;
}
