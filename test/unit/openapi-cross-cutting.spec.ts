import { documentCrossCutting, SECURITY_SCHEMES } from '../../src/openapi/cross-cutting.js';

const problem = { description: 'Not found.' };

function documentWith(paths: Record<string, unknown>, schemas: Record<string, unknown> = {}) {
  return { openapi: '3.1.0', paths, components: { schemas } } as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components: Record<string, Record<string, unknown>>;
  };
}

describe('documentCrossCutting', () => {
  const sut = documentCrossCutting(
    documentWith(
      {
        '/v1/things': {
          get: { operationId: 'listThings', responses: { '200': {}, '400': problem } },
          post: {
            operationId: 'createThing',
            description: 'Makes a thing.',
            responses: { '201': {}, '413': { description: 'own' } },
            requestBody: {
              content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateThingDto' } } },
            },
          },
        },
        '/v1/things/{id}': {
          delete: {
            operationId: 'deleteThing',
            'x-access': { roles: ['admin', 'secretariat'], scope: "the thing's body" },
            parameters: [{ name: 'id', in: 'path', schema: { type: 'string', format: 'uuid' } }],
            responses: { '204': {} },
          },
        },
        '/v1/keys': { get: { operationId: 'listKeys', 'x-access': { roles: ['admin'] }, responses: { '200': {} } } },
        '/health': { get: { operationId: 'health', 'x-rate-limited': false, responses: { '200': {} } } },
        '/health/live': {
          get: {
            operationId: 'live',
            'x-rate-limited': false,
            'x-credentials': 'ignored',
            'x-database': false,
            responses: { '200': {} },
          },
        },
        '/health/ready': {
          get: {
            operationId: 'ready',
            'x-rate-limited': false,
            'x-credentials': 'ignored',
            responses: { '200': {} },
          },
        },
      },
      {
        CreateThingDto: {
          type: 'object',
          properties: {
            name: { type: 'string', maxLength: 50 },
            on: { type: ['string', 'null'], format: 'date' },
            ids: { type: 'array', maxItems: 3, items: { type: 'string', format: 'uuid' } },
          },
        },
        ThingDto: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } },
      },
    ),
  );
  const op = (path: string, method: string) => sut.paths[path]![method]!;

  it('declares both security schemes', () => {
    expect(sut.components.securitySchemes).toEqual(SECURITY_SCHEMES);
    expect(Object.keys(sut.components.responses!)).toEqual(
      expect.arrayContaining([
        'Unauthorized',
        'Forbidden',
        'TooManyRequests',
        'PayloadTooLarge',
        'UnsupportedMediaType',
        'ServiceUnavailable',
      ]),
    );
  });

  it('makes reads public with an optional key, answering 401 for a bad key and 429', () => {
    expect(op('/v1/things', 'get')).toMatchObject({
      security: [{}, { bearerAuth: [] }, { apiKeyHeader: [] }],
      'x-access': { roles: [] },
      description: expect.stringContaining('anyone'),
    });
    expect(Object.keys(op('/v1/things', 'get').responses as object)).toEqual(['200', '400', '401', '429', '503']);
  });

  it('makes writes need a key (admin unless declared), with 401, 403, 413, 415 and 429', () => {
    const create = op('/v1/things', 'post');
    expect(create.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
    expect(create['x-access']).toEqual({ roles: ['admin'] });
    expect(create.description).toBe('Makes a thing.\n\n**Access:** API key with the role `admin`.');
    const responses = create.responses as Record<string, unknown>;
    expect(Object.keys(responses)).toEqual(['201', '401', '403', '413', '415', '429', '503']);
    expect(responses['413']).toEqual({ description: 'own' });
    expect(responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    const remove = op('/v1/things/{id}', 'delete');
    expect(remove.description).toMatch(/`admin` or `secretariat`.*the thing's body/);
    expect(Object.keys(remove.responses as object)).toEqual(['204', '401', '403', '413', '415', '429', '503']);
  });

  it('keeps declared restrictions on reads and leaves unlimited operations without 429', () => {
    expect(op('/v1/keys', 'get').security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
    expect(Object.keys(op('/v1/keys', 'get').responses as object)).toEqual(['200', '401', '403', '429', '503']);
    expect(Object.keys(op('/health', 'get').responses as object)).toEqual(['200', '401', '503']);
  });

  it('documents 503 with Retry-After on every operation that needs the database', () => {
    expect(op('/v1/things', 'get').responses).toMatchObject({
      '503': { $ref: '#/components/responses/ServiceUnavailable' },
    });
    const shared = sut.components.responses!.ServiceUnavailable as {
      headers: Record<string, unknown>;
      content: Record<string, unknown>;
    };
    expect(shared.headers['Retry-After']).toMatchObject({ schema: { type: 'integer', minimum: 1 } });
    expect(Object.keys(shared.content)).toEqual(['application/problem+json']);
  });

  it('lists neither security nor 401 for probes that read no credentials, and no 503 for those without a database', () => {
    const live = op('/health/live', 'get');
    expect(live.security).toEqual([{}]);
    expect(live.description).toBe('**Access:** anyone; credentials are not read.');
    expect(Object.keys(live.responses as object)).toEqual(['200']);
    const ready = op('/health/ready', 'get');
    expect(ready.security).toEqual([{}]);
    expect(Object.keys(ready.responses as object)).toEqual(['200', '503']);
  });

  it('states the length a UUID or a date implies on inputs only', () => {
    const input = sut.components.schemas!.CreateThingDto as { properties: Record<string, Record<string, unknown>> };
    expect(input.properties.name!.maxLength).toBe(50);
    expect(input.properties.on!.maxLength).toBe(10);
    expect((input.properties.ids!.items as Record<string, unknown>).maxLength).toBe(36);
    const parameter = (op('/v1/things/{id}', 'delete').parameters as { schema: Record<string, unknown> }[])[0]!;
    expect(parameter.schema.maxLength).toBe(36);
    const output = sut.components.schemas!.ThingDto as { properties: Record<string, Record<string, unknown>> };
    expect(output.properties.id!.maxLength).toBeUndefined();
  });

  it('does not change the document it is given', () => {
    const original = documentWith({ '/x': { post: { responses: {} } } });
    const copy = structuredClone(original);
    documentCrossCutting(original);
    expect(original).toEqual(copy);
  });
});
