/**
 * The house rules of the OpenAPI document, which generic linters do not know: what makes it generate a clean,
 * typed SDK. Pure (no Nest import): `checkDocumentQuality(document)` lists findings, none when the document is
 * fit to ship. The rules are generic (no list of operations), so they hold whatever resources are added.
 */
import { isJsonMediaType } from './examples.js';
import {
  arrayAt,
  deref,
  isObject,
  objectAt,
  operationsOf,
  parametersOf,
  pointerToken,
  resolvePointer,
  typesOf,
  walkSchemas,
  type JsonObject,
  type OperationRef,
} from './json.js';

export type QualityRule =
  | 'operation-id'
  | 'operation-summary'
  | 'operation-tag'
  | 'success-response'
  | 'error-response'
  | 'problem-schema'
  | 'body-example'
  | 'named-enum'
  | 'uuid-id'
  | 'nullable-idiom'
  | 'input-limit';

export interface QualityFinding {
  rule: QualityRule;
  /** JSON pointer of the offending node. */
  at: string;
  message: string;
}

export interface QualityOptions {
  /** Component schema every error response must use (RFC 9457 problem details). */
  problemSchema?: string;
  /** Media type of error responses. */
  problemMediaType?: string;
  /** First words an operationId may start with. */
  verbs?: readonly string[];
  /** Properties and parameters named like ids that are not UUIDs (e.g. a client-chosen request id). */
  nonUuidIds?: readonly string[];
}

/**
 * Verbs an operationId may start with. Generous on purpose: the point is that the name reads as an action on a
 * noun (`listLiaisons`, `transitionLiaison`), not that only CRUD exists. Add a verb here when a real one is missing.
 */
export const OPERATION_VERBS: readonly string[] = [
  'get',
  'list',
  'search',
  'find',
  'count',
  'create',
  'add',
  'register',
  'update',
  'replace',
  'set',
  'patch',
  'delete',
  'remove',
  'transition',
  'approve',
  'reject',
  'record',
  'submit',
  'open',
  'close',
  'start',
  'stop',
  'complete',
  'cancel',
  'activate',
  'deactivate',
  'suspend',
  'reinstate',
  'withdraw',
  'archive',
  'restore',
  'publish',
  'import',
  'export',
  'upload',
  'download',
  'send',
  'resend',
  'retry',
  'redeliver',
  'replay',
  'test',
  'ping',
  'verify',
  'validate',
  'check',
  'preview',
  'rotate',
  'revoke',
  'issue',
  'renew',
  'grant',
  'enable',
  'disable',
  'subscribe',
  'unsubscribe',
  'acknowledge',
  'assign',
  'unassign',
  'link',
  'unlink',
  'move',
  'merge',
  'invite',
  'trigger',
  'reset',
  'refresh',
  'poll',
];

const DEFAULTS: Required<QualityOptions> = {
  problemSchema: 'ProblemDto',
  problemMediaType: 'application/problem+json',
  verbs: OPERATION_VERBS,
  // X-Request-Id may be any sane client-chosen token (logging.ts keeps it), not only a UUID.
  // requestId: any sane incoming X-Request-Id; messageId: the Standard Webhooks message id (msg_...)
  nonUuidIds: ['requestId', 'messageId'],
};

const CAMEL_CASE = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/;

function firstWord(operationId: string): string {
  return /^[a-z0-9]+/.exec(operationId)?.[0] ?? '';
}

function isIdName(name: string): boolean {
  return name === 'id' || /[a-z0-9]Id$/.test(name);
}

function isIdListName(name: string): boolean {
  return /[a-z0-9]Ids$/.test(name);
}

type Report = (rule: QualityRule, at: string, message: string) => void;

