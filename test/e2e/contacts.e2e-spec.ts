import { createBody, expectProblem } from '../support/factories.js';
import {
  addRosterMember,
  collectPages,
  createContact,
  insertLiaison,
  UNKNOWN_ID,
  uniqueEmail,
  uniqueSuffix,
  type ContactRecord,
} from '../support/registry-factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

describe('POST /v1/contacts', () => {
  it('creates a contact, answers 201 with Location, keeps the e-mail as given, and stores it', async () => {
    const email = `Reena.Garg.${uniqueSuffix()}@BIS.gov.in`;
    const response = await server.http.post('/v1/contacts').send({
      name: '  Reena   Garg ',
      honorific: 'Ms.',
      email: ` ${email} `,
      affiliation: 'Bureau of Indian Standards',
    });
    expect(response.status).toBe(201);
    const contact = response.body as ContactRecord;
    expect(response.headers.location).toBe(`/v1/contacts/${contact.id}`);
    expect(contact).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Reena Garg',
      honorific: 'Ms.',
      email,
      affiliation: 'Bureau of Indian Standards',
      memberships: [],
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const stored = await server.db.query('SELECT name, honorific, email, affiliation FROM contacts WHERE id = $1', [
      contact.id,
    ]);
    expect(stored.rows).toEqual([
      { name: 'Reena Garg', honorific: 'Ms.', email, affiliation: 'Bureau of Indian Standards' },
    ]);
    const read = await server.http.get(`/v1/contacts/${contact.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(contact);
  });

  it('leaves honorific and affiliation empty when not given', async () => {
    const contact = await createContact(server, { name: 'Taras Holoyad' });
    expect(contact).toMatchObject({ name: 'Taras Holoyad', honorific: null, affiliation: null });
  });

  it('refuses a duplicate e-mail address, compared case-insensitively, with 409 naming the existing contact', async () => {
    const existing = await createContact(server, { email: uniqueEmail('Xavier.Piednoir') });
    const response = await server.http
      .post('/v1/contacts')
      .send({ name: 'Someone Else', email: existing.email.toUpperCase() });
    expectProblem(response, 409, 'duplicate-resource');
    expect(response.body.existingId).toBe(existing.id);
    expect(response.body.errors).toEqual([{ field: 'email', message: 'must be unique (case-insensitive)' }]);
    expect(JSON.stringify(response.body).toLowerCase()).not.toContain(existing.email.toLowerCase());
    const count = await server.db.query('SELECT count(*)::int AS n FROM contacts WHERE lower(email) = lower($1)', [
      existing.email,
    ]);
    expect(count.rows[0].n).toBe(1);
  });

  it('gives concurrent creates of one e-mail address exactly one winner, and keeps the address out of the logs', async () => {
    const email = uniqueEmail('race');
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        server.http.post('/v1/contacts').send({ name: `Racer ${i}`, email: i % 2 ? email : email.toUpperCase() }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const winner = responses.find((r) => r.status === 201)!.body as ContactRecord;
    for (const loser of responses.filter((r) => r.status === 409)) {
      expectProblem(loser, 409, 'duplicate-resource');
      expect(loser.body.existingId).toBe(winner.id);
    }
    // Unique violations carry the address in the driver's message: none may reach the log.
    expect(server.output().toLowerCase()).not.toContain(email.toLowerCase());
  });

  it('answers 400 with field errors for malformed input', async () => {
    const response = await server.http.post('/v1/contacts').send({
      name: '',
      honorific: 'x'.repeat(51),
      email: 'not-an-address',
      affiliation: 42,
      phone: '+33 4 92 94 42 00',
    });
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors).toEqual([
      { field: 'phone', message: 'phone is not a known field' },
      { field: 'name', message: expect.stringContaining('name must be longer than or equal to 1') },
      { field: 'honorific', message: expect.stringContaining('honorific must be shorter than or equal to 50') },
      { field: 'email', message: 'email must be an e-mail address' },
      { field: 'affiliation', message: 'affiliation must be a string' },
    ]);
    expect(JSON.stringify(response.body)).not.toContain('not-an-address');
    const missing = await server.http.post('/v1/contacts').send({});
    expectProblem(missing, 400, 'validation-error');
    expect((missing.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['name', 'email']);
    const long = await server.http.post('/v1/contacts').send({ name: 'Long', email: `${'a'.repeat(320)}@example.org` });
    expectProblem(long, 400, 'validation-error');
  });
});

describe('GET /v1/contacts/{id}', () => {
  it('holds one person in two rosters: the ISO Technical Programme Manager of SC 7/WG 26 and SC 42', async () => {
    const wg26 = await createBody(server, {
      designation: 'ISO/IEC JTC 1/SC 7/WG 26',
      name: 'Software testing',
      kind: 'working_group',
    });
    const sc42 = await createBody(server, {
      designation: 'ISO/IEC JTC 1/SC 42',
      name: 'Artificial intelligence',
      kind: 'subcommittee',
    });
    const dryden = await createContact(server, {
      name: 'Andrew Dryden',
      honorific: 'Mr.',
      email: 'dryden@iso.org',
      affiliation: 'ISO',
    });
    const inWg26 = await addRosterMember(server, wg26.id, {
      contactId: dryden.id,
      role: 'technical_programme_manager',
      note: 'ISO Technical Programme Manager',
    });
    const inSc42 = await addRosterMember(server, sc42.id, {
      contactId: dryden.id,
      role: 'technical_programme_manager',
      note: 'ISO Technical Programme Manager',
    });

    const response = await server.http.get(`/v1/contacts/${dryden.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      ...dryden,
      memberships: [
        {
          id: inSc42.id,
          bodyId: sc42.id,
          body: { id: sc42.id, designation: 'ISO/IEC JTC 1/SC 42', name: 'Artificial intelligence' },
          role: 'technical_programme_manager',
          since: null,
          until: null,
          note: 'ISO Technical Programme Manager',
        },
        {
          id: inWg26.id,
          bodyId: wg26.id,
          body: { id: wg26.id, designation: 'ISO/IEC JTC 1/SC 7/WG 26', name: 'Software testing' },
          role: 'technical_programme_manager',
          since: null,
          until: null,
          note: 'ISO Technical Programme Manager',
        },
      ],
    });
    const stored = await server.db.query(
      `SELECT count(DISTINCT c.id)::int AS contacts, count(m.id)::int AS memberships
       FROM contacts c JOIN memberships m ON m.contact_id = c.id WHERE lower(c.email) = 'dryden@iso.org'`,
    );
    expect(stored.rows).toEqual([{ contacts: 1, memberships: 2 }]);
    for (const body of [wg26, sc42]) {
      const roster = await server.http.get(`/v1/bodies/${body.id}/roster`);
      expect(roster.body.items.map((m: { contact: { id: string } }) => m.contact.id)).toEqual([dryden.id]);
      const listed = await server.http.get(`/v1/contacts?bodyId=${body.id}`);
      expect(listed.body.items.map((c: ContactRecord) => c.id)).toEqual([dryden.id]);
    }
    // A second contact with his address is refused: he stays one person.
    expectProblem(
      await server.http.post('/v1/contacts').send({ name: 'A. Dryden', email: 'Dryden@ISO.org' }),
      409,
      'duplicate-resource',
    );
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expectProblem(await server.http.get(`/v1/contacts/${UNKNOWN_ID}`), 404, 'not-found');
    expectProblem(await server.http.get('/v1/contacts/dryden'), 400, 'validation-error');
  });
});

