import { randomBytes } from 'node:crypto';
import type { TestServer } from './server.js';

export interface BodyInput {
  designation?: string;
  name?: string;
  kind?: string;
  parentId?: string | null;
  status?: string;
  website?: string | null;
  mailingList?: string | null;
}

export interface BodyRecord {
  id: string;
  designation: string;
  name: string;
  kind: string;
  parentId: string | null;
  status: string;
  website: string | null;
  mailingList: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function uniqueDesignation(prefix = 'TEST'): string {
  return `${prefix} ${randomBytes(4).toString('hex').toUpperCase()}`;
}

/** Creates a body over HTTP and fails the test if that does not answer 201. */
export async function createBody(server: TestServer, input: BodyInput = {}): Promise<BodyRecord> {
  const response = await server.http
    .post('/v1/bodies')
    .send({ designation: uniqueDesignation(), name: 'Test body', kind: 'technical_committee', ...input });
  if (response.status !== 201) {
    throw new Error(`createBody answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as BodyRecord;
}

/** Expects an RFC 9457 problem with the given status (and type slug when given). */
export function expectProblem(
  response: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  status: number,
  slug?: string,
): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({
    status,
    title: expect.any(String),
    detail: expect.any(String),
    instance: expect.any(String),
  });
  expect(typeof response.body.type).toBe('string');
  if (slug) expect(response.body.type).toBe(`/problems/${slug}`);
}
