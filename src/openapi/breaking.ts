/**
 * Changes of the OpenAPI document that break existing clients (generated SDKs above all), found by comparing a
 * released baseline with the current document. Pure (no Nest import).
 *
 * Breaking: a removed path, operation, parameter, success response, component schema, field or enum value; a
 * renamed operationId (the SDK function name); a new required parameter, request field or request body; a
 * request field becoming required or accepting less (a type removed, a lower maxLength/maxItems); a response
 * field no longer always present or admitting a new type (e.g. null). Additions clients can ignore are not.
 *
 * Each change has a stable one-line `change` text: declaring it intentional means listing that text.
 */
import {
  arrayAt,
  deref,
  isObject,
  objectAt,
  operationsOf,
  parametersOf,
  typesOf,
  type JsonObject,
  type OperationRef,
} from './json.js';

export interface BreakingChange {
  change: string;
}

export interface DeclaredChange {
  change: string;
  reason: string;
}

type Direction = 'request' | 'response';

const SCHEMA_PREFIX = '#/components/schemas/';

function schemaName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith(SCHEMA_PREFIX) ? ref.slice(SCHEMA_PREFIX.length) : undefined;
}

/** Names of the component schemas reachable from `node`. */
function reachableSchemas(document: unknown, node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) reachableSchemas(document, child, into);
  } else if (isObject(node)) {
    const name = schemaName(node.$ref);
    if (name !== undefined && !into.has(name)) {
      into.add(name);
      reachableSchemas(document, objectAt(objectAt(objectAt(document).components).schemas)[name], into);
    }
    for (const [key, child] of Object.entries(node))
      if (key !== 'example' && key !== 'examples') reachableSchemas(document, child, into);
  }
  return into;
}

/** Which component schemas clients send and which they receive. */
function schemaRoles(document: unknown): Record<Direction, Set<string>> {
  const request = new Set<string>();
  const response = new Set<string>();
  for (const ref of operationsOf(document)) {
    reachableSchemas(document, ref.operation.requestBody, request);
    reachableSchemas(document, parametersOf(document, ref), request);
    reachableSchemas(document, ref.operation.responses, response);
  }
  return { request, response };
}

function describeTypes(schema: JsonObject): string[] {
  const name = schemaName(schema.$ref);
  if (name !== undefined) return [name];
  const types = typesOf(schema);
  const out = types.length > 0 ? [...types] : [];
  for (const key of ['anyOf', 'oneOf']) {
    for (const branch of arrayAt(schema[key]).filter(isObject)) out.push(...describeTypes(branch));
  }
  return [...new Set(out)].sort();
}

function requiredOf(schema: JsonObject): Set<string> {
  return new Set(arrayAt(schema.required).filter((name): name is string => typeof name === 'string'));
}

