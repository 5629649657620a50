import { createBody, expectProblem, type BodyRecord } from '../support/factories.js';
import {
  addRosterMember,
  collectPages,
  createContact,
  UNKNOWN_ID,
  type ContactRecord,
  type RosterRecord,
} from '../support/registry-factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

function roster(bodyId: string, rest = ''): string {
  return `/v1/bodies/${bodyId}/roster${rest}`;
}

describe('POST /v1/bodies/{id}/roster', () => {
  it('adds a member, answers 201 with Location, embeds the contact and stores the membership', async () => {
    const body = await createBody(server, {
      designation: 'ETSI TC MTS',
      name: 'Methods for Testing and Specification',
    });
    const chair = await createContact(server, {
      name: 'Philip Makedonski',
      email: 'makedonski@informatik.uni-goettingen.de',
      affiliation: 'University of Göttingen',
    });
    const response = await server.http.post(roster(body.id)).send({
      contactId: chair.id,
      role: 'chair',
      since: '2023-01-01',
      note: 'ETSI TC MTS chair',
    });
    expect(response.status).toBe(201);
    const entry = response.body as RosterRecord;
    expect(response.headers.location).toBe(`/v1/bodies/${body.id}/roster/${entry.id}`);
    expect(entry).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      bodyId: body.id,
      contactId: chair.id,
      contact: {
        id: chair.id,
        name: 'Philip Makedonski',
        honorific: null,
        email: 'makedonski@informatik.uni-goettingen.de',
        affiliation: 'University of Göttingen',
      },
      role: 'chair',
      since: '2023-01-01',
      until: null,
      note: 'ETSI TC MTS chair',
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const stored = await server.db.query(
      'SELECT body_id, contact_id, role, since::text, until, note FROM memberships WHERE id = $1',
      [entry.id],
    );
    expect(stored.rows).toEqual([
      {
        body_id: body.id,
        contact_id: chair.id,
        role: 'chair',
        since: '2023-01-01',
        until: null,
        note: 'ETSI TC MTS chair',
      },
    ]);
    const read = await server.http.get(response.headers.location!);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(entry);
  });

  it('refuses the same current role for the same person in the same body with 409', async () => {
    const body = await createBody(server);
    const contact = await createContact(server);
    const first = await addRosterMember(server, body.id, { contactId: contact.id, role: 'delegate' });
    const again = await server.http.post(roster(body.id)).send({ contactId: contact.id, role: 'delegate' });
    expectProblem(again, 409, 'duplicate-resource');
    expect(again.body.existingId).toBe(first.id);
    expect(again.body.errors).toEqual([{ field: 'role', message: expect.any(String) }]);
    // Another role, an ended holding of the same role, or the same role elsewhere are all fine.
    await addRosterMember(server, body.id, { contactId: contact.id, role: 'editor' });
    await addRosterMember(server, body.id, {
      contactId: contact.id,
      role: 'delegate',
      since: '2019-01-01',
      until: '2020-12-31',
    });
    await addRosterMember(server, (await createBody(server)).id, { contactId: contact.id, role: 'delegate' });
    const rows = await server.db.query('SELECT count(*)::int AS n FROM memberships WHERE contact_id = $1', [
      contact.id,
    ]);
    expect(rows.rows[0].n).toBe(4);
  });

  it('gives concurrent adds of one role exactly one winner', async () => {
    const body = await createBody(server);
    const contact = await createContact(server);
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        server.http.post(roster(body.id)).send({ contactId: contact.id, role: 'secretary' }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const winner = responses.find((r) => r.status === 201)!.body as RosterRecord;
    for (const loser of responses.filter((r) => r.status === 409)) expect(loser.body.existingId).toBe(winner.id);
  });

  it('refuses an unknown contact with 422 and an unknown body with 404', async () => {
    const body = await createBody(server);
    const unknownContact = await server.http.post(roster(body.id)).send({ contactId: UNKNOWN_ID, role: 'delegate' });
    expectProblem(unknownContact, 422, 'unknown-reference');
    expect(unknownContact.body.errors).toEqual([{ field: 'contactId', message: expect.stringContaining(UNKNOWN_ID) }]);
    const contact = await createContact(server);
    expectProblem(
      await server.http.post(roster(UNKNOWN_ID)).send({ contactId: contact.id, role: 'delegate' }),
      404,
      'not-found',
    );
    const rows = await server.db.query('SELECT count(*)::int AS n FROM memberships WHERE body_id = $1', [body.id]);
    expect(rows.rows[0].n).toBe(0);
  });

  it('refuses an end before the start with 422', async () => {
    const body = await createBody(server);
    const contact = await createContact(server);
    const response = await server.http
      .post(roster(body.id))
      .send({ contactId: contact.id, role: 'rapporteur', since: '2024-05-01', until: '2024-04-30' });
    expectProblem(response, 422, 'rule-violation');
    expect(response.body.errors).toEqual([{ field: 'until', message: expect.stringContaining('2024-04-30') }]);
  });

  it('answers 400 with field errors for malformed input', async () => {
    const body = await createBody(server);
    const response = await server.http.post(roster(body.id)).send({
      contactId: 'someone',
      role: 'king',
      since: '2024-13-01',
      until: 'yesterday',
      note: 7,
      bodyId: body.id,
    });
    expectProblem(response, 400, 'validation-error');
    expect((response.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'bodyId',
      'contactId',
      'note',
      'role',
      'since',
      'until',
    ]);
    expectProblem(await server.http.post(roster('not-a-body')).send({}), 400, 'validation-error');
  });
});

describe('GET, PATCH and DELETE /v1/bodies/{id}/roster/{membershipId}', () => {
  let body: BodyRecord;
  let other: BodyRecord;
  let contact: ContactRecord;

  beforeAll(async () => {
    body = await createBody(server);
    other = await createBody(server);
    contact = await createContact(server, { name: 'Stuart Reid', honorific: 'Dr.' });
  });

  it('answers 404 for a membership of another body, and for an unknown one', async () => {
    const elsewhere = await addRosterMember(server, other.id, { contactId: contact.id, role: 'convenor' });
    expectProblem(await server.http.get(roster(body.id, `/${elsewhere.id}`)), 404, 'not-found');
    expectProblem(await server.http.patch(roster(body.id, `/${elsewhere.id}`)).send({ note: 'x' }), 404, 'not-found');
    expectProblem(await server.http.delete(roster(body.id, `/${elsewhere.id}`)), 404, 'not-found');
    const stored = await server.db.query('SELECT note FROM memberships WHERE id = $1', [elsewhere.id]);
    expect(stored.rows).toEqual([{ note: null }]);
    expectProblem(await server.http.get(roster(body.id, `/${UNKNOWN_ID}`)), 404, 'not-found');
    expectProblem(await server.http.get(roster(UNKNOWN_ID, `/${elsewhere.id}`)), 404, 'not-found');
    const malformed = await server.http.get(roster(body.id, '/nope'));
    expectProblem(malformed, 400, 'validation-error');
    expect(malformed.body.errors).toEqual([{ field: 'membershipId', message: 'membershipId must be a UUID' }]);
  });

  it('changes the fields sent, clears those sent as null and bumps the version', async () => {
    const member = await addRosterMember(server, body.id, {
      contactId: contact.id,
      role: 'convenor',
      since: '2020-01-01',
      note: 'SC7/WG26 Convenor',
    });
    const response = await server.http
      .patch(roster(body.id, `/${member.id}`))
      .send({ role: 'co_convenor', until: '2025-12-31', note: null });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: member.id,
      role: 'co_convenor',
      since: '2020-01-01',
      until: '2025-12-31',
      note: null,
      version: 2,
      contact: { id: contact.id, name: 'Stuart Reid', honorific: 'Dr.' },
    });
    const stored = await server.db.query('SELECT role, until::text, note FROM memberships WHERE id = $1', [member.id]);
    expect(stored.rows).toEqual([{ role: 'co_convenor', until: '2025-12-31', note: null }]);
  });

  it('applies the period rule to the result of the change', async () => {
    const member = await addRosterMember(server, body.id, {
      contactId: contact.id,
      role: 'editor',
      since: '2024-01-01',
    });
    const response = await server.http.patch(roster(body.id, `/${member.id}`)).send({ until: '2023-12-31' });
    expectProblem(response, 422, 'rule-violation');
    const stored = await server.db.query('SELECT until FROM memberships WHERE id = $1', [member.id]);
    expect(stored.rows).toEqual([{ until: null }]);
  });

  it('refuses to re-open or re-role a membership into a role the person already holds (409)', async () => {
    const person = await createContact(server);
    const current = await addRosterMember(server, body.id, { contactId: person.id, role: 'delegate' });
    const ended = await addRosterMember(server, body.id, {
      contactId: person.id,
      role: 'delegate',
      until: '2020-01-01',
    });
    const reopened = await server.http.patch(roster(body.id, `/${ended.id}`)).send({ until: null });
    expectProblem(reopened, 409, 'duplicate-resource');
    expect(reopened.body.existingId).toBe(current.id);
    const secretary = await addRosterMember(server, body.id, { contactId: person.id, role: 'secretary' });
    const rerole = await server.http.patch(roster(body.id, `/${secretary.id}`)).send({ role: 'delegate' });
    expectProblem(rerole, 409, 'duplicate-resource');
    // Ending the current one first frees the role.
    expect((await server.http.patch(roster(body.id, `/${current.id}`)).send({ until: '2024-06-30' })).status).toBe(200);
    const nowOpen = await server.http.patch(roster(body.id, `/${ended.id}`)).send({ until: null });
    expect(nowOpen.status).toBe(200);
    expect(nowOpen.body.until).toBeNull();
  });

  it('answers 400 for null in the role or a bad date', async () => {
    const member = await addRosterMember(server, body.id, { contactId: contact.id, role: 'rapporteur' });
    const response = await server.http
      .patch(roster(body.id, `/${member.id}`))
      .send({ role: null, since: '2024-02-30' });
    expectProblem(response, 400, 'validation-error');
    expect((response.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['role', 'since']);
  });

  it('removes a membership', async () => {
    const member = await addRosterMember(server, body.id, { contactId: contact.id, role: 'liaison_representative' });
    const response = await server.http.delete(roster(body.id, `/${member.id}`));
    expect(response.status).toBe(204);
    expectProblem(await server.http.get(roster(body.id, `/${member.id}`)), 404, 'not-found');
    const rows = await server.db.query('SELECT count(*)::int AS n FROM memberships WHERE id = $1', [member.id]);
    expect(rows.rows[0].n).toBe(0);
  });
});