function checkIdentity(ref: OperationRef, seen: Map<string, string>, verbs: ReadonlySet<string>, report: Report) {
  const { operation, label, pointer } = ref;
  const id = operation.operationId;
  if (typeof id !== 'string' || id === '') {
    report('operation-id', pointer, `${label} has no operationId.`);
  } else {
    if (!CAMEL_CASE.test(id)) {
      report('operation-id', `${pointer}/operationId`, `${label}: operationId "${id}" is not camelCase verb + noun.`);
    } else if (!verbs.has(firstWord(id))) {
      report(
        'operation-id',
        `${pointer}/operationId`,
        `${label}: operationId "${id}" does not start with a known verb (got "${firstWord(id)}").`,
      );
    }
    const previous = seen.get(id);
    if (previous !== undefined) {
      report('operation-id', `${pointer}/operationId`, `${label}: operationId "${id}" is also used by ${previous}.`);
    }
    seen.set(id, label);
  }
  if (typeof operation.summary !== 'string' || operation.summary.trim() === '') {
    report('operation-summary', pointer, `${label} has no summary.`);
  }
}

function checkTags(document: unknown, ref: OperationRef, report: Report) {
  const tags = arrayAt(ref.operation.tags).filter((tag): tag is string => typeof tag === 'string');
  if (tags.length === 0) {
    report('operation-tag', ref.pointer, `${ref.label} has no tag.`);
    return;
  }
  const declared = new Map(
    arrayAt(objectAt(document).tags)
      .filter(isObject)
      .map((tag) => [tag.name, tag.description] as const),
  );
  for (const tag of tags) {
    const description = declared.get(tag);
    if (typeof description !== 'string' || description.trim() === '') {
      report('operation-tag', `${ref.pointer}/tags`, `${ref.label}: tag "${tag}" is not declared with a description.`);
    }
  }
}

/** Inputs a client can get wrong: path and query parameters and a request body (headers are conditions). */
function takesInput(document: unknown, ref: OperationRef): boolean {
  return (
    ref.operation.requestBody !== undefined ||
    parametersOf(document, ref).some((p) => p.in === 'path' || p.in === 'query')
  );
}

function checkResponses(document: unknown, ref: OperationRef, options: Required<QualityOptions>, report: Report) {
  const responses = objectAt(ref.operation.responses);
  const statuses = Object.keys(responses);
  const at = `${ref.pointer}/responses`;
  if (!statuses.some((status) => /^2(\d\d|XX)$/.test(status))) {
    report('success-response', at, `${ref.label} documents no success (2xx) response.`);
  }
  const errors = statuses.filter((status) => /^[45](\d\d|XX)$/.test(status));
  if (errors.length === 0) {
    report('error-response', at, `${ref.label} documents no error response.`);
  } else if (takesInput(document, ref) && !errors.some((status) => status.startsWith('4'))) {
    report('error-response', at, `${ref.label} takes input but documents no 4xx response.`);
  }
  const problemRef = `#/components/schemas/${options.problemSchema}`;
  for (const status of errors) {
    const response = objectAt(deref(document, responses[status]));
    const media = objectAt(objectAt(response.content)[options.problemMediaType]);
    const schema = objectAt(media.schema);
    if (schema.$ref !== problemRef) {
      report(
        'problem-schema',
        `${at}/${status}`,
        `${ref.label}: response ${status} is not ${options.problemMediaType} with the shared ${options.problemSchema} schema.`,
      );
    }
  }
}

function hasExample(media: JsonObject): boolean {
  return media.example !== undefined || (isObject(media.examples) && Object.keys(media.examples).length > 0);
}

function checkExamples(document: unknown, ref: OperationRef, report: Report) {
  const bodies: { at: string; what: string; media: JsonObject }[] = [];
  const requestBody = objectAt(deref(document, ref.operation.requestBody));
  for (const [type, media] of Object.entries(objectAt(requestBody.content))) {
    const at = `${ref.pointer}/requestBody/content/${pointerToken(type)}`;
    bodies.push({ at, what: `the request body (${type})`, media: objectAt(media) });
  }
  for (const [status, response] of Object.entries(objectAt(ref.operation.responses))) {
    for (const [type, media] of Object.entries(objectAt(objectAt(deref(document, response)).content))) {
      const at = `${ref.pointer}/responses/${status}/content/${pointerToken(type)}`;
      bodies.push({ at, what: `the ${status} response body (${type})`, media: objectAt(media) });
    }
  }
  for (const { at, what, media } of bodies) {
    if (media.schema !== undefined && !hasExample(media)) {
      report('body-example', at, `${ref.label}: ${what} has no example.`);
    }
  }
}

