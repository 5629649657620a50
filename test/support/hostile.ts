/**
 * Arbitraries of hostile requests for one operation of the OpenAPI document (fast-check): wrong
 * types, missing and extra fields, huge and empty strings, Unicode edge cases and NUL bytes, SQL and
 * script injection, malformed and unknown UUIDs, out-of-range numbers and dates, forged cursors,
 * repeated query parameters, wrong content types and bodies that are not JSON. Values that fit the
 * schema are mixed in so that requests also get past validation into the services.
 */
import fc from 'fast-check';
import { resolve, type JsonSchema, type OpenApiDocument, type Operation } from './openapi.js';

export type Caller = 'admin' | 'anonymous' | 'reader' | 'secretariat' | 'bad key';

export interface HostileRequest {
  caller: Caller;
  pathValues: Record<string, string>;
  /** Name/value pairs, in order; a name may repeat. */
  query: [string, string][];
  /** Percent-encoding sent as is (invalid UTF-8, truncated escapes), replacing the first path value or added to the query. */
  rawEncoding?: { in: 'path' | 'query'; text: string };
  /** Raw bytes of the body and its content type (null: header left out). */
  body?: { text: string; contentType: string | null };
  /** A forged credential header, sent instead of the caller's key. */
  credential?: { header: 'authorization' | 'x-api-key'; value: string };
}

/** Ids that exist, by path parameter name or resource. */
export type IdPools = Record<string, string[]>;

const UUID_LIKE = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '{5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10}',
  '5b0e6c363c564c4b9d7e6a4b8b7f2f10',
  '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f1',
  '5b0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f100',
  'g0e6c36-3c56-4c4b-9d7e-6a4b8b7f2f10',
  'not-a-uuid',
];

const NASTY_STRINGS = [
  '',
  ' ',
  '   \t  ',
  '\u0000',
  'a\u0000b',
  '\u0007bell',
  'line\nbreak',
  '\r\n',
  '\u200b',
  '\ufeff',
  '\u202egnirts',
  '\ud800',
  '\udfff\ud800',
  'e\u0301\u0301\u0301',
  'Ω≈ç√∫˜µ≤≥÷',
  '😀👩‍👩‍👧‍👦🏳️‍🌈',
  'ＡＢＣ',
  "' OR '1'='1",
  "'; DROP TABLE bodies; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  '$$; SELECT 1; $$',
  '%',
  '_',
  '%_%',
  '\\',
  '\\x00',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '%s%s%s%n',
  '../../etc/passwd',
  '%2e%2e%2f',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  'true',
  '[]',
  '{}',
  '0000-00-00',
  '2024-02-30',
  '2023-02-29',
  '2024-13-01',
  '2024-1-1',
  '9999-12-31',
  '0001-01-01',
  '-0001-01-01',
  '+275760-09-13',
  '2024-01-01T00:00:00Z',
  '2024-01-01T25:61:61+25:00',
  '1970-01-01',
  'http://',
  'https://exa mple.org',
  'mailto:x@y',
  'a@b',
  '@',
  'x'.repeat(201),
  'x'.repeat(1001),
  ...UUID_LIKE,
];

const NASTY_NUMBERS = [0, -1, 1, -0, 0.5, -1.5, 200, 201, 2 ** 31, 2 ** 53 + 1, -(2 ** 53), 1e308, -1e308, 5e-324];

/** Text of any kind, small. */
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: text },
  { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(10_001), 'é'.repeat(5_000), '\u0000'.repeat(300)) },
);

/** Anything JSON can carry that is likely wrong. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: hostileString },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, ...NASTY_NUMBERS) },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.double({ noNaN: true }) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(text, tie('value'), { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.constant(Array.from({ length: 1_001 }, () => 'a')) },
  ),
})).value;

function typesOf(schema: JsonSchema): string[] {
  return ([] as string[]).concat(schema.type ?? []);
}

function dateText(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const validDate = fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true });

/** Which pool a field's ids come from, by its name (`committeeId` → bodies); unknown names get any id. */
const FIELD_POOLS: [RegExp, string][] = [
  [
    /^(bodyIds?|committeeId|partnerId|fromBodyId|toBodyIds|ccBodyIds|parentId|proposedByBodyId|associatedBodyIds?)$/,
    'bodies',
  ],
  [/^(contactIds?|representativeIds)$/, 'contacts'],
  [/^workItemIds?$/, 'work-items'],
  [/^liaisonIds?$/, 'liaisons'],
  [/^inReplyToId$/, 'statements'],
];

