/**
 * Factories for work items, contacts and rosters, plus SQL helpers for the liaison rows they
 * refer to (liaisons have their own API elsewhere; these suites only need rows to point at).
 */
import { randomBytes } from 'node:crypto';
import { createBody } from './factories.js';
import type { HttpAgent, TestServer } from './server.js';

export interface WorkItemRecord {
  id: string;
  bodyId: string;
  body: { id: string; designation: string; name: string };
  reference: string;
  title: string;
  deliverableType: string;
  stage: string;
  statusText: string | null;
  startedOn: string | null;
  targetDate: string | null;
  publishedOn: string | null;
  liaisonIds: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryRecord {
  id: string;
  stage: string;
  statusText: string | null;
  previousStage: string | null;
  previousStatusText: string | null;
  actor: string;
  changedAt: string;
}

export interface ContactRecord {
  id: string;
  name: string;
  honorific: string | null;
  email: string;
  affiliation: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  memberships?: {
    id: string;
    bodyId: string;
    body: { id: string; designation: string; name: string };
    role: string;
    since: string | null;
    until: string | null;
    note: string | null;
  }[];
}

export interface RosterRecord {
  id: string;
  bodyId: string;
  contactId: string;
  contact: { id: string; name: string; honorific: string | null; email: string; affiliation: string | null };
  role: string;
  since: string | null;
  until: string | null;
  note: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

export function uniqueEmail(local = 'person'): string {
  return `${local}.${randomBytes(4).toString('hex')}@example.org`;
}

function expectCreated(what: string, response: { status: number; body: unknown }): void {
  if (response.status !== 201) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
}

/** Creates a work item over HTTP (in a new body unless `bodyId` is given); fails unless 201. */
export async function createWorkItem(
  server: TestServer,
  input: Record<string, unknown> = {},
  /** Who creates it (the history actor): an agent sending some key; the admin key by default. */
  as: HttpAgent = server.http,
): Promise<WorkItemRecord> {
  const bodyId = (input.bodyId as string | undefined) ?? (await createBody(server)).id;
  const response = await as.post('/v1/work-items').send({
    reference: `DTR/MTS ${uniqueSuffix()}`,
    title: 'Test work item',
    deliverableType: 'etsi_tr',
    ...input,
    bodyId,
  });
  expectCreated('createWorkItem', response);
  return response.body as WorkItemRecord;
}

/** Creates a contact over HTTP; fails unless 201. */
export async function createContact(server: TestServer, input: Record<string, unknown> = {}): Promise<ContactRecord> {
  const response = await server.http.post('/v1/contacts').send({ name: 'Test Person', email: uniqueEmail(), ...input });
  expectCreated('createContact', response);
  return response.body as ContactRecord;
}

/** Adds a roster membership over HTTP; fails unless 201. */
export async function addRosterMember(
  server: TestServer,
  bodyId: string,
  input: Record<string, unknown>,
): Promise<RosterRecord> {
  const response = await server.http.post(`/v1/bodies/${bodyId}/roster`).send({ role: 'delegate', ...input });
  expectCreated('addRosterMember', response);
  return response.body as RosterRecord;
}

/** Inserts a liaison row between two new bodies with SQL and returns its id. */
export async function insertLiaison(server: TestServer): Promise<string> {
  const committee = await createBody(server);
  const partner = await createBody(server);
  const result = await server.db.query<{ id: string }>(
    `INSERT INTO liaisons (committee_id, partner_id, category, status)
     VALUES ($1, $2, 'category_a', 'proposed') RETURNING id`,
    [committee.id, partner.id],
  );
  return result.rows[0]!.id;
}

export async function linkWorkItem(server: TestServer, liaisonId: string, workItemId: string): Promise<void> {
  await server.db.query('INSERT INTO liaison_work_items (liaison_id, work_item_id) VALUES ($1, $2)', [
    liaisonId,
    workItemId,
  ]);
}

/**
 * Follows the `Link` header from `path` to the last page, checking that it agrees with
 * `nextCursor` on every page; returns every item and the number of pages.
 */
export async function collectPages<T>(server: TestServer, path: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let next: string | null = path;
  let pages = 0;
  while (next !== null) {
    const response = await server.http.get(next);
    expect(response.status).toBe(200);
    items.push(...(response.body.items as T[]));
    pages += 1;
    const link = response.headers.link as string | undefined;
    if (response.body.nextCursor === null) {
      expect(link).toBeUndefined();
      next = null;
    } else {
      const match = /^<([^>]+)>; rel="next"$/.exec(link ?? '');
      expect(match).not.toBeNull();
      expect(match![1]).toContain(`cursor=${response.body.nextCursor}`);
      next = match![1]!;
    }
    expect(pages).toBeLessThan(100);
  }
  return { items, pages };
}
