import { randomBytes } from 'node:crypto';
import { createBody, type BodyRecord } from './factories.js';
import type { TestServer } from './server.js';

export interface LiaisonBodySummary {
  id: string;
  designation: string;
  name: string;
  kind: string;
}

export interface LiaisonRecord {
  id: string;
  committeeId: string;
  committee: LiaisonBodySummary;
  partnerId: string;
  partner: LiaisonBodySummary;
  category: string;
  status: string;
  rationale: string | null;
  objectives: string[];
  proposedByBodyId: string | null;
  proposedOn: string | null;
  approvedOn: string | null;
  establishedOn: string | null;
  lastReviewedOn: string | null;
  nextReviewDue: string | null;
  representativeIds: string[];
  workItemIds: string[];
  warnings: { code: string; message: string }[];
  allowedActions: string[];
  experts: { contactId: string; nominatedOn: string | null; note: string | null }[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type LiaisonInput = Partial<
  Omit<
    LiaisonRecord,
    'id' | 'committee' | 'partner' | 'warnings' | 'allowedActions' | 'experts' | 'version' | 'createdAt' | 'updatedAt'
  >
>;

/** A subcommittee and a technical committee of another organization: a pair for which Category A is regular. */
export async function createLiaisonPair(server: TestServer): Promise<{ committee: BodyRecord; partner: BodyRecord }> {
  const committee = await createBody(server, { kind: 'subcommittee' });
  const partner = await createBody(server, { kind: 'technical_committee' });
  return { committee, partner };
}

/**
 * Creates a liaison over HTTP and fails the test if that does not answer 201. Without a committee or
 * partner, fresh bodies are made (a subcommittee and a technical committee) and the category is A.
 */
export async function createLiaison(server: TestServer, input: LiaisonInput = {}): Promise<LiaisonRecord> {
  const committeeId = input.committeeId ?? (await createBody(server, { kind: 'subcommittee' })).id;
  const partnerId = input.partnerId ?? (await createBody(server, { kind: 'technical_committee' })).id;
  const response = await server.http
    .post('/v1/liaisons')
    .send({ category: 'category_a', ...input, committeeId, partnerId });
  if (response.status !== 201) {
    throw new Error(`createLiaison answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as LiaisonRecord;
}

/** Contacts are another resource: tests insert them with SQL. */
export async function insertContact(server: TestServer, name = 'Test Contact'): Promise<string> {
  const email = `${randomBytes(6).toString('hex')}@example.org`;
  const result = await server.db.query<{ id: string }>(
    'INSERT INTO contacts (name, email) VALUES ($1, $2) RETURNING id',
    [name, email],
  );
  return result.rows[0]!.id;
}

/** Work items are another resource: tests insert them with SQL. */
export async function insertWorkItem(server: TestServer, bodyId: string, reference?: string): Promise<string> {
  const result = await server.db.query<{ id: string }>(
    `INSERT INTO work_items (body_id, reference, title, deliverable_type, stage)
     VALUES ($1, $2, 'Test work item', 'etsi_tr', 'early_draft') RETURNING id`,
    [bodyId, reference ?? `DTR/TEST ${randomBytes(4).toString('hex')}`],
  );
  return result.rows[0]!.id;
}

/** A liaison statement from `fromBodyId` citing the liaisons, inserted with SQL. */
export async function insertStatement(
  server: TestServer,
  fromBodyId: string,
  liaisonIds: readonly string[],
  reference?: string,
): Promise<string> {
  const result = await server.db.query<{ id: string }>(
    `INSERT INTO statements (reference, title, from_body_id, purpose)
     VALUES ($1, 'Test statement', $2, 'information') RETURNING id`,
    [reference ?? `LS-${randomBytes(4).toString('hex')}`, fromBodyId],
  );
  const statementId = result.rows[0]!.id;
  for (const liaisonId of liaisonIds) {
    await server.db.query('INSERT INTO statement_liaisons (statement_id, liaison_id) VALUES ($1, $2)', [
      statementId,
      liaisonId,
    ]);
  }
  return statementId;
}

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** An entry of `GET /v1/liaisons/{id}/history`. */
export interface LiaisonHistoryEntry {
  id: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  actor: string;
  effectiveOn: string;
  occurredAt: string;
  changes: { field: string; from: unknown; to: unknown }[] | null;
  eligibility: Record<string, unknown> | null;
  ballot: Record<string, unknown> | null;
  dates: Record<string, string | null> | null;
  expert: Record<string, unknown> | null;
}