describe('GET /v1/contacts', () => {
  let tag: string;
  let people: ContactRecord[];
  let wg: { id: string };
  let sc: { id: string };

  beforeAll(async () => {
    tag = uniqueSuffix().toLowerCase();
    people = [];
    for (const name of ['Stuart Reid', 'Heather Benko', 'Philip Makedonski', 'Jürgen Grossmann', 'Sebastian Müller']) {
      people.push(await createContact(server, { name: `${name} ${tag}`, email: uniqueEmail(`${tag}.x`) }));
    }
    wg = await createBody(server);
    sc = await createBody(server);
    await addRosterMember(server, wg.id, { contactId: people[0]!.id, role: 'convenor' });
    await addRosterMember(server, sc.id, { contactId: people[1]!.id, role: 'committee_manager' });
    await addRosterMember(server, wg.id, { contactId: people[1]!.id, role: 'delegate' });
    await addRosterMember(server, sc.id, { contactId: people[2]!.id, role: 'convenor', until: '2020-01-01' });
  });

  function names(list: ContactRecord[]): string[] {
    return list.map((c) => c.name.replace(` ${tag}`, ''));
  }

  it('walks every page sorted by name, with the Link header', async () => {
    const { items, pages } = await collectPages<ContactRecord>(server, `/v1/contacts?q=${tag}&limit=2`);
    expect(pages).toBe(3);
    expect(names(items)).toEqual([
      'Heather Benko',
      'Jürgen Grossmann',
      'Philip Makedonski',
      'Sebastian Müller',
      'Stuart Reid',
    ]);
    expect(items[0]).not.toHaveProperty('memberships');
  });

  it('sorts by name descending and by creation time both ways', async () => {
    const desc = await collectPages<ContactRecord>(server, `/v1/contacts?q=${tag}&limit=2&sort=-name`);
    expect(names(desc.items)).toEqual([
      'Stuart Reid',
      'Sebastian Müller',
      'Philip Makedonski',
      'Jürgen Grossmann',
      'Heather Benko',
    ]);
    const created = await collectPages<ContactRecord>(server, `/v1/contacts?q=${tag}&limit=2&sort=createdAt`);
    expect(created.items.map((c) => c.id)).toEqual(people.map((c) => c.id));
    const newest = await collectPages<ContactRecord>(server, `/v1/contacts?q=${tag}&limit=2&sort=-createdAt`);
    expect(newest.items.map((c) => c.id)).toEqual(people.map((c) => c.id).reverse());
  });

  it('matches q against the name or the e-mail address, case-insensitively', async () => {
    const byName = await server.http.get(`/v1/contacts?q=${encodeURIComponent(`SEBASTIAN Müller ${tag}`)}`);
    expect(names(byName.body.items)).toEqual(['Sebastian Müller']);
    const byEmail = await server.http.get(`/v1/contacts?q=${encodeURIComponent(people[3]!.email.toUpperCase())}`);
    expect(byEmail.body.items.map((c: ContactRecord) => c.id)).toEqual([people[3]!.id]);
    const literal = await server.http.get(`/v1/contacts?q=${encodeURIComponent(`${tag}%`)}`);
    expect(literal.body.items).toEqual([]);
  });

  it('filters by body, by role, and by both on the same membership', async () => {
    const inWg = await server.http.get(`/v1/contacts?bodyId=${wg.id}`);
    expect(names(inWg.body.items)).toEqual(['Heather Benko', 'Stuart Reid']);
    const convenors = await server.http.get(`/v1/contacts?role=convenor&q=${tag}`);
    expect(names(convenors.body.items)).toEqual(['Philip Makedonski', 'Stuart Reid']);
    const wgConvenors = await server.http.get(`/v1/contacts?role=convenor&bodyId=${wg.id}`);
    expect(names(wgConvenors.body.items)).toEqual(['Stuart Reid']);
    // Benko is a delegate of the WG and committee manager of the SC, never a committee manager of the WG.
    const crossed = await server.http.get(`/v1/contacts?role=committee_manager&bodyId=${wg.id}`);
    expect(crossed.body.items).toEqual([]);
  });

  it('refuses bad query parameters and a cursor reused with other filters with 400', async () => {
    for (const query of ['limit=0', 'limit=201', 'sort=email', 'role=boss', 'bodyId=wg', 'q=', 'email=x']) {
      expectProblem(await server.http.get(`/v1/contacts?${query}`), 400);
    }
    const first = await server.http.get(`/v1/contacts?q=${tag}&limit=2`);
    expectProblem(
      await server.http.get(`/v1/contacts?q=${tag}&role=convenor&limit=2&cursor=${first.body.nextCursor}`),
      400,
      'invalid-cursor',
    );
  });
});

