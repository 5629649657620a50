import { createBody, expectProblem } from '../support/factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

describe('terms of reference of groups', () => {
  it('are stored with the body, read back, listed, and filterable by associated body', async () => {
    const parent = await createBody(server, { kind: 'advisory_group' });
    const sg13 = await createBody(server, { kind: 'study_group' });
    const sg17 = await createBody(server, { kind: 'study_group' });
    const created = await server.http.post('/v1/bodies').send({
      designation: `CG ${sg17.designation}`,
      name: 'Joint Correspondence Group',
      kind: 'correspondence_group',
      status: 'proposed',
      parentId: parent.id,
      mailingList: 'cg@lists.example.org',
      termsOfReference: {
        scope: 'Deliberate on trust.',
        objectives: ['Explore the concept.', 'Review standards.'],
        workMethods: ['Open to all members.', 'Reports two weeks before each meeting.'],
        reporting: 'Reports to the study groups and the parent.',
        associatedBodyIds: [sg17.id, sg13.id],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.termsOfReference).toEqual({
      scope: 'Deliberate on trust.',
      objectives: ['Explore the concept.', 'Review standards.'],
      workMethods: ['Open to all members.', 'Reports two weeks before each meeting.'],
      reporting: 'Reports to the study groups and the parent.',
      associatedBodyIds: [sg17.id, sg13.id],
    });
    const read = await server.http.get(`/v1/bodies/${created.body.id}`);
    expect(read.body).toEqual(created.body);
    const stored = await server.db.query(
      'SELECT associated_body_id FROM body_associations WHERE body_id = $1 ORDER BY position',
      [created.body.id],
    );
    expect(stored.rows.map((r) => r.associated_body_id)).toEqual([sg17.id, sg13.id]);

    const associated = await server.http.get(`/v1/bodies?associatedBodyId=${sg13.id}`);
    expect(associated.body.items.map((b: { id: string }) => b.id)).toEqual([created.body.id]);
    expect(associated.body.items[0].termsOfReference.associatedBodyIds).toEqual([sg17.id, sg13.id]);
  });

  it('are replaced as a whole on PATCH and removed with null', async () => {
    const other = await createBody(server);
    const group = await createBody(server, { kind: 'focus_group' });
    const replaced = await server.http
      .patch(`/v1/bodies/${group.id}`)
      .send({ termsOfReference: { objectives: ['Only this.'], associatedBodyIds: [other.id] } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.termsOfReference).toEqual({
      scope: null,
      objectives: ['Only this.'],
      workMethods: [],
      reporting: null,
      associatedBodyIds: [other.id],
    });
    const renamed = await server.http.patch(`/v1/bodies/${group.id}`).send({ name: 'Renamed' });
    expect(renamed.body.termsOfReference.objectives).toEqual(['Only this.']);
    const removed = await server.http.patch(`/v1/bodies/${group.id}`).send({ termsOfReference: null });
    expect(removed.status).toBe(200);
    expect(removed.body.termsOfReference).toBeNull();
    const links = await server.db.query('SELECT count(*)::int AS n FROM body_associations WHERE body_id = $1', [
      group.id,
    ]);
    expect(links.rows[0].n).toBe(0);
  });

  it('refuse an unknown associated body with 422 and write nothing', async () => {
    const group = await createBody(server, { kind: 'correspondence_group' });
    const known = await createBody(server);
    const response = await server.http.patch(`/v1/bodies/${group.id}`).send({
      name: 'Should not stick',
      termsOfReference: { associatedBodyIds: [known.id, '00000000-0000-4000-8000-000000000000'] },
    });
    expectProblem(response, 422, 'unknown-reference');
    expect(response.body.errors[0].field).toBe('termsOfReference.associatedBodyIds[1]');
    const stored = await server.db.query('SELECT name, tor_objectives FROM bodies WHERE id = $1', [group.id]);
    expect(stored.rows[0]).toEqual({ name: group.name, tor_objectives: null });
  });

  it('refuse the body itself as an associated body, and repeated ones', async () => {
    const group = await createBody(server, { kind: 'correspondence_group' });
    expectProblem(
      await server.http.patch(`/v1/bodies/${group.id}`).send({ termsOfReference: { associatedBodyIds: [group.id] } }),
      422,
      'rule-violation',
    );
    const other = await createBody(server);
    const repeated = await server.http
      .patch(`/v1/bodies/${group.id}`)
      .send({ termsOfReference: { associatedBodyIds: [other.id, other.id] } });
    expectProblem(repeated, 400, 'validation-error');
    expect(repeated.body.errors[0].field).toBe('termsOfReference.associatedBodyIds');
  });

  it('are refused for organizations', async () => {
    const response = await server.http
      .post('/v1/bodies')
      .send({ designation: 'ORG WITH TOR', name: 'n', kind: 'organization', termsOfReference: { scope: 'x' } });
    expectProblem(response, 422, 'rule-violation');
  });

  it('validate nested fields and refuse unknown nested fields', async () => {
    const group = await createBody(server, { kind: 'correspondence_group' });
    const bad = await server.http
      .patch(`/v1/bodies/${group.id}`)
      .send({ termsOfReference: { objectives: ['ok', 42], colour: 'red' } });
    expectProblem(bad, 400, 'validation-error');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'termsOfReference.colour',
      'termsOfReference.objectives',
    ]);
    const notObject = await server.http.patch(`/v1/bodies/${group.id}`).send({ termsOfReference: 'scope' });
    expectProblem(notObject, 400, 'validation-error');
  });

  it('keep an associated body from being deleted', async () => {
    const associated = await createBody(server);
    await createBody(server, {
      kind: 'correspondence_group',
      termsOfReference: { associatedBodyIds: [associated.id] },
    } as never);
    const response = await server.http.delete(`/v1/bodies/${associated.id}`);
    expectProblem(response, 409, 'resource-in-use');
    expect(response.body.reason).toBe('referenced');
  });
});