export function idsFor(name: string, pools: IdPools): string[] {
  const pool = FIELD_POOLS.find(([pattern]) => pattern.test(name))?.[1];
  return (pool ? pools[pool] : undefined) ?? Object.values(pools).flat();
}

/** Printable text, mostly ASCII, that the text fields accept. */
function plausibleText(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength, maxLength }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
    )
    .filter((s) => s.trim().length >= minLength && !/[\u0000-\u001f\u007f]/.test(s));
}

/** A value that fits the schema, so that requests get past validation into the services. */
export function plausibleValue(
  document: OpenApiDocument,
  raw: JsonSchema | undefined,
  pools: IdPools,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  if (!schema) return fc.constant(null);
  const options = schema.oneOf ?? schema.anyOf;
  if (options) return fc.oneof(...options.map((option) => plausibleValue(document, option, pools, name, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = typesOf(schema);
  const nullable = types.includes('null');
  const wrap = (arbitrary: fc.Arbitrary<unknown>) =>
    nullable ? fc.oneof({ weight: 4, arbitrary }, { weight: 1, arbitrary: fc.constant(null) }) : arbitrary;
  if (types.includes('string')) {
    const ids = idsFor(name, pools);
    switch (schema.format ?? '') {
      case 'uuid':
        return wrap(
          ids.length > 0
            ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.uuid() })
            : fc.uuid(),
        );
      case 'date':
        return wrap(validDate.map(dateText));
      case 'date-time':
        return wrap(
          fc
            .date({ min: new Date('2027-01-01'), max: new Date('2099-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString()),
        );
      case 'email':
        return wrap(fc.emailAddress());
      case 'uri':
        return wrap(fc.webUrl());
      default:
        return wrap(plausibleText(schema.minLength ?? 1, Math.min(schema.maxLength ?? 40, 40)));
    }
  }
  if (types.includes('integer')) return wrap(fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 }));
  if (types.includes('number')) return wrap(fc.double({ noNaN: true, noDefaultInfinity: true }));
  if (types.includes('boolean')) return wrap(fc.boolean());
  if (types.includes('array')) {
    return wrap(
      fc.array(plausibleValue(document, schema.items, pools, name, depth + 1), {
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      }),
    );
  }
  if (schema.properties && depth < 3) return wrap(objectFor(document, schema, pools, depth + 1));
  return fc.constant({});
}

type FieldChoice = { skip: true } | { value: unknown };

/**
 * An object for a schema, in one of three moods: every field plausible (optional ones sometimes left
 * out), every field plausible but one that is hostile or missing, or each field at random. Sometimes
 * with a field the schema does not have.
 */
function objectFor(
  document: OpenApiDocument,
  schema: JsonSchema,
  pools: IdPools,
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {});
  const skip = fc.constant<FieldChoice>({ skip: true });
  const plausible = (name: string, property: JsonSchema) =>
    plausibleValue(document, property, pools, name, depth).map<FieldChoice>((value) => ({ value }));
  const hostile = hostileValue.map<FieldChoice>((value) => ({ value }));
  const fitting = entries.map(([name, property]) =>
    required.has(name) ? plausible(name, property) : fc.oneof(plausible(name, property), skip),
  );
  const chaotic = entries.map(([name, property]) =>
    fc.oneof(
      { weight: 2, arbitrary: skip },
      { weight: 5, arbitrary: plausible(name, property) },
      { weight: 2, arbitrary: hostile },
    ),
  );
  const choices = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(...fitting) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.tuple(...fitting), fc.nat({ max: Math.max(entries.length - 1, 0) }), fc.oneof(hostile, skip))
        .map(([chosen, index, replacement]) => chosen.map((choice, i) => (i === index ? replacement : choice))),
    },
    { weight: 2, arbitrary: fc.tuple(...chaotic) },
  );
  const extra = fc.oneof(
    { weight: 8, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom('extra', 'id', 'version', 'createdAt', 'isAdmin', 'constructor'),
        hostileValue,
      ),
    },
  );
  return fc.tuple(choices, extra).map(([chosen, more]) => {
    const out: Record<string, unknown> = {};
    chosen.forEach((choice, i) => {
      if (!('skip' in choice)) out[entries[i]![0]] = choice.value;
    });
    if (more) out[more[0]] = more[1];
    return out;
  });
}

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/JSON',
  'application/merge-patch+json',
  'application/octet-stream',
  '',
];