describe('PATCH /v1/contacts/{id}', () => {
  it('changes the fields sent, clears those sent as null, bumps the version and returns the memberships', async () => {
    const contact = await createContact(server, { honorific: 'Dr.', affiliation: 'Fraunhofer FOKUS' });
    const body = await createBody(server);
    await addRosterMember(server, body.id, { contactId: contact.id, role: 'editor' });
    const email = uniqueEmail('new.address');
    const response = await server.http
      .patch(`/v1/contacts/${contact.id}`)
      .send({ name: 'Jürgen Großmann', honorific: null, email });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: contact.id,
      name: 'Jürgen Großmann',
      honorific: null,
      email,
      affiliation: 'Fraunhofer FOKUS',
      version: 2,
      memberships: [expect.objectContaining({ bodyId: body.id, role: 'editor' })],
    });
    const stored = await server.db.query('SELECT email, honorific FROM contacts WHERE id = $1', [contact.id]);
    expect(stored.rows).toEqual([{ email, honorific: null }]);
  });

  it('refuses an address taken by another contact with 409, but allows a change of case of its own', async () => {
    const a = await createContact(server);
    const b = await createContact(server);
    const taken = await server.http.patch(`/v1/contacts/${b.id}`).send({ email: a.email.toUpperCase() });
    expectProblem(taken, 409, 'duplicate-resource');
    expect(taken.body.existingId).toBe(a.id);
    const recased = await server.http.patch(`/v1/contacts/${a.id}`).send({ email: a.email.toUpperCase() });
    expect(recased.status).toBe(200);
    expect(recased.body.email).toBe(a.email.toUpperCase());
  });

  it('answers 400 for null in a required field or a bad address, and 404 for an unknown id', async () => {
    const contact = await createContact(server);
    const response = await server.http.patch(`/v1/contacts/${contact.id}`).send({ name: null, email: 'x@y' });
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors).toEqual([
      { field: 'name', message: 'name must be a string' },
      { field: 'email', message: 'email must be an e-mail address' },
    ]);
    expectProblem(await server.http.patch(`/v1/contacts/${UNKNOWN_ID}`).send({ name: 'x' }), 404, 'not-found');
  });
});

