import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkDocumentQuality, formatFindings, type QualityRule } from '../../src/openapi/quality.js';
import { pushAt, setAt, type Json } from '../support/json-edit.js';

const THING = '/v1/things/{id}';
const PROBLEM = { $ref: '#/components/schemas/ProblemDto' };
const ID_PARAMETER = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid', maxLength: 36 },
};

function problemResponse(status: number): Json {
  return {
    description: `error ${status}`,
    content: { 'application/problem+json': { schema: PROBLEM, example: { status } } },
  };
}

function thingResponse(): Json {
  return {
    description: 'ok',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingDto' }, example: {} } },
  };
}

/** A small document that follows every rule; each test breaks one thing. */
function goodDocument(): Json {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    tags: [{ name: 'things', description: 'Things' }],
    paths: {
      [THING]: {
        get: {
          operationId: 'getThing',
          summary: 'Get a thing',
          tags: ['things'],
          parameters: [ID_PARAMETER],
          responses: { '200': thingResponse(), '404': problemResponse(404) },
        },
        patch: {
          operationId: 'updateThing',
          summary: 'Update a thing',
          tags: ['things'],
          parameters: [ID_PARAMETER],
          requestBody: {
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/UpdateThingDto' }, example: { name: 'x' } },
            },
          },
          responses: { '200': thingResponse(), '400': problemResponse(400) },
        },
      },
    },
    components: {
      schemas: {
        ProblemDto: { type: 'object', properties: { status: { type: 'integer' } } },
        ThingKind: { type: 'string', enum: ['a', 'b'] },
        ThingDto: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            ownerId: { type: ['string', 'null'], format: 'uuid' },
            kind: { $ref: '#/components/schemas/ThingKind' },
            parent: { anyOf: [{ $ref: '#/components/schemas/ThingDto' }, { type: 'null' }] },
            name: { type: 'string' },
          },
        },
        UpdateThingDto: {
          type: 'object',
          properties: {
            name: { type: 'string', maxLength: 100 },
            kind: { $ref: '#/components/schemas/ThingKind' },
            tagIds: { type: 'array', maxItems: 10, items: { type: 'string', format: 'uuid', maxLength: 36 } },
          },
        },
      },
    },
  };
}

const GET = ['paths', THING, 'get'];
const PATCH = ['paths', THING, 'patch'];
const THING_DTO = ['components', 'schemas', 'ThingDto', 'properties'];
const UPDATE_DTO = ['components', 'schemas', 'UpdateThingDto', 'properties'];

function rules(document: Json): QualityRule[] {
  return checkDocumentQuality(document).map((finding) => finding.rule);
}

function messages(document: Json): string[] {
  return checkDocumentQuality(document).map((finding) => finding.message);
}

function pointers(document: Json): string[] {
  return checkDocumentQuality(document).map((finding) => finding.at);
}

