/**
 * Keyset pagination over `(sortColumn, id)`: no OFFSET, so the cost of a page does not grow
 * with its depth. Pure SQL-fragment builder; the caller binds the parameters.
 */

export interface SortSpec {
  /** SQL expression of the sort column, e.g. `b.designation`. Must be NOT NULL. */
  column: string;
  /** SQL expression of the unique tie-breaker, e.g. `b.id`. */
  id: string;
  direction: 'ASC' | 'DESC';
  /** Cast applied to the bound cursor value, e.g. `timestamptz`. */
  cast?: string;
}

export interface KeysetFragment {
  where: string;
  params: unknown[];
}

/** `WHERE` fragment selecting rows after `key` (`[sortValue, id]`); `$n` numbering starts at `firstParam`. */
export function keysetAfter(spec: SortSpec, key: readonly unknown[], firstParam: number): KeysetFragment {
  const op = spec.direction === 'ASC' ? '>' : '<';
  const cast = spec.cast ? `::${spec.cast}` : '';
  return {
    where: `(${spec.column}, ${spec.id}) ${op} ($${firstParam}${cast}, $${firstParam + 1}::uuid)`,
    params: [key[0], key[1]],
  };
}

export function keysetOrder(spec: SortSpec): string {
  return `${spec.column} ${spec.direction}, ${spec.id} ${spec.direction}`;
}
