/**
 * One implementation of filtered, sorted, keyset-paginated list queries for every resource.
 * Services describe their filters as SQL conditions with bound parameters and their sorts as
 * columns; this builds the query, checks the cursor and makes the next one.
 */
import type { EntityManager } from 'typeorm';
import { problems } from '../problem/problem.js';
import { decodeCursor, encodeCursor, filterFingerprint, type CursorValue } from './cursor.js';
import { keysetAfter, keysetOrder } from './keyset.js';
import { DEFAULT_PAGE_SIZE, type Page } from './page.js';

export interface SortColumn<Row> {
  /** SQL expression of a NOT NULL column. */
  column: string;
  direction: 'ASC' | 'DESC';
  /** Cast of the bound cursor value (`timestamptz`, `date`, ...). */
  cast?: string;
  /** The cursor value of a row for this sort. */
  key: (row: Row) => CursorValue;
}

/** Collects WHERE conditions and their bound parameters. */
export class SqlConditions {
  readonly params: unknown[] = [];
  readonly conditions: string[] = [];

  /** Binds a value and returns its placeholder (`$3`). */
  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition built from a freshly bound value, when the value is defined. */
  add(value: unknown, condition: (placeholder: string) => string): this {
    if (value !== undefined) this.conditions.push(condition(this.bind(value)));
    return this;
  }

  where(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  toSql(): string {
    return this.conditions.length ? ` WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

export interface KeysetPageRequest<Row> {
  manager: EntityManager;
  /** `SELECT ... FROM table alias` (no WHERE). */
  from: string;
  /** The unique id column, e.g. `l.id`. */
  idColumn: string;
  conditions: SqlConditions;
  /** Filter values as the client sent them: a cursor is only valid with the same ones. */
  filters: object;
  sortName: string;
  sort: SortColumn<Row>;
  limit?: number;
  cursor?: string;
  /** Maps a raw result row to the row type (with an `id`). */
  map: (raw: Record<string, unknown>) => Row & { id: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function keysetPage<Row>(request: KeysetPageRequest<Row>): Promise<Page<Row & { id: string }>> {
  const { conditions, sort } = request;
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  const fingerprint = filterFingerprint(request.filters as Record<string, unknown>);
  const spec = { column: sort.column, id: request.idColumn, direction: sort.direction, cast: sort.cast };
  if (request.cursor !== undefined) {
    const key = decodeCursor(request.cursor, request.sortName, fingerprint, 2);
    if (typeof key[1] !== 'string' || !UUID.test(key[1])) {
      throw problems.invalidCursor('The cursor is not one this API issued; start again without it.');
    }
    const fragment = keysetAfter(spec, key, conditions.params.length + 1);
    conditions.params.push(...fragment.params);
    conditions.where(fragment.where);
  }
  const limitPlaceholder = conditions.bind(limit + 1);
  const sql = `${request.from}${conditions.toSql()} ORDER BY ${keysetOrder(spec)} LIMIT ${limitPlaceholder}`;
  let raw: Record<string, unknown>[];
  try {
    raw = await request.manager.query(sql, conditions.params);
  } catch (error) {
    // A cursor whose key does not parse as the sort column's type (a forged date, say): 22007 for a
    // malformed value, 22008 for an out-of-range one such as month 13.
    const code = (error as { driverError?: { code?: string } }).driverError?.code;
    if ((code === '22007' || code === '22008') && request.cursor !== undefined) {
      throw problems.invalidCursor('The cursor is not one this API issued; start again without it.');
    }
    throw error;
  }
  const rows = raw.map(request.map);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor(request.sortName, fingerprint, [sort.key(last), last.id]) : null;
  return { items, nextCursor };
}