describe('checkDocumentQuality', () => {
  it('finds nothing in a document that follows every rule', () => {
    expect(checkDocumentQuality(goodDocument())).toEqual([]);
  });

  it('wants a camelCase verb + noun operationId', () => {
    for (const bad of [undefined, 'get_thing', 'get', 'GetThing']) {
      const document = goodDocument();
      setAt(document, [...GET, 'operationId'], bad);
      expect(rules(document)).toEqual(['operation-id']);
    }
    const noVerb = goodDocument();
    setAt(noVerb, [...GET, 'operationId'], 'thingDetails');
    expect(messages(noVerb)).toEqual([
      'GET /v1/things/{id}: operationId "thingDetails" does not start with a known verb (got "thing").',
    ]);
  });

  it('wants operationIds unique across the document', () => {
    const document = goodDocument();
    setAt(document, [...PATCH, 'operationId'], 'getThing');
    expect(messages(document)).toEqual([
      'PATCH /v1/things/{id}: operationId "getThing" is also used by GET /v1/things/{id}.',
    ]);
  });

  it('wants a summary and a tag declared with a description', () => {
    const document = goodDocument();
    setAt(document, [...GET, 'summary'], ' ');
    setAt(document, [...PATCH, 'tags'], ['undeclared']);
    expect(rules(document)).toEqual(['operation-summary', 'operation-tag']);
    const untagged = goodDocument();
    setAt(untagged, [...GET, 'tags'], undefined);
    expect(messages(untagged)).toEqual(['GET /v1/things/{id} has no tag.']);
  });

  it('wants a documented success response', () => {
    const document = goodDocument();
    setAt(document, [...GET, 'responses', '200'], undefined);
    expect(rules(document)).toEqual(['success-response']);
  });

  it('wants a 4xx response on an operation that takes input, and error responses with the shared problem schema', () => {
    const onlyServerErrors = goodDocument();
    setAt(onlyServerErrors, [...GET, 'responses', '404'], undefined);
    setAt(onlyServerErrors, [...GET, 'responses', '500'], problemResponse(500));
    expect(messages(onlyServerErrors)).toEqual(['GET /v1/things/{id} takes input but documents no 4xx response.']);

    const plainJsonError = goodDocument();
    setAt(plainJsonError, [...GET, 'responses', '404'], {
      description: 'nope',
      content: { 'application/json': { schema: { type: 'object' }, example: {} } },
    });
    expect(rules(plainJsonError)).toEqual(['problem-schema']);
  });

  it('lets an operation without input (a probe) do without a 4xx, not without an error response', () => {
    const document = goodDocument();
    setAt(document, ['paths', '/health'], {
      get: {
        operationId: 'getHealth',
        summary: 'Health',
        tags: ['things'],
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' }, example: {} } } },
          '503': problemResponse(503),
        },
      },
    });
    expect(checkDocumentQuality(document)).toEqual([]);
    setAt(document, ['paths', '/health', 'get', 'responses', '503'], undefined);
    expect(messages(document)).toEqual(['GET /health documents no error response.']);
  });

  it('wants an example (or named examples) on every request and response body', () => {
    const document = goodDocument();
    setAt(document, [...PATCH, 'requestBody', 'content', 'application/json', 'example'], undefined);
    setAt(document, [...GET, 'responses', '404', 'content', 'application/problem+json', 'example'], undefined);
    expect(messages(document)).toEqual([
      'GET /v1/things/{id}: the 404 response body (application/problem+json) has no example.',
      'PATCH /v1/things/{id}: the request body (application/json) has no example.',
    ]);
    const named = goodDocument();
    setAt(named, [...PATCH, 'requestBody', 'content', 'application/json', 'example'], undefined);
    setAt(named, [...PATCH, 'requestBody', 'content', 'application/json', 'examples'], { one: { value: {} } });
    expect(checkDocumentQuality(named)).toEqual([]);
  });

  it('refuses inline enums in properties, items and parameters', () => {
    const document = goodDocument();
    setAt(document, [...THING_DTO, 'colour'], { type: 'string', enum: ['red'] });
    setAt(document, [...UPDATE_DTO, 'labels'], { type: 'array', maxItems: 3, items: { type: 'string', enum: ['x'] } });
    pushAt(document, [...GET, 'parameters'], { name: 'view', in: 'query', schema: { type: 'string', enum: ['full'] } });
    expect(rules(document)).toEqual(['named-enum', 'named-enum', 'named-enum']);
    expect(pointers(document)).toEqual([
      '#/components/schemas/ThingDto/properties/colour',
      '#/components/schemas/UpdateThingDto/properties/labels/items',
      '#/paths/~1v1~1things~1{id}/get/parameters/1/schema',
    ]);
  });

  it('wants ids (id, ...Id, ...Ids) to be UUID strings, nullable or not, except the declared exceptions', () => {
    const document = goodDocument();
    setAt(document, [...THING_DTO, 'ownerId'], { type: ['string', 'null'] });
    setAt(document, [...THING_DTO, 'partnerId'], { type: ['integer', 'null'] });
    setAt(document, [...UPDATE_DTO, 'tagIds', 'items'], { type: 'string', maxLength: 36 });
    setAt(document, [...THING_DTO, 'requestId'], { type: 'string' });
    setAt(document, [...GET, 'parameters', 0], {
      name: 'id',
      in: 'path',
      required: true,
      schema: { type: 'string', maxLength: 36 },
    });
    const found = checkDocumentQuality(document);
    expect(found.every((finding) => finding.rule === 'uuid-id')).toBe(true);
    expect(found.map((finding) => finding.at)).toEqual([
      '#/components/schemas/ThingDto/properties/ownerId',
      '#/components/schemas/ThingDto/properties/partnerId',
      '#/components/schemas/UpdateThingDto/properties/tagIds',
      '#/paths/~1v1~1things~1{id}/get/parameters/0/schema',
    ]);
    expect(checkDocumentQuality(document, { nonUuidIds: [] }).map((finding) => finding.at)).toContain(
      '#/components/schemas/ThingDto/properties/requestId',
    );
  });

  it('wants one nullable idiom: a type union for plain types, anyOf [$ref, null] for references', () => {
    const document = goodDocument();
    setAt(document, [...THING_DTO, 'name'], { type: 'string', nullable: true });
    setAt(document, [...THING_DTO, 'parent'], { oneOf: [{ $ref: '#/components/schemas/ThingDto' }, { type: 'null' }] });
    setAt(document, [...THING_DTO, 'note'], { anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(rules(document)).toEqual(['nullable-idiom', 'nullable-idiom', 'nullable-idiom']);
  });

  it('wants maxLength on every string and maxItems on every array a client sends, through references', () => {
    const document = goodDocument();
    setAt(document, [...UPDATE_DTO, 'name', 'maxLength'], undefined);
    setAt(document, [...UPDATE_DTO, 'tagIds', 'maxItems'], undefined);
    pushAt(document, [...GET, 'parameters'], { name: 'q', in: 'query', schema: { type: 'string' } });
    // ThingDto.name has no maxLength either, but responses are written by the server.
    expect(pointers(document)).toEqual([
      '#/paths/~1v1~1things~1{id}/get/parameters/1/schema',
      '#/components/schemas/UpdateThingDto/properties/name',
      '#/components/schemas/UpdateThingDto/properties/tagIds',
    ]);
  });

  it('formats findings one per line with their rule', () => {
    const document = goodDocument();
    setAt(document, [...GET, 'summary'], undefined);
    expect(formatFindings(checkDocumentQuality(document))).toBe(
      '[operation-summary] GET /v1/things/{id} has no summary.',
    );
  });
});

describe('the committed openapi/openapi.json', () => {
  it('follows every house rule', () => {
    const file = path.resolve(import.meta.dirname, '../../openapi/openapi.json');
    const findings = checkDocumentQuality(JSON.parse(readFileSync(file, 'utf8')) as unknown);
    expect(formatFindings(findings)).toBe('');
  });
});
