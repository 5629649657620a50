/**
 * Opaque keyset cursors. A cursor carries the sort it was made for, a fingerprint of the
 * filters and the sort key of the last row; it is refused when any of those do not match,
 * so a client cannot splice pages of two different queries. Pure: unit-tested directly.
 */
import { createHash } from 'node:crypto';
import { problems } from '../problem/problem.js';

export type CursorValue = string | number;

interface CursorPayload {
  /** sort name */
  s: string;
  /** filter fingerprint */
  f: string;
  /** key of the last row: sort column value(s) then id */
  k: CursorValue[];
}

export function filterFingerprint(filters: Record<string, unknown>): string {
  const canonical = Object.keys(filters)
    .filter((key) => filters[key] !== undefined)
    .sort()
    .map((key) => [key, filters[key]]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 12);
}

export function encodeCursor(sort: string, fingerprint: string, key: CursorValue[]): string {
  const payload: CursorPayload = { s: sort, f: fingerprint, k: key };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, sort: string, fingerprint: string, keyLength: number): CursorValue[] {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(cursor)) {
    throw problems.invalidCursor('The cursor is not one this API issued; start again without it.');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw problems.invalidCursor('The cursor is not one this API issued; start again without it.');
  }
  const p = payload as Partial<CursorPayload> | null;
  const wellFormed =
    p !== null &&
    typeof p === 'object' &&
    typeof p.s === 'string' &&
    typeof p.f === 'string' &&
    Array.isArray(p.k) &&
    p.k.length === keyLength &&
    p.k.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));
  if (!wellFormed) {
    throw problems.invalidCursor('The cursor is not one this API issued; start again without it.');
  }
  if (p.s !== sort || p.f !== fingerprint) {
    throw problems.invalidCursor(
      'The cursor belongs to a query with other filters or another sort; repeat the original query or start again without it.',
    );
  }
  return p.k as CursorValue[];
}
