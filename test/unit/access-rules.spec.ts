import { bodySets, decide, defaultAccess, evaluateScope, uuidAt, type Access } from '../../src/auth/access-rules.js';
import type { Principal } from '../../src/common/http/principal.js';

const BODY = '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10';
const OTHER = '0f3c1a52-8d4e-4b8f-a0a5-1b2c3d4e5f60';

const key = (role: Principal['role'], bodyIds: string[] = []): Principal => ({
  keyId: '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
  name: `${role} key`,
  role,
  bodyIds,
});

const PUBLIC: Access = { kind: 'public' };
const ADMIN: Access = { kind: 'admin' };
const SCOPED: Access = { kind: 'scoped', target: { kind: 'liaison', param: 'id' } };

describe('defaultAccess', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'get'])('makes %s public', (method) => {
    expect(defaultAccess(method)).toEqual(PUBLIC);
  });

  it.each(['POST', 'PATCH', 'PUT', 'DELETE'])('keeps %s to admins unless a route says otherwise', (method) => {
    expect(defaultAccess(method)).toEqual(ADMIN);
  });
});

describe('decide', () => {
  it('lets anyone read public data', () => {
    for (const principal of [null, key('reader'), key('secretariat', [BODY]), key('admin')]) {
      expect(decide(PUBLIC, principal)).toEqual({ outcome: 'allow' });
    }
  });

  it('answers 401 naming the roles to an anonymous caller of a protected operation', () => {
    expect(decide(ADMIN, null)).toEqual({
      outcome: 'deny',
      status: 401,
      detail: expect.stringContaining('admin'),
      requiredRoles: ['admin'],
    });
    expect(decide(SCOPED, null)).toMatchObject({ status: 401, requiredRoles: ['secretariat', 'admin'] });
  });

  it('lets admins do everything', () => {
    expect(decide(ADMIN, key('admin'))).toEqual({ outcome: 'allow' });
    expect(decide(SCOPED, key('admin'))).toEqual({ outcome: 'allow' });
  });

  it('refuses readers every write with 403 naming the role they lack', () => {
    expect(decide(ADMIN, key('reader'))).toEqual({
      outcome: 'deny',
      status: 403,
      detail: expect.stringMatching(/role admin.*has the role reader/),
      requiredRoles: ['admin'],
    });
    expect(decide(SCOPED, key('reader'))).toMatchObject({ status: 403, requiredRoles: ['secretariat', 'admin'] });
  });

  it('sends a secretariat to the scope check on scoped operations and refuses it admin ones', () => {
    expect(decide(SCOPED, key('secretariat', [BODY]))).toEqual({
      outcome: 'check-scope',
      target: { kind: 'liaison', param: 'id' },
    });
    expect(decide(ADMIN, key('secretariat', [BODY]))).toMatchObject({ outcome: 'deny', status: 403 });
  });
});

describe('uuidAt', () => {
  it('reads UUIDs from path parameters and the body, lowercased', () => {
    expect(uuidAt('params.id', { params: { id: BODY.toUpperCase() } })).toBe(BODY);
    expect(uuidAt('body.bodyId', { body: { bodyId: BODY } })).toBe(BODY);
  });

  it.each([
    ['a missing field', { body: {} }],
    ['a non-UUID', { body: { bodyId: 'ETSI TC MTS' } }],
    ['a number', { body: { bodyId: 42 } }],
    ['an array', { body: { bodyId: [BODY] } }],
    ['a body that is an array', { body: [BODY] }],
    ['no body', { body: undefined }],
    ['an inherited property', { body: Object.create({ bodyId: BODY }) as object }],
  ])('ignores %s', (_case, request) => {
    expect(uuidAt('body.bodyId', request)).toBeUndefined();
  });
});

describe('bodySets', () => {
  it('tells whether the body sends a field at all', () => {
    expect(bodySets({ committeeId: null }, 'committeeId')).toBe(true);
    expect(bodySets({ committeeId: 'x' }, 'committeeId')).toBe(true);
    expect(bodySets({}, 'committeeId')).toBe(false);
    expect(bodySets(null, 'committeeId')).toBe(false);
    expect(bodySets(['committeeId'], '0')).toBe(false);
  });
});

describe('evaluateScope', () => {
  it('needs one candidate of every requirement in scope', () => {
    const inScope = new Set([BODY]);
    expect(evaluateScope([{ describes: 'a', candidates: [OTHER, BODY] }], inScope)).toEqual({ ok: true });
    expect(
      evaluateScope(
        [
          { describes: 'before', candidates: [BODY] },
          { describes: 'after', candidates: [OTHER] },
        ],
        inScope,
      ),
    ).toEqual({ ok: false, failed: { describes: 'after', candidates: [OTHER] } });
  });

  it('never satisfies a requirement without candidates', () => {
    expect(evaluateScope([{ describes: 'a', candidates: [] }], new Set([BODY]))).toMatchObject({ ok: false });
  });
});