function enumValues(schema: JsonObject): unknown[] | undefined {
  return Array.isArray(schema.enum) ? schema.enum : undefined;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

class Comparison {
  readonly changes: string[] = [];
  private readonly baseRoles: Record<Direction, Set<string>>;

  constructor(
    private readonly base: unknown,
    private readonly head: unknown,
  ) {
    this.baseRoles = schemaRoles(base);
  }

  private add(change: string): void {
    if (!this.changes.includes(change)) this.changes.push(change);
  }

  run(): string[] {
    this.comparePaths();
    this.compareComponents();
    return this.changes;
  }

  private comparePaths(): void {
    const headPaths = objectAt(objectAt(this.head).paths);
    const headOperations = new Map(operationsOf(this.head).map((ref) => [ref.label, ref]));
    for (const baseRef of operationsOf(this.base)) {
      if (!(baseRef.path in headPaths)) {
        this.add(`removed path ${baseRef.path}`);
        continue;
      }
      const headRef = headOperations.get(baseRef.label);
      if (!headRef) {
        this.add(`removed operation ${baseRef.label}`);
        continue;
      }
      this.compareOperation(baseRef, headRef);
    }
  }

  private compareOperation(baseRef: OperationRef, headRef: OperationRef): void {
    const label = baseRef.label;
    const baseId = baseRef.operation.operationId;
    const headId = headRef.operation.operationId;
    if (typeof baseId === 'string' && baseId !== headId) {
      this.add(`renamed operation ${label} (${baseId} -> ${show(headId ?? 'none')})`);
    }
    const key = (p: JsonObject) => `${show(p.in)}.${show(p.name)}`;
    // Header names are case-insensitive.
    const normal = (p: JsonObject) => (p.in === 'header' ? key(p).toLowerCase() : key(p));
    const baseParams = new Map(parametersOf(this.base, baseRef).map((p) => [normal(p), p]));
    const headParams = new Map(parametersOf(this.head, headRef).map((p) => [normal(p), p]));
    for (const [name, parameter] of baseParams) {
      const now = headParams.get(name);
      if (!now) {
        this.add(`removed parameter ${key(parameter)} of ${label}`);
        continue;
      }
      if (parameter.required !== true && now.required === true) {
        this.add(`parameter ${key(parameter)} of ${label} became required`);
      }
      this.compareSchema(parameter.schema, now.schema, `parameter ${key(parameter)} of ${label}`, 'request');
    }
    for (const [name, parameter] of headParams) {
      if (!baseParams.has(name) && parameter.required === true) {
        this.add(`new required parameter ${key(parameter)} of ${label}`);
      }
    }
    this.compareRequestBody(baseRef, headRef);
    this.compareResponses(baseRef, headRef);
  }

  private compareRequestBody(baseRef: OperationRef, headRef: OperationRef): void {
    const label = baseRef.label;
    const before = objectAt(deref(this.base, baseRef.operation.requestBody));
    const after = objectAt(deref(this.head, headRef.operation.requestBody));
    if (Object.keys(after).length === 0) return;
    if (Object.keys(before).length === 0) {
      if (after.required === true) this.add(`new required request body of ${label}`);
      return;
    }
    if (before.required !== true && after.required === true) this.add(`request body of ${label} became required`);
    const headContent = objectAt(after.content);
    for (const [type, media] of Object.entries(objectAt(before.content))) {
      if (!(type in headContent)) {
        this.add(`removed request media type ${type} of ${label}`);
        continue;
      }
      const what = `request body (${type}) of ${label}`;
      this.compareSchema(objectAt(media).schema, objectAt(headContent[type]).schema, what, 'request');
    }
  }

  private compareResponses(baseRef: OperationRef, headRef: OperationRef): void {
    const label = baseRef.label;
    const headResponses = objectAt(headRef.operation.responses);
    for (const [status, response] of Object.entries(objectAt(baseRef.operation.responses))) {
      if (!/^2/.test(status)) continue;
      if (!(status in headResponses)) {
        this.add(`removed response ${status} of ${label}`);
        continue;
      }
      const headContent = objectAt(objectAt(deref(this.head, headResponses[status])).content);
      for (const [type, media] of Object.entries(objectAt(objectAt(deref(this.base, response)).content))) {
        if (!(type in headContent)) {
          this.add(`removed response media type ${type} of ${status} ${label}`);
          continue;
        }
        const what = `response ${status} (${type}) of ${label}`;
        this.compareSchema(objectAt(media).schema, objectAt(headContent[type]).schema, what, 'response');
      }
    }
  }

  private compareComponents(): void {
    const baseSchemas = objectAt(objectAt(objectAt(this.base).components).schemas);
    const headSchemas = objectAt(objectAt(objectAt(this.head).components).schemas);
    for (const [name, before] of Object.entries(baseSchemas)) {
      const after = headSchemas[name];
      if (!isObject(after)) {
        this.add(`removed schema ${name}`);
        continue;
      }
      const directions: Direction[] = [];
      if (this.baseRoles.request.has(name)) directions.push('request');
      if (this.baseRoles.response.has(name)) directions.push('response');
      for (const direction of directions) this.compareInline(objectAt(before), after, name, direction);
      // Enums break SDK types whichever way they flow, and so does a schema used nowhere yet.
      if (directions.length === 0) this.compareEnum(objectAt(before), after, name);
    }
  }

  /** Compares two schemas at a use site: references by name (their contents are compared once, as components). */
  private compareSchema(before: unknown, after: unknown, what: string, direction: Direction): void {
    const b = objectAt(before);
    const a = objectAt(after);
    const baseName = schemaName(b.$ref);
    const headName = schemaName(a.$ref);
    if (baseName !== undefined && headName !== undefined) {
      if (baseName !== headName) this.add(`schema of ${what} changed (${baseName} -> ${headName})`);
      return;
    }
    this.compareInline(b, a, what, direction);
  }

  private compareEnum(before: JsonObject, after: JsonObject, what: string): void {
    const old = enumValues(before);
    if (old === undefined) return;
    const now = enumValues(after) ?? [];
    for (const value of old) {
      if (!now.some((v) => JSON.stringify(v) === JSON.stringify(value))) {
        this.add(`removed enum value ${what}.${show(value)}`);
      }
    }
  }

  /** Compares schemas that are not references (a component's body, or an inline schema), field by field. */
  private compareInline(before: JsonObject, after: JsonObject, what: string, direction: Direction): void {
    this.compareEnum(before, after, what);
    const oldTypes = describeTypes(before);
    const newTypes = describeTypes(after);
    if (oldTypes.length > 0 && newTypes.length > 0) {
      const lost = oldTypes.filter((t) => !newTypes.includes(t));
      const gained = newTypes.filter((t) => !oldTypes.includes(t));
      if (direction === 'request' && lost.length > 0) {
        this.add(`${what} no longer accepts ${lost.join(', ')}`);
      }
      if (direction === 'response' && gained.length > 0) {
        this.add(`${what} may now be ${gained.join(', ')}`);
      }
    }
    if (direction === 'request') {
      for (const limit of ['maxLength', 'maxItems', 'maximum'] as const) {
        const old = before[limit];
        const now = after[limit];
        if (typeof now === 'number' && (typeof old !== 'number' || now < old)) {
          this.add(`lowered ${limit} of ${what} (${typeof old === 'number' ? old : 'none'} -> ${now})`);
        }
      }
    }
    const oldProperties = objectAt(before.properties);
    const newProperties = objectAt(after.properties);
    const oldRequired = requiredOf(before);
    const newRequired = requiredOf(after);
    for (const [field, schema] of Object.entries(oldProperties)) {
      const path = `${what}.${field}`;
      if (!(field in newProperties)) {
        this.add(`removed field ${path}`);
        continue;
      }
      if (direction === 'request' && !oldRequired.has(field) && newRequired.has(field)) {
        this.add(`request field ${path} became required`);
      }
      if (direction === 'response' && oldRequired.has(field) && !newRequired.has(field)) {
        this.add(`response field ${path} is no longer always present`);
      }
      this.compareSchema(schema, newProperties[field], path, direction);
    }
    if (direction === 'request') {
      for (const field of newRequired) {
        if (!(field in oldProperties)) this.add(`new required request field ${what}.${field}`);
      }
    }
    if (isObject(before.items) && isObject(after.items)) {
      this.compareSchema(before.items, after.items, `${what}[]`, direction);
    }
    for (const key of ['anyOf', 'oneOf', 'allOf']) {
      const oldBranches = arrayAt(before[key]).filter(isObject);
      const newBranches = arrayAt(after[key]).filter(isObject);
      // Branches are matched by what they are (a named schema or a type); the union itself was compared above.
      for (const branch of oldBranches) {
        const id = describeTypes(branch).join('|');
        const match = newBranches.find((candidate) => describeTypes(candidate).join('|') === id);
        if (match && schemaName(branch.$ref) === undefined) this.compareInline(branch, match, what, direction);
      }
    }
  }
}

/** The breaking changes from `base` (the released document) to `head` (the current one), in document order. */
export function findBreakingChanges(base: unknown, head: unknown): BreakingChange[] {
  return new Comparison(base, head).run().map((change) => ({ change }));
}

export interface BreakingReport {
  /** Breaking changes nobody declared: the check fails. */
  undeclared: BreakingChange[];
  /** Declared changes that no longer happen (stale entries to remove): the check fails too. */
  stale: DeclaredChange[];
  /** Declared changes that do happen. */
  declared: DeclaredChange[];
}

export function checkBreakingChanges(
  base: unknown,
  head: unknown,
  declarations: readonly DeclaredChange[],
): BreakingReport {
  const found = findBreakingChanges(base, head);
  const foundTexts = new Set(found.map((c) => c.change));
  const declaredTexts = new Set(declarations.map((d) => d.change));
  return {
    undeclared: found.filter((c) => !declaredTexts.has(c.change)),
    stale: declarations.filter((d) => !foundTexts.has(d.change)),
    declared: declarations.filter((d) => foundTexts.has(d.change)),
  };
}

/** Validates the shape of `openapi/breaking-changes.json`: `[{ "change": "...", "reason": "..." }]`. */
export function parseDeclarations(json: unknown): DeclaredChange[] {
  if (!Array.isArray(json)) throw new Error('breaking-changes.json must be an array of { change, reason }.');
  return json.map((entry, index) => {
    const record = objectAt(entry);
    if (typeof record.change !== 'string' || record.change.trim() === '') {
      throw new Error(`breaking-changes.json[${index}].change must be the text of a breaking change.`);
    }
    if (typeof record.reason !== 'string' || record.reason.trim() === '') {
      throw new Error(`breaking-changes.json[${index}].reason must say why the break is intended.`);
    }
    return { change: record.change, reason: record.reason };
  });
}
