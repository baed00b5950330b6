/**
 * Reading the one element a computation is known to give, with the invariant checked.
 */

/**
 * The one element a statement or a computation is known to give: an `insert ... returning` of one row, an aggregate
 * without `group by`, an update by primary key that just matched.
 * @throws Error when the statement gave none (a broken invariant, never a user's error)
 */
export function one<T>(rows: readonly T[], what = "row"): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`expected one ${what}, got none`);
  return row;
}
