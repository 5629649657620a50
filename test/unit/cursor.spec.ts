import { decodeCursor, encodeCursor, filterFingerprint } from '../../src/common/pagination/cursor.js';
import { keysetAfter, keysetOrder } from '../../src/common/pagination/keyset.js';
import { ProblemError } from '../../src/common/problem/problem.js';

describe('cursor', () => {
  const fingerprint = filterFingerprint({ kind: 'subcommittee', q: undefined });

  it('round-trips the key it was made from', () => {
    const sut = encodeCursor('designation', fingerprint, [
      'ISO/IEC JTC 1/SC 42',
      '0d2f3a1e-1111-4a4a-8b8b-121212121212',
    ]);
    expect(decodeCursor(sut, 'designation', fingerprint, 2)).toEqual([
      'ISO/IEC JTC 1/SC 42',
      '0d2f3a1e-1111-4a4a-8b8b-121212121212',
    ]);
  });

  it('ignores absent filters and key order in the fingerprint', () => {
    expect(filterFingerprint({ a: '1', b: undefined, c: '2' })).toBe(filterFingerprint({ c: '2', a: '1' }));
    expect(filterFingerprint({ a: '1' })).not.toBe(filterFingerprint({ a: '2' }));
  });

  it.each([
    ['not base64url', '!!!'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['wrong shape', Buffer.from(JSON.stringify({ s: 'designation', f: fingerprint, k: [1] })).toString('base64url')],
    [
      'object key',
      Buffer.from(JSON.stringify({ s: 'designation', f: fingerprint, k: [{}, 'x'] })).toString('base64url'),
    ],
    ['too long', 'a'.repeat(1001)],
    ['empty', ''],
  ])('refuses a cursor that is %s', (_label, cursor) => {
    expect(() => decodeCursor(cursor, 'designation', fingerprint, 2)).toThrow(ProblemError);
  });

  it('refuses a cursor made for another sort or other filters', () => {
    const sut = encodeCursor('designation', fingerprint, ['x', 'y']);
    expect(() => decodeCursor(sut, 'name', fingerprint, 2)).toThrow(/other filters or another sort/);
    expect(() => decodeCursor(sut, 'designation', filterFingerprint({ kind: 'other' }), 2)).toThrow(
      /other filters or another sort/,
    );
  });

  it('reports the problem as a 400 invalid-cursor on field cursor', () => {
    try {
      decodeCursor('%%%', 'designation', fingerprint, 2);
      throw new Error('expected decodeCursor to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemError);
      const problem = (error as ProblemError).toProblem('/v1/bodies');
      expect(problem).toMatchObject({ status: 400, type: '/problems/invalid-cursor', errors: [{ field: 'cursor' }] });
    }
  });
});

describe('keyset', () => {
  it('compares rows after the key in the sort direction', () => {
    expect(keysetAfter({ column: 'b.name', id: 'b.id', direction: 'ASC' }, ['n', 'i'], 3)).toEqual({
      where: '(b.name, b.id) > ($3, $4::uuid)',
      params: ['n', 'i'],
    });
    expect(
      keysetAfter({ column: 'b.created_at', id: 'b.id', direction: 'DESC', cast: 'timestamptz' }, ['t', 'i'], 1).where,
    ).toBe('(b.created_at, b.id) < ($1::timestamptz, $2::uuid)');
  });

  it('orders by the sort column then the id, same direction', () => {
    expect(keysetOrder({ column: 'b.name', id: 'b.id', direction: 'DESC' })).toBe('b.name DESC, b.id DESC');
  });
});
