/**
 * All or nothing: every operation that writes several rows (the resource, its join rows, its history entry, its
 * change event) commits them together. A failure forced on the LAST insert must leave nothing of the operation.
 */
import { randomUUID } from 'node:crypto';
import { createBody, expectProblem } from '../support/factories.js';
import { createLiaison } from '../support/liaison-factories.js';
import { createContact, uniqueEmail, uniqueSuffix } from '../support/registry-factories.js';
import { statementInput } from '../support/statement-factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  // Test-only triggers in this suite's own database: refuse the change event (always the last write of an
  // operation) or a history entry when the payload carries a marker.
  await server.db.query(`
    CREATE FUNCTION fail_on_marker() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW::text LIKE '%FORCE-FAILURE%' THEN RAISE EXCEPTION 'forced failure'; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER fail_changes BEFORE INSERT ON changes FOR EACH ROW EXECUTE FUNCTION fail_on_marker();
    CREATE TRIGGER fail_history BEFORE INSERT ON liaison_history FOR EACH ROW EXECUTE FUNCTION fail_on_marker();
    CREATE TRIGGER fail_idempotency BEFORE UPDATE ON idempotency_keys FOR EACH ROW
      WHEN (NEW.state = 'committed') EXECUTE FUNCTION fail_on_marker();`);
});

afterAll(async () => {
  await server?.dispose();
});

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return ((await server.db.query(sql, params)).rows[0] as { n: number }).n;
}

/** Row counts of every table an operation writes. */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = [
    'bodies',
    'body_associations',
    'liaisons',
    'liaison_history',
    'work_items',
    'work_item_history',
    'contacts',
    'memberships',
    'statements',
    'statement_recipients',
    'changes',
    'idempotency_keys',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await count(`SELECT count(*)::int AS n FROM ${table}`);
  return counts;
}

describe('transactions', () => {
  it('creates nothing when the change event of a create fails', async () => {
    const group = await createBody(server);
    const before = await count('SELECT count(*)::int AS n FROM bodies');
    const response = await server.http.post('/v1/bodies').send({
      designation: 'FORCE-FAILURE body',
      name: 'n',
      kind: 'correspondence_group',
      termsOfReference: { objectives: ['x'], associatedBodyIds: [group.id] },
    });
    expect(response.status).toBe(500);
    expect(await count('SELECT count(*)::int AS n FROM bodies')).toBe(before);
    expect(
      await count('SELECT count(*)::int AS n FROM body_associations WHERE associated_body_id = $1', [group.id]),
    ).toBe(0);
  });

  it('changes nothing when the change event of an update fails', async () => {
    const body = await createBody(server, { name: 'Before' });
    const response = await server.http.patch(`/v1/bodies/${body.id}`).send({ name: 'FORCE-FAILURE name' });
    expect(response.status).toBe(500);
    const stored = await server.db.query('SELECT name, version FROM bodies WHERE id = $1', [body.id]);
    expect(stored.rows[0]).toEqual({ name: 'Before', version: 1 });
  });

  it('leaves a liaison as it was when the history entry of a transition fails', async () => {
    const liaison = await createLiaison(server);
    const response = await server.http
      .post(`/v1/liaisons/${liaison.id}/transitions`)
      .send({ action: 'reject', reason: 'FORCE-FAILURE reason' });
    expect(response.status).toBe(500);
    const stored = await server.db.query('SELECT status, version FROM liaisons WHERE id = $1', [liaison.id]);
    expect(stored.rows[0]).toEqual({ status: 'proposed', version: 1 });
    expect(await count('SELECT count(*)::int AS n FROM liaison_history WHERE liaison_id = $1', [liaison.id])).toBe(1);
    expect(
      await count("SELECT count(*)::int AS n FROM changes WHERE resource_id = $1 AND type = 'liaison.transitioned'", [
        liaison.id,
      ]),
    ).toBe(0);
  });

  it('writes nothing of a liaison with lists when its change event fails', async () => {
    const before = await count('SELECT count(*)::int AS n FROM liaisons');
    const committee = await createBody(server, { kind: 'subcommittee' });
    const partner = await createBody(server);
    const response = await server.http.post('/v1/liaisons').send({
      committeeId: committee.id,
      partnerId: partner.id,
      category: 'category_a',
      objectives: ['FORCE-FAILURE objective'],
    });
    expect(response.status).toBe(500);
    expect(await count('SELECT count(*)::int AS n FROM liaisons')).toBe(before);
    expect(
      await count(
        'SELECT count(*)::int AS n FROM liaison_history h WHERE NOT EXISTS (SELECT 1 FROM liaisons l WHERE l.id = h.liaison_id)',
      ),
    ).toBe(0);
  });
});

