/**
 * Hand-written SQL with drizzle's column metadata: the column list and typed parameters of an
 * insert, and a row read back as JSON (`to_jsonb(t)`) mapped to the table's TypeScript shape.
 * For the few statements drizzle's builder cannot express (an insert guarded by a CTE, several
 * tables written in one atomic statement), without repeating each table's columns by hand.
 */
import { getTableColumns, sql, type Column, type SQL, type Table } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";

/** The column's name in the database: the schema uses `casing: "snake_case"` (src/db/client.ts), so an unnamed column's key is its name in snake_case. */
const dbName = (col: Column) => (col.keyAsName ? toSnakeCase(col.name) : col.name);

/**
 * `(col, ...)` and `(value::type, ...)` of an insert for the given values, keyed as the table's
 * TypeScript keys (`modelBody`, not `model_body`). Values go through each column's own driver
 * mapping (JSON for jsonb, ISO strings for timestamps) and are cast to the column's SQL type.
 * @throws Error naming a key that is not a column of the table
 */
export function insertParts(table: Table, values: Record<string, unknown>): { columns: SQL; values: SQL } {
  const cols = getTableColumns(table);
  const names: SQL[] = [];
  const exprs: SQL[] = [];
  for (const [key, value] of Object.entries(values)) {
    const col = cols[key];
    if (!col) throw new Error(`${key} is not a column of this table`);
    names.push(sql`${sql.identifier(dbName(col))}`);
    exprs.push(value === null || value === undefined ? sql`null` : sql`${col.mapToDriverValue(value)}::${sql.raw(col.getSQLType())}`);
  }
  return { columns: sql.join(names, sql`, `), values: sql.join(exprs, sql`, `) };
}

/**
 * A row returned as JSON by `to_jsonb(alias)`, mapped to the table's select shape: snake_case keys
 * to the TypeScript keys, timestamps to `Date`, jsonb kept as parsed JSON.
 */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): T["$inferSelect"] {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    const v = json[dbName(col)];
    out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
  }
  return out as T["$inferSelect"];
}
