import { randomBytes } from 'node:crypto';
import { createBody } from './factories.js';
import type { TestServer } from './server.js';

export interface StatementRecord {
  id: string;
  reference: string;
  title: string;
  fromBodyId: string;
  from: { id: string; designation: string; name: string };
  toBodyIds: string[];
  ccBodyIds: string[];
  purpose: 'action' | 'comment' | 'information' | 'response';
  deadline: string | null;
  overdue: boolean;
  inReplyToId: string | null;
  replyIds: string[];
  approval: { level: string; date: string | null } | null;
  sentOn: string | null;
  contactIds: string[];
  summary: string | null;
  text: string | null;
  documentReferences: string[];
  attachments: { title: string; url: string }[];
  liaisonIds: string[];
  actionTaken: { taken: boolean; on: string | null; note: string | null };
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type StatementInput = Record<string, unknown>;

export function uniqueReference(prefix = 'LS'): string {
  return `${prefix}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** Today plus `days` (negative for the past), as the server sees it: a UTC `YYYY-MM-DD`. */
export function daysFromToday(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * A valid statement body: an information statement between two fresh bodies unless the caller
 * names them. Overrides replace whole fields.
 */
export async function statementInput(server: TestServer, overrides: StatementInput = {}): Promise<StatementInput> {
  const fromBodyId = (overrides.fromBodyId as string | undefined) ?? (await createBody(server)).id;
  const toBodyIds = (overrides.toBodyIds as string[] | undefined) ?? [(await createBody(server)).id];
  return {
    reference: uniqueReference(),
    title: 'LS on a test topic',
    purpose: 'information',
    ...overrides,
    fromBodyId,
    toBodyIds,
  };
}

/** Creates a statement over HTTP and fails the test if that does not answer 201. */
export async function createStatement(server: TestServer, overrides: StatementInput = {}): Promise<StatementRecord> {
  const response = await server.http.post('/v1/statements').send(await statementInput(server, overrides));
  if (response.status !== 201) {
    throw new Error(`createStatement answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as StatementRecord;
}

/** Contacts are another team's resource: tests insert the rows directly. */
export async function insertContact(server: TestServer, name = 'Test Person'): Promise<string> {
  const email = `${randomBytes(6).toString('hex')}@example.org`;
  const result = await server.db.query<{ id: string }>(
    'INSERT INTO contacts (name, email) VALUES ($1, $2) RETURNING id',
    [name, email],
  );
  return result.rows[0]!.id;
}

/** Liaisons are another team's resource: tests insert the rows directly (between two fresh bodies). */
export async function insertLiaison(server: TestServer): Promise<string> {
  const committee = await createBody(server);
  const partner = await createBody(server);
  const result = await server.db.query<{ id: string }>(
    `INSERT INTO liaisons (committee_id, partner_id, category, status) VALUES ($1, $2, 'category_a', 'active')
     RETURNING id`,
    [committee.id, partner.id],
  );
  return result.rows[0]!.id;
}

export interface StoredStatement {
  statements: number;
  recipients: { body_id: string; kind: string; position: number }[];
  contacts: { contact_id: string; position: number }[];
  attachments: { title: string; url: string; position: number }[];
  liaisons: string[];
}

/** Everything stored for the statements of `fromBodyId` with `reference` (case-insensitive). */
export async function storedByReference(
  server: TestServer,
  fromBodyId: string,
  reference: string,
): Promise<StoredStatement> {
  const ids = (
    await server.db.query<{ id: string }>(
      'SELECT id FROM statements WHERE from_body_id::text = $1 AND lower(reference) = lower($2)',
      [fromBodyId, reference],
    )
  ).rows.map((r) => r.id);
  return storedForIds(server, ids);
}

export async function storedById(server: TestServer, id: string): Promise<StoredStatement> {
  const ids = (await server.db.query<{ id: string }>('SELECT id FROM statements WHERE id = $1', [id])).rows.map(
    (r) => r.id,
  );
  const stored = await storedForIds(server, [id]);
  return { ...stored, statements: ids.length };
}

async function storedForIds(server: TestServer, ids: string[]): Promise<StoredStatement> {
  const recipients = await server.db.query(
    'SELECT body_id, kind, position FROM statement_recipients WHERE statement_id = ANY($1::uuid[]) ORDER BY kind DESC, position',
    [ids],
  );
  const contacts = await server.db.query(
    'SELECT contact_id, position FROM statement_contacts WHERE statement_id = ANY($1::uuid[]) ORDER BY position',
    [ids],
  );
  const attachments = await server.db.query(
    'SELECT title, url, position FROM statement_attachments WHERE statement_id = ANY($1::uuid[]) ORDER BY position',
    [ids],
  );
  const liaisons = await server.db.query<{ liaison_id: string }>(
    'SELECT liaison_id FROM statement_liaisons WHERE statement_id = ANY($1::uuid[]) ORDER BY liaison_id',
    [ids],
  );
  return {
    statements: ids.length,
    recipients: recipients.rows,
    contacts: contacts.rows,
    attachments: attachments.rows,
    liaisons: liaisons.rows.map((r) => r.liaison_id),
  };
}

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