const NOT_JSON = [
  '',
  '{',
  '{"a":',
  '{"a" 1}',
  "{'a': 1}",
  'nul',
  'undefined',
  '\u0000',
  '\ufeff{}',
  '{"__proto__": {"isAdmin": true}}',
  '{"constructor": {"prototype": {"isAdmin": true}}}',
  '{"a": 1, "a": 2}',
  '['.repeat(2_000) + ']'.repeat(2_000),
  '{"a":'.repeat(500) + '1' + '}'.repeat(500),
  '1e999999',
  '"\\ud800"',
];

/** The body of a write: mostly a JSON object shaped by the schema, otherwise anything. */
function bodyFor(
  document: OpenApiDocument,
  operation: Operation,
  pools: IdPools,
): fc.Arbitrary<HostileRequest['body']> {
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant<string | null>('application/json') },
    { weight: 2, arbitrary: fc.constantFrom<string | null>(...CONTENT_TYPES, null) },
  );
  const schema = resolve(document, operation.requestBody);
  const json = fc.oneof(
    { weight: 7, arbitrary: schema ? objectFor(document, schema, pools, 0) : fc.constant({}) },
    { weight: 2, arbitrary: hostileValue },
  );
  const text = fc.oneof(
    { weight: 8, arbitrary: json.map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 2, arbitrary: fc.constantFrom(...NOT_JSON) },
    { weight: 1, arbitrary: fc.constant(`{"name":"${'x'.repeat(1_100_000)}"}`) },
  );
  const body = fc.record({ text, contentType });
  if (operation.requestBody) return body;
  // Operations without a body (DELETE) are sent one now and then.
  return fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: body });
}

/** Query values out of any documented range: numbers, dates and spellings of them that parsers disagree on. */
const OUT_OF_RANGE_QUERY = [
  ...NASTY_NUMBERS.map(String),
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '1_000',
  ' 5',
  '5 ',
  '+5',
  '007',
  '9'.repeat(400),
  '0000-00-00',
  '2025-02-30',
  '2025-13-01',
  '9999-12-31',
  '10000-01-01',
  '-001000-01-01',
  '0001-01-01',
  '2025-1-1',
  '2025-01-01T25:00:00Z',
  'infinity',
  'epoch',
];

/** Credential headers a forger or a broken tool would send; printable ASCII only, as HTTP allows. */
const FORGED_CREDENTIALS = [
  '',
  'Bearer',
  'Bearer ',
  'bearer lr_0000000000000000000000000000000000000000000',
  'Basic YWRtaW46YWRtaW4=',
  'Bearer lr_',
  "Bearer ' OR '1'='1",
  'Bearer lr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA extra',
  `Bearer ${'a'.repeat(4_000)}`,
  'lr_0000000000000000000000000000000000000000000',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  'a'.repeat(4_000),
  '%00',
  'null',
];