/** Every schema of the document: components, and those inline in parameters, bodies and headers. */
function* allSchemas(document: unknown): Generator<{ schema: JsonObject; pointer: string; topLevel: boolean }> {
  for (const [name, schema] of Object.entries(objectAt(objectAt(objectAt(document).components).schemas))) {
    for (const found of walkSchemas(schema, `#/components/schemas/${pointerToken(name)}`)) {
      yield { ...found, topLevel: found.schema === schema };
    }
  }
  for (const ref of operationsOf(document)) {
    for (const [index, parameter] of arrayAt(ref.operation.parameters).entries()) {
      for (const found of walkSchemas(objectAt(parameter).schema, `${ref.pointer}/parameters/${index}/schema`)) {
        yield { ...found, topLevel: false };
      }
    }
    for (const [type, media] of Object.entries(objectAt(objectAt(ref.operation.requestBody).content))) {
      const at = `${ref.pointer}/requestBody/content/${pointerToken(type)}/schema`;
      for (const found of walkSchemas(objectAt(media).schema, at)) yield { ...found, topLevel: false };
    }
    for (const [status, response] of Object.entries(objectAt(ref.operation.responses))) {
      for (const [type, media] of Object.entries(objectAt(objectAt(response).content))) {
        const at = `${ref.pointer}/responses/${status}/content/${pointerToken(type)}/schema`;
        for (const found of walkSchemas(objectAt(media).schema, at)) yield { ...found, topLevel: false };
      }
      for (const [name, header] of Object.entries(objectAt(objectAt(response).headers))) {
        const at = `${ref.pointer}/responses/${status}/headers/${pointerToken(name)}/schema`;
        for (const found of walkSchemas(objectAt(header).schema, at)) yield { ...found, topLevel: false };
      }
    }
  }
}

function isNullSchema(schema: unknown): boolean {
  return isObject(schema) && schema.type === 'null';
}

function checkSchemaShapes(document: unknown, options: Required<QualityOptions>, report: Report) {
  const nonUuid = new Set(options.nonUuidIds);
  for (const { schema, pointer, topLevel } of allSchemas(document)) {
    if (Array.isArray(schema.enum) && !topLevel) {
      report('named-enum', pointer, `${pointer}: inline enum; make it a named component schema (enumName).`);
    }
    if ('nullable' in schema) {
      report('nullable-idiom', pointer, `${pointer}: "nullable" is OpenAPI 3.0; use a type union with "null".`);
    }
    if (Array.isArray(schema.oneOf) && schema.oneOf.some(isNullSchema)) {
      report('nullable-idiom', pointer, `${pointer}: a nullable reference is anyOf [$ref, {type: null}], not oneOf.`);
    }
    if (Array.isArray(schema.anyOf) && schema.anyOf.some(isNullSchema)) {
      const others = schema.anyOf.filter((branch) => !isNullSchema(branch));
      if (others.length === 1 && isObject(others[0]) && typeof others[0].$ref !== 'string') {
        report('nullable-idiom', pointer, `${pointer}: a nullable plain type is a type union ("type": [T, "null"]).`);
      }
    }
    for (const [name, property] of Object.entries(objectAt(schema.properties))) {
      checkIdProperty(document, name, property, `${pointer}/properties/${pointerToken(name)}`, nonUuid, report);
    }
  }
  for (const ref of operationsOf(document)) {
    for (const [index, parameter] of parametersOf(document, ref).entries()) {
      if (parameter.in === 'header' || typeof parameter.name !== 'string') continue;
      const at = `${ref.pointer}/parameters/${index}/schema`;
      checkIdProperty(document, parameter.name, parameter.schema, at, nonUuid, report);
    }
  }
}

