/**
 * Issue 6, conditional reads of single resources: the ETag is the row version (what If-Match takes), followed by a
 * digest of what else the representation shows; a matching If-None-Match is answered 304 from one indexed query,
 * before the representation is built; the tag changes when anything the representation shows changes.
 */
import { createBody } from '../support/factories.js';
import { createLiaison, createLiaisonPair } from '../support/liaison-factories.js';
import { addRosterMember, createContact, createWorkItem } from '../support/registry-factories.js';
import { startServer, type TestServer } from '../support/server.js';
import { newTraceFile, removeTraceFile, tracedGet } from '../support/sql-trace.js';
import { createStatement } from '../support/statement-factories.js';

let server: TestServer;
const traceFile = newTraceFile();

beforeAll(async () => {
  server = await startServer({ env: { SQL_TRACE_FILE: traceFile } });
});

afterAll(async () => {
  await server?.dispose();
  removeTraceFile(traceFile);
});

const TAG = /^"(\d+)(?:-[0-9a-f]{16})?"$/;

/** GETs `url` anonymously; returns the ETag after checking it starts with the version of the body. */
async function read(url: string): Promise<{ etag: string; body: Record<string, unknown>; statements: number }> {
  const { response, statements } = await tracedGet(server.anon, traceFile, url);
  expect(response.status).toBe(200);
  const etag = response.headers.etag as string;
  expect(etag).toMatch(TAG);
  expect(Number(TAG.exec(etag)![1])).toBe(response.body.version);
  return { etag, body: response.body as Record<string, unknown>, statements: statements.length };
}

/** A conditional GET with `etag`: 304, no body, the same tag, and a single statement (the validator). */
async function expectNotModified(url: string, etag: string, ifNoneMatch = etag): Promise<void> {
  const { response, statements } = await tracedGet(server.anon, traceFile, url, { 'if-none-match': ifNoneMatch });
  expect(response.status).toBe(304);
  expect(response.text ?? '').toBe('');
  expect(response.headers.etag).toBe(etag);
  expect(statements).toHaveLength(1);
}

async function expectModified(url: string, etag: string): Promise<string> {
  const { response } = await tracedGet(server.anon, traceFile, url, { 'if-none-match': etag });
  expect(response.status).toBe(200);
  expect(response.headers.etag).not.toBe(etag);
  return response.headers.etag as string;
}

describe('ETags of single resources', () => {
  it('a body: the tag is its version, 304 from one statement, usable as If-Match, new after a change', async () => {
    const body = await createBody(server);
    const url = `/v1/bodies/${body.id}`;
    const first = await read(url);
    expect(first.etag).toBe(`"${first.body.version as number}"`);
    await expectNotModified(url, first.etag);
    await expectNotModified(url, first.etag, `"other", W/${first.etag}`);

    const patched = await server.raw.patch(url).set('if-match', first.etag).send({ name: 'Renamed' });
    expect(patched.status).toBe(200);
    expect(patched.headers.etag).toBe(`"${(first.body.version as number) + 1}"`);
    const changed = await expectModified(url, first.etag);
    expect(changed).toBe(patched.headers.etag);
    // The old tag is now stale for writes too.
    const stale = await server.raw.patch(url).set('if-match', first.etag).send({ name: 'Again' });
    expect(stale.status).toBe(412);
  });

  it('a liaison: the tag follows its own version and the summaries of its committee and partner', async () => {
    const { committee, partner } = await createLiaisonPair(server);
    const liaison = await createLiaison(server, { committeeId: committee.id, partnerId: partner.id });
    const url = `/v1/liaisons/${liaison.id}`;
    const first = await read(url);
    // One statement reads the liaison with its bodies and lists; the 304 below is one statement of versions.
    expect(first.statements).toBe(1);
    await expectNotModified(url, first.etag);

    // Renaming the committee changes what the liaison shows, not its version.
    expect((await server.http.patch(`/v1/bodies/${committee.id}`).send({ name: 'Renamed committee' })).status).toBe(
      200,
    );
    const renamed = await expectModified(url, first.etag);
    const afterRename = await read(url);
    expect(afterRename.etag).toBe(renamed);
    expect(afterRename.body.version).toBe(first.body.version);
    expect((afterRename.body.committee as { name: string }).name).toBe('Renamed committee');
    await expectNotModified(url, renamed);

    // The full tag is accepted by If-Match (only the version is compared).
    const patched = await server.raw.patch(url).set('if-match', renamed).send({ rationale: 'Shared work' });
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe((first.body.version as number) + 1);
    expect(patched.headers.etag).toMatch(new RegExp(`^"${patched.body.version as number}-`));
    expect(await expectModified(url, renamed)).toBe(patched.headers.etag);
  });

  it('a work item: the tag follows its body and the liaisons that share it', async () => {
    const item = await createWorkItem(server);
    const url = `/v1/work-items/${item.id}`;
    const first = await read(url);
    await expectNotModified(url, first.etag);

    const liaison = await createLiaison(server);
    const linked = await server.http.patch(`/v1/liaisons/${liaison.id}`).send({ workItemIds: [item.id] });
    expect(linked.status).toBe(200);
    const afterLink = await expectModified(url, first.etag);
    const read2 = await read(url);
    expect(read2.body.liaisonIds).toEqual([liaison.id]);
    expect(read2.body.version).toBe(first.body.version);
    await expectNotModified(url, afterLink);

    expect((await server.http.patch(`/v1/bodies/${item.bodyId}`).send({ name: 'Renamed body' })).status).toBe(200);
    await expectModified(url, afterLink);
  });

  it('a contact: the tag follows its memberships and differs for callers who see e-mail addresses', async () => {
    const contact = await createContact(server);
    const url = `/v1/contacts/${contact.id}`;
    const first = await read(url);
    await expectNotModified(url, first.etag);
    expect(first.body.email).toBeNull();

    const withEmails = await server.http.get(url);
    expect(withEmails.status).toBe(200);
    expect(withEmails.body.email).toBe(contact.email);
    expect(withEmails.headers.etag).not.toBe(first.etag);
    // An anonymous caller cannot revalidate against the representation with addresses, nor the other way round.
    const crossed = await server.anon.get(url).set('if-none-match', withEmails.headers.etag as string);
    expect(crossed.status).toBe(200);
    expect(crossed.body.email).toBeNull();
    const own = await server.http.get(url).set('if-none-match', withEmails.headers.etag as string);
    expect(own.status).toBe(304);

    const body = await createBody(server);
    await addRosterMember(server, body.id, { contactId: contact.id });
    const afterJoin = await expectModified(url, first.etag);
    expect(((await read(url)).body.memberships as unknown[]).length).toBe(1);
    await expectNotModified(url, afterJoin);
  });

  it('a statement: the tag follows the statements that reply to it', async () => {
    const statement = await createStatement(server);
    const url = `/v1/statements/${statement.id}`;
    const first = await read(url);
    await expectNotModified(url, first.etag);

    const reply = await createStatement(server, { purpose: 'response', inReplyToId: statement.id });
    const afterReply = await expectModified(url, first.etag);
    const again = await read(url);
    expect(again.body.replyIds).toEqual([reply.id]);
    expect(again.body.version).toBe(first.body.version);
    await expectNotModified(url, afterReply);
  });

  it('a conditional GET of an unknown id is still a 404 problem', async () => {
    const response = await server.anon
      .get('/v1/liaisons/00000000-0000-4000-8000-000000000000')
      .set('if-none-match', '"1"');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