function queryFor(document: OpenApiDocument, operation: Operation, pools: IdPools): fc.Arbitrary<[string, string][]> {
  const documented = operation.parameters.filter((p) => p.in === 'query');
  const value = (schema: JsonSchema | undefined, name: string) =>
    fc.oneof(
      {
        weight: 3,
        arbitrary: plausibleValue(document, schema, pools, name).map((v) =>
          typeof v === 'string' ? v : JSON.stringify(v),
        ),
      },
      { weight: 2, arbitrary: hostileString.filter((s) => s.length <= 2_000) },
      { weight: 1, arbitrary: fc.constantFrom(...OUT_OF_RANGE_QUERY) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'eyJzIjoibmFtZSJ9',
          'AAAA',
          '!!!',
          'e30',
          'eyJzIjoibmFtZSIsImYiOiJ4IiwiayI6WzEsMl19',
        ),
      },
    );
  const entries = documented.map((parameter) =>
    fc.option(
      value(parameter.schema, parameter.name).map((v) => [parameter.name, v] as [string, string]),
      { freq: parameter.required ? 10 : 2 },
    ),
  );
  const extras = fc.array(
    fc.oneof(
      fc.tuple(
        fc.constantFrom('unknown', 'limit[]', 'sort', '__proto__', 'q'),
        hostileString.filter((s) => s.length <= 200),
      ),
      // A documented parameter repeated.
      documented.length > 0
        ? fc.tuple(fc.constantFrom(...documented.map((p) => p.name)), fc.constantFrom('1', 'a'))
        : fc.tuple(fc.constant('x'), fc.constant('1')),
    ),
    { maxLength: 2 },
  );
  return fc
    .tuple(fc.tuple(...entries), extras)
    .map(([chosen, more]) => [...chosen.filter((entry): entry is [string, string] => entry !== null), ...more]);
}

function pathValueFor(pool: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: pool.length > 0 ? 4 : 0, arbitrary: pool.length > 0 ? fc.constantFrom(...pool) : fc.uuid() },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom(...UUID_LIKE, ...NASTY_STRINGS.filter((s) => s.length < 250)) },
    { weight: 1, arbitrary: text },
    // ('.' and '..' are left out: URL resolution removes them before anything is sent.)
    { weight: 1, arbitrary: fc.constantFrom('a'.repeat(200), 'a'.repeat(201), '%', '%00', '...') },
  );
}

export function hostileRequest(
  document: OpenApiDocument,
  operation: Operation,
  pools: IdPools,
): fc.Arbitrary<HostileRequest> {
  const pathNames = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const resource = operation.path.split('/')[2] ?? '';
  const pathValues = fc
    .tuple(...pathNames.map((name) => pathValueFor(pools[name === 'id' ? resource : name] ?? [])))
    .map((values) => Object.fromEntries(values.map((v, i) => [pathNames[i]!, v])));
  const caller = fc.oneof(
    { weight: 14, arbitrary: fc.constant<Caller>('admin') },
    { weight: 2, arbitrary: fc.constant<Caller>('anonymous') },
    { weight: 1, arbitrary: fc.constant<Caller>('reader') },
    { weight: 2, arbitrary: fc.constant<Caller>('secretariat') },
    { weight: 1, arbitrary: fc.constant<Caller>('bad key') },
  );
  const body = operation.method === 'get' ? fc.constant(undefined) : bodyFor(document, operation, pools);
  const rawEncoding = fc.oneof(
    { weight: 12, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.record({
        in: fc.constantFrom<'path' | 'query'>(
          ...(pathNames.length > 0 ? (['path', 'query'] as const) : (['query'] as const)),
        ),
        text: fc.constantFrom(...RAW_ENCODINGS),
      }),
    },
  );
  const credential = fc.oneof(
    { weight: 19, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.record({
        header: fc.constantFrom<'authorization' | 'x-api-key'>('authorization', 'x-api-key'),
        value: fc.constantFrom(...FORGED_CREDENTIALS),
      }),
    },
  );
  return fc.record({
    caller,
    pathValues,
    query: queryFor(document, operation, pools),
    body,
    rawEncoding,
    credential,
  });
}

/** Percent-encoded text that is not valid UTF-8 or not valid percent-encoding at all. */
const RAW_ENCODINGS = ['%E0%A4%A', '%ED%A0%80', '%C0%AE%C0%AE', '%FF%FE', '%', '%%', '%0', '%00', '%ZZ', '%C3%28'];

/**
 * Percent-encodes the UTF-8 bytes of `text`. Unlike encodeURIComponent it does not throw on lone
 * surrogates: they become U+FFFD, as any client's UTF-8 encoder would send them.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
