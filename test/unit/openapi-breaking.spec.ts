import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkBreakingChanges,
  findBreakingChanges,
  parseDeclarations,
  type DeclaredChange,
} from '../../src/openapi/breaking.js';
import { pushAt, setAt, type Json } from '../support/json-edit.js';

const THINGS = '/v1/things';
const THING = '/v1/things/{id}';

function json(schema: string): Json {
  return { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } };
}

/** The released document: a list, a read and a create of things. */
function baseline(): Json {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      [THINGS]: {
        get: {
          operationId: 'listThings',
          parameters: [
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', maximum: 200 } },
            { name: 'kind', in: 'query', required: false, schema: { $ref: '#/components/schemas/ThingKind' } },
          ],
          responses: { '200': { description: 'ok', content: json('ThingPageDto') } },
        },
        post: {
          operationId: 'createThing',
          requestBody: { required: true, content: json('CreateThingDto') },
          responses: { '201': { description: 'created', content: json('ThingDto') } },
        },
      },
      [THING]: {
        get: {
          operationId: 'getThing',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { '200': { description: 'ok', content: json('ThingDto') } },
        },
      },
    },
    components: {
      schemas: {
        ThingKind: { type: 'string', enum: ['small', 'large'] },
        ThingDto: {
          type: 'object',
          required: ['id', 'name', 'kind', 'owner'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            name: { type: 'string' },
            kind: { $ref: '#/components/schemas/ThingKind' },
            owner: { type: 'object', required: ['email'], properties: { email: { type: 'string' } } },
            note: { type: ['string', 'null'] },
          },
        },
        ThingPageDto: {
          type: 'object',
          required: ['items', 'nextCursor'],
          properties: {
            items: { type: 'array', items: { $ref: '#/components/schemas/ThingDto' } },
            nextCursor: { type: ['string', 'null'] },
          },
        },
        CreateThingDto: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', maxLength: 200 },
            kind: { $ref: '#/components/schemas/ThingKind' },
            size: { type: ['integer', 'string'] },
            tags: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 50 } },
          },
        },
      },
    },
  };
}

function changesAfter(edit: (head: Json) => void): string[] {
  const head = baseline();
  edit(head);
  return findBreakingChanges(baseline(), head).map((c) => c.change);
}

const SCHEMAS = ['components', 'schemas'];

