import {
  bodyRequirement,
  bodySets,
  decide,
  defaultAccess,
  evaluateScope,
  RECORD_SCOPES,
  recordRequirements,
  uuidAt,
  type Access,
} from '../../src/auth/access-rules.js';
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
const SCOPED_RECORDS: Access = { kind: 'scopedRecords' };

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

  it('lets admins and secretariats through to handlers that limit secretariats to their records, no one else', () => {
    expect(decide(SCOPED_RECORDS, key('admin'))).toEqual({ outcome: 'allow' });
    expect(decide(SCOPED_RECORDS, key('secretariat', [BODY]))).toEqual({ outcome: 'allow' });
    expect(decide(SCOPED_RECORDS, key('reader'))).toMatchObject({
      outcome: 'deny',
      status: 403,
      requiredRoles: ['secretariat', 'admin'],
    });
    expect(decide(SCOPED_RECORDS, null)).toMatchObject({
      outcome: 'deny',
      status: 401,
      requiredRoles: ['secretariat', 'admin'],
    });
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

describe('bodyRequirement', () => {
  it('collects the UUIDs at the sources, any of which will do', () => {
    expect(
      bodyRequirement(['body.committeeId', 'body.partnerId'], { body: { committeeId: BODY, partnerId: 'nope' } }),
    ).toEqual({ describes: 'one of the bodies `committeeId` or `partnerId`', candidates: [BODY] });
    expect(bodyRequirement(['params.id'], { params: { id: OTHER } })).toEqual({
      describes: 'the body `id`',
      candidates: [OTHER],
    });
  });
});

describe('recordRequirements', () => {
  const stored = { committee_id: BODY, partner_id: OTHER };

  it('needs one of the stored bodies when the request does not move the record', () => {
    expect(recordRequirements(RECORD_SCOPES.liaison, stored, { body: { rationale: 'x' } })).toEqual([
      { describes: "the liaison's committee or partner", candidates: [BODY, OTHER] },
    ]);
  });

  it('also needs one of the bodies after the change when the request moves the record', () => {
    const third = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    expect(recordRequirements(RECORD_SCOPES.liaison, stored, { body: { partnerId: third } })).toEqual([
      { describes: "the liaison's committee or partner", candidates: [BODY, OTHER] },
      { describes: "the liaison's committee or partner after the change", candidates: [BODY, third] },
    ]);
    // A field sent with a value that is no UUID counts as no body (validation refuses it afterwards).
    expect(recordRequirements(RECORD_SCOPES.workItem, { body_id: BODY }, { body: { bodyId: null } })[1]).toEqual({
      describes: "the work item's body after the change",
      candidates: [],
    });
  });

  it("looks only at the committee for a liaison's transitions", () => {
    const requirements = recordRequirements(RECORD_SCOPES.liaisonCommittee, stored, { body: { action: 'approve' } });
    expect(requirements).toEqual([{ describes: "the liaison's committee", candidates: [BODY] }]);
    expect(evaluateScope(requirements, new Set([OTHER]))).toMatchObject({ ok: false });
    expect(evaluateScope(requirements, new Set([BODY]))).toEqual({ ok: true });
  });

  it("looks at a statement's sending body", () => {
    expect(recordRequirements(RECORD_SCOPES.statement, { from_body_id: OTHER }, {})).toEqual([
      { describes: "the statement's sending body", candidates: [OTHER] },
    ]);
  });
});