describe('GET /v1/bodies/{id}/roster', () => {
  let body: BodyRecord;
  let members: RosterRecord[];

  beforeAll(async () => {
    body = await createBody(server, { designation: 'ISO/IEC JTC 1/SC 7/WG 26', kind: 'working_group' });
    members = [];
    const people: [string, string | null, string, string | null][] = [
      ['Reena Garg', 'Ms.', 'committee_manager', null],
      ['Andrew Dryden', 'Mr.', 'technical_programme_manager', null],
      ['Stuart Reid', 'Dr.', 'convenor', null],
      ['Former Convenor', 'Prof.', 'convenor', '2019-12-31'],
      ['Another Delegate', null, 'delegate', null],
    ];
    for (const [name, honorific, role, until] of people) {
      const contact = await createContact(server, { name, honorific });
      members.push(await addRosterMember(server, body.id, { contactId: contact.id, role, until }));
    }
    // Another body's roster must not leak in.
    await addRosterMember(server, (await createBody(server)).id, {
      contactId: members[0]!.contactId,
      role: 'delegate',
    });
  });

  it('walks the roster in the order members were added, with the Link header and contacts embedded', async () => {
    const { items, pages } = await collectPages<RosterRecord>(server, roster(body.id, '?limit=2'));
    expect(pages).toBe(3);
    expect(items.map((m) => m.id)).toEqual(members.map((m) => m.id));
    expect(items.map((m) => m.contact.name)).toEqual([
      'Reena Garg',
      'Andrew Dryden',
      'Stuart Reid',
      'Former Convenor',
      'Another Delegate',
    ]);
    expect(items[0]!.contact).toEqual({
      id: members[0]!.contactId,
      name: 'Reena Garg',
      honorific: 'Ms.',
      email: expect.stringContaining('@'),
      affiliation: null,
    });
  });

  it('sorts newest first', async () => {
    const { items } = await collectPages<RosterRecord>(server, roster(body.id, '?limit=2&sort=-createdAt'));
    expect(items.map((m) => m.id)).toEqual(members.map((m) => m.id).reverse());
  });

  it('filters by role and by whether the role is current', async () => {
    const convenors = await server.http.get(roster(body.id, '?role=convenor'));
    expect(convenors.body.items.map((m: RosterRecord) => m.contact.name)).toEqual(['Stuart Reid', 'Former Convenor']);
    const current = await server.http.get(roster(body.id, '?current=true&limit=200'));
    expect(current.body.items).toHaveLength(4);
    expect(current.body.items.every((m: RosterRecord) => m.until === null)).toBe(true);
    const ended = await server.http.get(roster(body.id, '?current=false'));
    expect(ended.body.items.map((m: RosterRecord) => m.contact.name)).toEqual(['Former Convenor']);
    const currentConvenor = await server.http.get(roster(body.id, '?role=convenor&current=true'));
    expect(currentConvenor.body.items.map((m: RosterRecord) => m.contact.name)).toEqual(['Stuart Reid']);
  });

  it('answers 404 for an unknown body and 400 for bad parameters or a foreign cursor', async () => {
    expectProblem(await server.http.get(roster(UNKNOWN_ID)), 404, 'not-found');
    for (const query of ['current=yes', 'current=1', 'role=king', 'limit=0', 'sort=name', 'contactId=x']) {
      expectProblem(await server.http.get(roster(body.id, `?${query}`)), 400);
    }
    const first = await server.http.get(roster(body.id, '?limit=2'));
    expectProblem(
      await server.http.get(roster(body.id, `?limit=2&current=true&cursor=${first.body.nextCursor}`)),
      400,
      'invalid-cursor',
    );
    const otherBody = await createBody(server);
    expectProblem(
      await server.http.get(roster(otherBody.id, `?limit=2&cursor=${first.body.nextCursor}`)),
      400,
      'invalid-cursor',
    );
  });
});
