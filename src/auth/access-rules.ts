/**
 * Who may call what: pure rules, unit-tested without Nest. Route metadata (see access.decorators.ts)
 * states an operation's access; routes without it are public when they read (GET, HEAD) and admin-only
 * when they write, so a new write endpoint is closed until someone decides otherwise.
 */
import type { Principal, PrincipalRole } from '../common/http/principal.js';

/** Records whose bodies decide a secretariat's scope, found by a path parameter. */
export type ScopedRecordKind = 'liaison' | 'liaisonCommittee' | 'workItem' | 'statement';

/**
 * What a secretariat-scoped write touches.
 * - `body`: body ids read from the request (`params.id`, `body.bodyId`); at least one must be in scope.
 * - a record kind: the stored record named by a path parameter; at least one of its bodies must be in
 *   scope, and when the request body moves the record to other bodies, at least one of the new ones too.
 */
export type ScopeTarget = { kind: 'body'; sources: readonly string[] } | { kind: ScopedRecordKind; param: string };

export type Access =
  | { kind: 'public' }
  | { kind: 'admin' }
  /** Admin, or a secretariat key whose scope covers the target. */
  | { kind: 'scoped'; target: ScopeTarget }
  /**
   * Admin, or any secretariat key, which the handler itself limits to the records within its scope: the scope of a
   * record is not one request field or stored row the guard could check (webhook subscriptions: a list of bodies,
   * all of which must be in scope), and records outside it answer 404, not 403, so that their ids cannot be probed.
   */
  | { kind: 'scopedRecords' };

export type Decision =
  | { outcome: 'allow' }
  /** The role may do it if the target is in the key's scope. */
  | { outcome: 'check-scope'; target: ScopeTarget }
  | { outcome: 'deny'; status: 401 | 403; detail: string; requiredRoles: PrincipalRole[] };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function defaultAccess(method: string): Access {
  return READ_METHODS.has(method.toUpperCase()) ? { kind: 'public' } : { kind: 'admin' };
}

function rolesOf(access: Access): PrincipalRole[] {
  switch (access.kind) {
    case 'public':
      return [];
    case 'admin':
      return ['admin'];
    case 'scoped':
    case 'scopedRecords':
      return ['secretariat', 'admin'];
  }
}

export function decide(access: Access, principal: Principal | null): Decision {
  if (access.kind === 'public') return { outcome: 'allow' };
  const requiredRoles = rolesOf(access);
  if (principal === null) {
    return {
      outcome: 'deny',
      status: 401,
      detail: `This operation needs an API key with the role ${requiredRoles.join(' or ')}; send it as \`Authorization: Bearer <key>\` or \`X-API-Key\`.`,
      requiredRoles,
    };
  }
  if (principal.role === 'admin') return { outcome: 'allow' };
  if (access.kind === 'scoped' && principal.role === 'secretariat') {
    return { outcome: 'check-scope', target: access.target };
  }
  if (access.kind === 'scopedRecords' && principal.role === 'secretariat') return { outcome: 'allow' };
  return {
    outcome: 'deny',
    status: 403,
    detail: `This operation needs the role ${requiredRoles.join(' or ')}; the key "${principal.name}" has the role ${principal.role}.`,
    requiredRoles,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The value at `params.id` / `body.bodyId` when it is a UUID (lowercased), otherwise nothing. */
export function uuidAt(source: string, request: { params?: unknown; body?: unknown }): string | undefined {
  const [where, field] = source.split('.', 2);
  const container = where === 'params' ? request.params : where === 'body' ? request.body : undefined;
  if (field === undefined || container === null || typeof container !== 'object' || Array.isArray(container)) {
    return undefined;
  }
  if (!Object.hasOwn(container, field)) return undefined;
  const value = (container as Record<string, unknown>)[field];
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : undefined;
}

/** Whether the request body sets `field` at all (even to a value that will fail validation). */
export function bodySets(body: unknown, field: string): boolean {
  return body !== null && typeof body === 'object' && !Array.isArray(body) && Object.hasOwn(body, field);
}

/**
 * A scope requirement: at least one of `candidates` must be in scope. An empty list can never be
 * satisfied (a request naming no usable body is refused, or, when malformed, rejected by validation
 * after that).
 */
export interface ScopeRequirement {
  /** What the candidates are, for the refusal message: "the liaison's committee or partner". */
  describes: string;
  candidates: string[];
}

export type ScopeVerdict = { ok: true } | { ok: false; failed: ScopeRequirement };

/** Where a record kind keeps its bodies, and which request-body fields move it to others. */
export interface RecordScope {
  table: string;
  /** What the bodies are, for messages. */
  describes: string;
  /** Body columns of the record and the request-body field that changes each. */
  columns: Record<string, string>;
}

export const RECORD_SCOPES: Record<ScopedRecordKind, RecordScope> = {
  liaison: {
    table: 'liaisons',
    describes: "the liaison's committee or partner",
    columns: { committee_id: 'committeeId', partner_id: 'partnerId' },
  },
  liaisonCommittee: {
    table: 'liaisons',
    describes: "the liaison's committee",
    columns: { committee_id: 'committeeId' },
  },
  workItem: { table: 'work_items', describes: "the work item's body", columns: { body_id: 'bodyId' } },
  statement: {
    table: 'statements',
    describes: "the statement's sending body",
    columns: { from_body_id: 'fromBodyId' },
  },
};

/** For `body` targets: at least one of the UUIDs found at the sources. */
export function bodyRequirement(
  sources: readonly string[],
  request: { params?: unknown; body?: unknown },
): ScopeRequirement {
  const names = sources.map((s) => `\`${s.split('.')[1] ?? s}\``);
  return {
    describes: names.length === 1 ? `the body ${names[0]}` : `one of the bodies ${names.join(' or ')}`,
    candidates: sources.flatMap((source) => uuidAt(source, request) ?? []),
  };
}

/**
 * For a stored record: one of its bodies as stored, and, when the request body moves it (sends one
 * of the fields), one of its bodies after the change.
 */
export function recordRequirements(
  scope: RecordScope,
  stored: Record<string, string | null>,
  request: { body?: unknown },
): ScopeRequirement[] {
  const fields = Object.entries(scope.columns);
  const requirements: ScopeRequirement[] = [
    { describes: scope.describes, candidates: fields.flatMap(([column]) => stored[column] ?? []) },
  ];
  if (fields.some(([, field]) => bodySets(request.body, field))) {
    const merged = fields.flatMap(([column, field]) =>
      bodySets(request.body, field) ? (uuidAt(`body.${field}`, request) ?? []) : (stored[column] ?? []),
    );
    requirements.push({ describes: `${scope.describes} after the change`, candidates: merged });
  }
  return requirements;
}

export function evaluateScope(requirements: readonly ScopeRequirement[], inScope: ReadonlySet<string>): ScopeVerdict {
  for (const requirement of requirements) {
    if (!requirement.candidates.some((id) => inScope.has(id))) return { ok: false, failed: requirement };
  }
  return { ok: true };
}