describe('findBreakingChanges', () => {
  it('finds nothing between a document and itself', () => {
    expect(findBreakingChanges(baseline(), baseline())).toEqual([]);
  });

  it('lets clients ignore additions: a path, an optional parameter, a response field, an enum value', () => {
    expect(
      changesAfter((head) => {
        setAt(head, ['paths', '/v1/other'], { get: { operationId: 'listOthers', responses: {} } });
        pushAt(head, ['paths', THINGS, 'get', 'parameters'], { name: 'q', in: 'query', schema: { type: 'string' } });
        setAt(head, [...SCHEMAS, 'ThingDto', 'properties', 'colour'], { type: 'string' });
        pushAt(head, [...SCHEMAS, 'ThingKind', 'enum'], 'medium');
        setAt(head, [...SCHEMAS, 'CreateThingDto', 'properties', 'colour'], { type: 'string', maxLength: 20 });
        setAt(head, [...SCHEMAS, 'CreateThingDto', 'properties', 'name', 'maxLength'], 500);
        setAt(head, ['paths', THINGS, 'get', 'responses', '400'], { description: 'bad' });
      }),
    ).toEqual([]);
  });

  it('finds removed paths and operations, and a renamed operationId (the SDK function name)', () => {
    expect(changesAfter((head) => setAt(head, ['paths', THING], undefined))).toEqual(['removed path /v1/things/{id}']);
    expect(changesAfter((head) => setAt(head, ['paths', THINGS, 'post'], undefined))).toEqual([
      'removed operation POST /v1/things',
    ]);
    expect(changesAfter((head) => setAt(head, ['paths', THING, 'get', 'operationId'], 'readThing'))).toEqual([
      'renamed operation GET /v1/things/{id} (getThing -> readThing)',
    ]);
  });

  it('finds removed parameters, new required ones, and optional ones becoming required', () => {
    expect(
      changesAfter((head) => {
        setAt(head, ['paths', THINGS, 'get', 'parameters', 1], undefined);
        setAt(head, ['paths', THINGS, 'get', 'parameters', 0, 'required'], true);
        pushAt(head, ['paths', THING, 'get', 'parameters'], {
          name: 'If-Match',
          in: 'header',
          required: true,
          schema: { type: 'string' },
        });
      }),
    ).toEqual([
      'parameter query.limit of GET /v1/things became required',
      'removed parameter query.kind of GET /v1/things',
      'new required parameter header.If-Match of GET /v1/things/{id}',
    ]);
  });

  it('matches header parameters case-insensitively', () => {
    const base = baseline();
    pushAt(base, ['paths', THING, 'get', 'parameters'], {
      name: 'If-None-Match',
      in: 'header',
      schema: { type: 'string' },
    });
    const head = baseline();
    pushAt(head, ['paths', THING, 'get', 'parameters'], {
      name: 'if-none-match',
      in: 'header',
      schema: { type: 'string' },
    });
    expect(findBreakingChanges(base, head)).toEqual([]);
  });

  it('finds a removed success response and a response schema swapped for another', () => {
    expect(
      changesAfter((head) => {
        setAt(head, ['paths', THINGS, 'post', 'responses', '201'], undefined);
        setAt(head, ['paths', THING, 'get', 'responses', '200', 'content', 'application/json', 'schema'], {
          $ref: '#/components/schemas/ThingPageDto',
        });
      }),
    ).toEqual([
      'removed response 201 of POST /v1/things',
      'schema of response 200 (application/json) of GET /v1/things/{id} changed (ThingDto -> ThingPageDto)',
    ]);
  });

  it('finds response fields removed, no longer always present, or admitting a new type such as null', () => {
    expect(
      changesAfter((head) => {
        setAt(head, [...SCHEMAS, 'ThingDto', 'properties', 'note'], undefined);
        setAt(head, [...SCHEMAS, 'ThingDto', 'required'], ['id', 'kind', 'owner']);
        setAt(head, [...SCHEMAS, 'ThingDto', 'properties', 'id', 'type'], ['string', 'null']);
        setAt(head, [...SCHEMAS, 'ThingDto', 'properties', 'owner', 'properties', 'email'], undefined);
        setAt(head, [...SCHEMAS, 'ThingDto', 'properties', 'kind'], {
          anyOf: [{ $ref: '#/components/schemas/ThingKind' }, { type: 'null' }],
        });
      }),
    ).toEqual([
      'ThingDto.id may now be null',
      'response field ThingDto.name is no longer always present',
      'ThingDto.kind may now be null',
      'removed field ThingDto.owner.email',
      'removed field ThingDto.note',
    ]);
  });

  it('finds request fields removed (unknown fields are refused), newly required, or accepting less', () => {
    expect(
      changesAfter((head) => {
        setAt(head, [...SCHEMAS, 'CreateThingDto', 'required'], ['name', 'kind', 'colour']);
        setAt(head, [...SCHEMAS, 'CreateThingDto', 'properties', 'colour'], { type: 'string', maxLength: 20 });
        setAt(head, [...SCHEMAS, 'CreateThingDto', 'properties', 'tags'], undefined);
        setAt(head, [...SCHEMAS, 'CreateThingDto', 'properties', 'size', 'type'], 'integer');
        setAt(head, [...SCHEMAS, 'CreateThingDto', 'properties', 'name', 'maxLength'], 100);
      }),
    ).toEqual([
      'lowered maxLength of CreateThingDto.name (200 -> 100)',
      'request field CreateThingDto.kind became required',
      'CreateThingDto.size no longer accepts string',
      'removed field CreateThingDto.tags',
      'new required request field CreateThingDto.colour',
    ]);
  });

  it('finds removed enum values and removed schemas (SDK types)', () => {
    expect(
      changesAfter((head) => {
        setAt(head, [...SCHEMAS, 'ThingKind', 'enum'], ['small']);
        setAt(head, [...SCHEMAS, 'Unused'], undefined);
      }),
    ).toEqual(['removed enum value ThingKind.large']);
    const base = baseline();
    setAt(base, [...SCHEMAS, 'Unused'], { type: 'string', enum: ['x'] });
    expect(findBreakingChanges(base, baseline()).map((c) => c.change)).toEqual(['removed schema Unused']);
  });

  it('finds a lower page-size limit on a parameter and a request body becoming required', () => {
    const base = baseline();
    setAt(base, ['paths', THINGS, 'post', 'requestBody', 'required'], false);
    const head = baseline();
    setAt(head, ['paths', THINGS, 'get', 'parameters', 0, 'schema', 'maximum'], 50);
    expect(findBreakingChanges(base, head).map((c) => c.change)).toEqual([
      'lowered maximum of parameter query.limit of GET /v1/things (200 -> 50)',
      'request body of POST /v1/things became required',
    ]);
  });
});

describe('checkBreakingChanges', () => {
  const head = baseline();
  setAt(head, ['paths', THING], undefined);
  const declared: DeclaredChange = { change: 'removed path /v1/things/{id}', reason: 'things are read from the list' };

  it('fails on undeclared breaks', () => {
    expect(checkBreakingChanges(baseline(), head, [])).toEqual({
      undeclared: [{ change: 'removed path /v1/things/{id}' }],
      stale: [],
      declared: [],
    });
  });

  it('accepts declared breaks and reports declarations that match nothing (stale)', () => {
    const stale: DeclaredChange = { change: 'removed path /v1/nothing', reason: 'gone' };
    expect(checkBreakingChanges(baseline(), head, [declared, stale])).toEqual({
      undeclared: [],
      stale: [stale],
      declared: [declared],
    });
  });
});

describe('parseDeclarations', () => {
  it('reads [{ change, reason }] and refuses anything else', () => {
    expect(parseDeclarations([{ change: 'removed path /x', reason: 'why' }])).toEqual([
      { change: 'removed path /x', reason: 'why' },
    ]);
    expect(() => parseDeclarations({})).toThrow('must be an array');
    expect(() => parseDeclarations([{ change: 'removed path /x' }])).toThrow('[0].reason must say why');
    expect(() => parseDeclarations([{ change: ' ', reason: 'why' }])).toThrow('[0].change must be');
  });
});

describe('the committed openapi/openapi.json', () => {
  it('breaks no client of openapi/baseline.json beyond the changes declared in openapi/breaking-changes.json', () => {
    const read = (file: string): unknown =>
      JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../openapi', file), 'utf8'));
    const report = checkBreakingChanges(
      read('baseline.json'),
      read('openapi.json'),
      parseDeclarations(read('breaking-changes.json')),
    );
    expect({ undeclared: report.undeclared, stale: report.stale }).toEqual({ undeclared: [], stale: [] });
  });
});