describe('DELETE /v1/contacts/{id}', () => {
  it('deletes a contact that nothing refers to', async () => {
    const contact = await createContact(server);
    const response = await server.http.delete(`/v1/contacts/${contact.id}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expectProblem(await server.http.get(`/v1/contacts/${contact.id}`), 404, 'not-found');
  });

  it('refuses with 409 while the contact holds memberships, current or ended', async () => {
    const contact = await createContact(server);
    const body = await createBody(server);
    const membership = await addRosterMember(server, body.id, { contactId: contact.id, until: '2024-01-01' });
    const refused = await server.http.delete(`/v1/contacts/${contact.id}`);
    expectProblem(refused, 409, 'resource-in-use');
    expect(refused.body).toMatchObject({ reason: 'referenced', memberships: 1, liaisons: 0, statements: 0 });
    expect(refused.body.detail).not.toContain(contact.email);
    expect((await server.http.delete(`/v1/bodies/${body.id}/roster/${membership.id}`)).status).toBe(204);
    expect((await server.http.delete(`/v1/contacts/${contact.id}`)).status).toBe(204);
  });

  it('refuses with 409 while a liaison names the contact as representative', async () => {
    const contact = await createContact(server);
    const liaisonId = await insertLiaison(server);
    await server.db.query('INSERT INTO liaison_representatives (liaison_id, contact_id) VALUES ($1, $2)', [
      liaisonId,
      contact.id,
    ]);
    const refused = await server.http.delete(`/v1/contacts/${contact.id}`);
    expectProblem(refused, 409, 'resource-in-use');
    expect(refused.body).toMatchObject({ memberships: 0, liaisons: 1, statements: 0 });
    const stored = await server.db.query('SELECT count(*)::int AS n FROM contacts WHERE id = $1', [contact.id]);
    expect(stored.rows[0].n).toBe(1);
  });

  it('refuses with 409 while a liaison statement names the contact', async () => {
    const contact = await createContact(server);
    const body = await createBody(server);
    const statement = await server.db.query<{ id: string }>(
      `INSERT INTO statements (reference, title, from_body_id, purpose)
       VALUES ('SG17-LS1', 'LS on trust', $1, 'information') RETURNING id`,
      [body.id],
    );
    await server.db.query('INSERT INTO statement_contacts (statement_id, contact_id) VALUES ($1, $2)', [
      statement.rows[0]!.id,
      contact.id,
    ]);
    const refused = await server.http.delete(`/v1/contacts/${contact.id}`);
    expectProblem(refused, 409, 'resource-in-use');
    expect(refused.body).toMatchObject({ memberships: 0, liaisons: 0, statements: 1 });
  });

  it('answers 404 for an unknown id', async () => {
    expectProblem(await server.http.delete(`/v1/contacts/${UNKNOWN_ID}`), 404, 'not-found');
  });
});
