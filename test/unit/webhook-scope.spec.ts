import { checkBodyIdsGiven, outOfScope, type WebhookAudience } from '../../src/webhooks/webhook-scope.js';

const SC7 = '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10';
const WG26 = '0f3c1a52-8d4e-4b8f-a0a5-1b2c3d4e5f60';
const SC42 = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

const admin: WebhookAudience = { kind: 'all' };
const secretariat: WebhookAudience = { kind: 'within', keyName: 'sc7', keyBodyIds: [SC7], bodies: [SC7, WG26] };

describe('checkBodyIdsGiven', () => {
  it('lets admin keys leave bodies out or send null (every event)', () => {
    expect(checkBodyIdsGiven(admin, undefined, true)).toBeUndefined();
    expect(checkBodyIdsGiven(admin, null, true)).toBeUndefined();
    expect(checkBodyIdsGiven(admin, null, false)).toBeUndefined();
    expect(checkBodyIdsGiven(admin, [SC42], true)).toBeUndefined();
  });

  it('requires bodies of a secretariat key: 422 naming bodyIds when absent on creation or null', () => {
    for (const [bodyIds, creating] of [
      [undefined, true],
      [null, true],
      [null, false],
    ] as const) {
      const problem = checkBodyIdsGiven(secretariat, bodyIds, creating);
      expect(problem?.toProblem()).toMatchObject({
        status: 422,
        type: '/problems/rule-violation',
        errors: [{ field: 'bodyIds', message: expect.stringContaining('"sc7" is a secretariat key') }],
      });
    }
  });

  it('lets a secretariat leave the bodies of an update as they are, or send some', () => {
    expect(checkBodyIdsGiven(secretariat, undefined, false)).toBeUndefined();
    expect(checkBodyIdsGiven(secretariat, [SC42], true)).toBeUndefined();
  });
});

describe('outOfScope', () => {
  it('accepts bodies within the scope, descendants included', () => {
    expect(outOfScope(secretariat, [SC7])).toBeUndefined();
    expect(outOfScope(secretariat, [WG26, SC7])).toBeUndefined();
    expect(outOfScope(admin, [SC42])).toBeUndefined();
  });

  it('refuses with 403 naming only the bodies outside the scope, and the key bodies', () => {
    const problem = outOfScope(secretariat, [SC7, SC42]);
    expect(problem?.status).toBe(403);
    expect(problem?.toProblem()).toMatchObject({
      type: '/problems/forbidden',
      requiredScope: 'every body of `bodyIds`',
      outOfScopeBodyIds: [SC42],
      keyBodyIds: [SC7],
      detail: expect.stringContaining(`${SC42} is not`),
    });
  });
});
