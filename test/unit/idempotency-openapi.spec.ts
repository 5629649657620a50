import { documentIdempotentPosts } from '../../src/idempotency/idempotency-openapi.js';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
});

const document = {
  openapi: '3.1.0',
  paths: {
    '/v1/things': {
      get: { operationId: 'listThings', responses: { '200': { description: 'OK' } } },
      post: {
        operationId: 'createThing',
        parameters: [{ name: 'X-Actor', in: 'header' }],
        responses: { '201': { description: 'Created' }, '500': problem('Boom'), '409': problem('Duplicate.') },
      },
    },
  },
  components: { schemas: { ProblemDto: { type: 'object' } } },
};

describe('documentIdempotentPosts', () => {
  const sut = documentIdempotentPosts(document);
  const post = sut.paths['/v1/things'].post as unknown as {
    parameters: unknown[];
    responses: Record<string, { description: string; headers?: Record<string, unknown> }>;
  };

  it('adds the Idempotency-Key header parameter to POST operations only', () => {
    expect(post.parameters).toEqual([
      { name: 'X-Actor', in: 'header' },
      { $ref: '#/components/parameters/IdempotencyKey' },
    ]);
    expect(sut.paths['/v1/things'].get).toEqual(document.paths['/v1/things'].get);
    expect((sut.components as Record<string, Record<string, unknown>>).parameters!.IdempotencyKey).toMatchObject({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 512 },
    });
  });

  it('adds or extends 400, 409 and 422 problem responses and keeps statuses in order', () => {
    expect(Object.keys(post.responses)).toEqual(['201', '400', '409', '422', '500']);
    expect(post.responses['400']).toEqual(problem('The `Idempotency-Key` header is malformed.'));
    expect(post.responses['409']!.description).toMatch(/^Duplicate\. Also when a request with the same/);
    expect(post.responses['422']).toEqual(problem('The `Idempotency-Key` was already used for a different request.'));
  });

  it('declares the Idempotency-Replayed header on success responses', () => {
    expect(post.responses['201']!.headers).toEqual({
      'Idempotency-Replayed': { $ref: '#/components/headers/IdempotencyReplayed' },
    });
    expect(post.responses['409']!.headers).toBeUndefined();
    expect((sut.components as Record<string, Record<string, unknown>>).headers!.IdempotencyReplayed).toBeDefined();
  });

  it('leaves its input alone and gives the same output every time', () => {
    expect(document.paths['/v1/things'].post.parameters).toHaveLength(1);
    expect(JSON.stringify(documentIdempotentPosts(document))).toBe(JSON.stringify(sut));
  });
});