/** An `id` / `...Id` is a UUID string; an `...Ids` list holds UUID strings. */
function checkIdProperty(
  document: unknown,
  name: string,
  property: unknown,
  at: string,
  nonUuid: ReadonlySet<string>,
  report: Report,
) {
  if (nonUuid.has(name)) return;
  const schema = objectAt(property);
  const target = isIdListName(name) ? objectAt(deref(document, schema.items)) : schema;
  if (!isIdName(name) && !isIdListName(name)) return;
  // A nullable id is anyOf/type union; look through the null branch.
  const uuidLike = (s: JsonObject) => typesOf(s).includes('string') && s.format === 'uuid';
  const branches = [target, ...arrayAt(target.anyOf).filter(isObject)].map((s) => objectAt(deref(document, s)));
  if (!branches.some(uuidLike))
    report('uuid-id', at, `${at}: "${name}" names an id but is not a string of format uuid.`);
}

/** Inputs carry limits: strings maxLength (or enum/const), arrays maxItems, following references. */
function checkInputLimits(document: unknown, report: Report) {
  const visited = new Set<unknown>();
  const visit = (node: unknown, at: string, depth: number): void => {
    if (!isObject(node) || depth > 30) return;
    if (typeof node.$ref === 'string') {
      const target = resolvePointer(document, node.$ref);
      if (visited.has(target)) return;
      visited.add(target);
      visit(target, node.$ref, depth + 1);
    }
    const types = typesOf(node);
    const bounded = node.enum !== undefined || node.const !== undefined;
    if (types.includes('string') && node.maxLength === undefined && !bounded) {
      report('input-limit', at, `${at}: a string clients send has no maxLength.`);
    }
    if (types.includes('array') && node.maxItems === undefined) {
      report('input-limit', at, `${at}: an array clients send has no maxItems.`);
    }
    for (const [key, child] of Object.entries(objectAt(node.properties))) {
      visit(child, `${at}/properties/${pointerToken(key)}`, depth + 1);
    }
    if (isObject(node.items)) visit(node.items, `${at}/items`, depth + 1);
    if (isObject(node.additionalProperties)) visit(node.additionalProperties, `${at}/additionalProperties`, depth + 1);
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      for (const [index, child] of arrayAt(node[key]).entries()) visit(child, `${at}/${key}/${index}`, depth + 1);
    }
  };
  for (const ref of operationsOf(document)) {
    for (const [index, parameter] of parametersOf(document, ref).entries()) {
      visit(parameter.schema, `${ref.pointer}/parameters/${index}/schema`, 0);
    }
    const requestBody = objectAt(deref(document, ref.operation.requestBody));
    for (const [type, media] of Object.entries(objectAt(requestBody.content))) {
      if (!isJsonMediaType(type)) continue;
      visit(objectAt(media).schema, `${ref.pointer}/requestBody/content/${pointerToken(type)}/schema`, 0);
    }
  }
}

export function checkDocumentQuality(document: unknown, options: QualityOptions = {}): QualityFinding[] {
  const settings = { ...DEFAULTS, ...options };
  const findings: QualityFinding[] = [];
  const report: Report = (rule, at, message) => findings.push({ rule, at, message });
  const verbs = new Set(settings.verbs);
  const seen = new Map<string, string>();
  for (const ref of operationsOf(document)) {
    checkIdentity(ref, seen, verbs, report);
    checkTags(document, ref, report);
    checkResponses(document, ref, settings, report);
    checkExamples(document, ref, report);
  }
  checkSchemaShapes(document, settings, report);
  checkInputLimits(document, report);
  return findings;
}

/** One line per finding, for test failures and the CLI. */
export function formatFindings(findings: readonly QualityFinding[]): string {
  return findings.map((finding) => `[${finding.rule}] ${finding.message}`).join('\n');
}
