/**
 * Pure transforms of the generated document's schemas: they state limits the code already enforces or the
 * formats already imply, so that every decorator need not repeat them. Each returns a new document.
 */
import { cloneJson, deref, isObject, objectAt, operationsOf, parametersOf, typesOf, type JsonObject } from './json.js';

/** Longest text a value of these formats can be (RFC 4122, RFC 3339 full-date and date-time, RFC 5321, URLs). */
export const FORMAT_MAX_LENGTH: Readonly<Record<string, number>> = {
  uuid: 36,
  date: 10,
  'date-time': 35,
  email: 320,
  uri: 2048,
};

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/** Keywords whose values are data, not document structure: never rewritten. */
const DATA_KEYWORDS = new Set(['example', 'examples', 'default', 'const', 'enum']);
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'schemas', 'headers', 'responses', 'content']);

/** Applies `visit` to every object of the document's structure (not inside examples), depth first, in place. */
function visitObjects(node: unknown, visit: (object: JsonObject) => void, isNameMap = false): void {
  if (Array.isArray(node)) {
    for (const child of node) visitObjects(child, visit);
    return;
  }
  if (!isObject(node)) return;
  visit(node);
  for (const [key, child] of Object.entries(node)) {
    // In `properties` (and other maps of names) a key is a name, so a property called `example` is walked.
    if (isNameMap || !DATA_KEYWORDS.has(key)) visitObjects(child, visit, NAME_MAPS.has(key) && !isNameMap);
  }
}

/**
 * `@nestjs/swagger` wraps a `$ref` in a one-element `allOf` to give it a description or an example. OpenAPI 3.1
 * allows siblings of `$ref`, and generators and linters read the plain form better.
 */
export function collapseSingleAllOf(document: unknown): unknown {
  const out = cloneJson(document);
  visitObjects(out, (node) => {
    const allOf = node.allOf;
    if (!Array.isArray(allOf) || allOf.length !== 1) return;
    const only: unknown = allOf[0];
    if (!isObject(only) || typeof only.$ref !== 'string' || Object.keys(only).length !== 1) return;
    delete node.allOf;
    node.$ref = only.$ref;
  });
  return out;
}

/**
 * A comma-separated query value is validated as an array once split, so the class-validator shim of the swagger
 * plugin puts array keywords (`items`, `maxItems`, ...) on what the document declares a string. They do not apply
 * to a string and confuse generators; the string's own `maxLength` and `pattern` say what is accepted.
 */
export function dropArrayKeywordsFromStrings(document: unknown): unknown {
  const out = cloneJson(document);
  visitObjects(out, (node) => {
    const types = typesOf(node);
    if (types.length === 0 || types.includes('array') || !types.includes('string')) return;
    for (const key of ['items', 'maxItems', 'minItems', 'uniqueItems']) delete node[key];
  });
  return out;
}

/** A string with a length-bounded format gets that bound as `maxLength` unless it states one. */
export function addFormatLengthLimits(document: unknown): unknown {
  const out = cloneJson(document);
  visitObjects(out, (node) => {
    if (!typesOf(node).includes('string') || typeof node.format !== 'string') return;
    const limit = FORMAT_MAX_LENGTH[node.format];
    if (limit === undefined || node.maxLength !== undefined || node.enum !== undefined || node.const !== undefined)
      return;
    node.maxLength = limit;
  });
  return out;
}

/** Integers bounded within 32 bits are `format: int32` (generators then pick a fitting type). */
export function addIntegerFormats(document: unknown): unknown {
  const out = cloneJson(document);
  visitObjects(out, (node) => {
    if (!typesOf(node).includes('integer') || node.format !== undefined) return;
    const { minimum, maximum } = node;
    if (typeof minimum !== 'number' || typeof maximum !== 'number') return;
    if (minimum >= INT32_MIN && maximum <= INT32_MAX) node.format = 'int32';
  });
  return out;
}

/**
 * A page never holds more items than its operation's `limit` allows: the `items` array of every schema answered
 * by a list with a bounded `limit` query parameter gets `maxItems` (the largest limit among the lists using it).
 */
export function boundPageItems(document: unknown): unknown {
  const out = cloneJson(document);
  const bounds = new Map<JsonObject, number>();
  for (const ref of operationsOf(out)) {
    const limit = parametersOf(out, ref).find((p) => p.in === 'query' && p.name === 'limit');
    const maximum = objectAt(deref(out, limit?.schema)).maximum;
    if (typeof maximum !== 'number') continue;
    const ok = objectAt(objectAt(ref.operation.responses)['200']);
    for (const media of Object.values(objectAt(ok.content))) {
      const page = deref(out, objectAt(media).schema);
      const items = objectAt(objectAt(page).properties).items;
      if (!isObject(page) || !isObject(items) || !typesOf(items).includes('array')) continue;
      bounds.set(items, Math.max(bounds.get(items) ?? 0, maximum));
    }
  }
  for (const [items, maximum] of bounds) {
    if (items.maxItems === undefined) items.maxItems = maximum;
  }
  return out;
}