/**
 * The idempotency record is the last write of an idempotent operation, in the same transaction: when recording it
 * fails, nothing of the operation remains, and the key is free for a retry.
 */
describe('transactions with an Idempotency-Key', () => {
  const failingKey = (): string => `FORCE-FAILURE-${randomUUID()}`;

  async function expectNothingWritten(send: (key: string) => Promise<{ status: number; body: unknown }>) {
    const key = failingKey();
    const before = await tableCounts();
    const response = await send(key);
    expectProblem(response as Parameters<typeof expectProblem>[0], 500, 'internal-error');
    expect(await tableCounts()).toEqual(before);
    expect(await count('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [key])).toBe(0);
  }

  it('creates no body, association or change event', async () => {
    const group = await createBody(server);
    await expectNothingWritten((key) =>
      server.http
        .post('/v1/bodies')
        .set('Idempotency-Key', key)
        .send({
          designation: `IDEM-TX ${uniqueSuffix()}`,
          name: 'n',
          kind: 'correspondence_group',
          termsOfReference: { objectives: ['x'], associatedBodyIds: [group.id] },
        }),
    );
  });

  it('creates no liaison, history entry or change event', async () => {
    const committee = await createBody(server, { kind: 'subcommittee' });
    const partner = await createBody(server);
    await expectNothingWritten((key) =>
      server.http
        .post('/v1/liaisons')
        .set('Idempotency-Key', key)
        .send({ committeeId: committee.id, partnerId: partner.id, category: 'category_a', objectives: ['o'] }),
    );
  });

  it('leaves a liaison in its state when a transition cannot record its key', async () => {
    const liaison = await createLiaison(server);
    await expectNothingWritten((key) =>
      server.http
        .post(`/v1/liaisons/${liaison.id}/transitions`)
        .set('Idempotency-Key', key)
        .send({ action: 'reject', reason: 'not eligible' }),
    );
    const stored = await server.db.query('SELECT status, version FROM liaisons WHERE id = $1', [liaison.id]);
    expect(stored.rows[0]).toEqual({ status: 'proposed', version: 1 });
  });

  it('creates no work item or work item history', async () => {
    const body = await createBody(server);
    await expectNothingWritten((key) =>
      server.http
        .post('/v1/work-items')
        .set('Idempotency-Key', key)
        .send({ bodyId: body.id, reference: `DTR/MTS ${uniqueSuffix()}`, title: 't', deliverableType: 'etsi_tr' }),
    );
  });

  it('creates no contact, and no roster membership', async () => {
    await expectNothingWritten((key) =>
      server.http.post('/v1/contacts').set('Idempotency-Key', key).send({ name: 'P', email: uniqueEmail() }),
    );
    const body = await createBody(server);
    const contact = await createContact(server);
    await expectNothingWritten((key) =>
      server.http
        .post(`/v1/bodies/${body.id}/roster`)
        .set('Idempotency-Key', key)
        .send({ contactId: contact.id, role: 'delegate' }),
    );
  });

  it('creates no statement, nor its lists', async () => {
    const input = await statementInput(server);
    await expectNothingWritten((key) => server.http.post('/v1/statements').set('Idempotency-Key', key).send(input));
  });

  it('commits the operation and its key together when nothing fails', async () => {
    const key = `"${randomUUID()}"`;
    const body = await createBody(server);
    const response = await server.http
      .post('/v1/work-items')
      .set('Idempotency-Key', key)
      .send({ bodyId: body.id, reference: `DTR/MTS ${uniqueSuffix()}`, title: 't', deliverableType: 'etsi_tr' });
    expect(response.status).toBe(201);
    const id = (response.body as { id: string }).id;
    const stored = await server.db.query(
      'SELECT state, resource_type, resource_id, response_status FROM idempotency_keys WHERE key = $1',
      [key.slice(1, -1)],
    );
    expect(stored.rows).toEqual([
      { state: 'completed', resource_type: 'workItem', resource_id: id, response_status: 201 },
    ]);
  });
});
