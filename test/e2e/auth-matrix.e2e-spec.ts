/**
 * The access matrix: every write operation of the committed OpenAPI document, called as an anonymous
 * caller, a reader, a secretariat whose scope covers the record, a secretariat scoped elsewhere, and an
 * admin. Each cell builds its own records (as admin) and asserts the status; a refused call must
 * leave the whole database unchanged. A write operation without a scenario here fails the suite:
 * whoever adds an endpoint decides who may call it.
 *
 * Webhook subscriptions are records of the bodies they name: one outside a secretariat's scope answers 404 to it, as
 * an unknown id does (its id cannot be probed), where other records answer 403.
 */
import { createApiKey, uniqueKeyName, type CreatedKey } from '../support/auth.js';
import { databaseState } from '../support/db-state.js';
import { createBody, expectProblem, uniqueDesignation, type BodyRecord } from '../support/factories.js';
import { createLiaison } from '../support/liaison-factories.js';
import { committedDocument, operationsOf, type Operation } from '../support/openapi.js';
import {
  addRosterMember,
  createContact,
  createWorkItem,
  uniqueEmail,
  uniqueSuffix,
} from '../support/registry-factories.js';
import { startServer, type HttpAgent, type TestServer } from '../support/server.js';
import { createStatement, statementInput } from '../support/statement-factories.js';

type Principal = 'anonymous' | 'reader' | 'secretariat in scope' | 'secretariat out of scope' | 'admin';
const PRINCIPALS: Principal[] = ['anonymous', 'reader', 'secretariat in scope', 'secretariat out of scope', 'admin'];

interface Scenario {
  /** Whether a secretariat key scoped to the home organization may do it (records are made below it). */
  secretariat: boolean;
  /** Status of a successful call. */
  success: 200 | 201 | 202 | 204;
  /** What a secretariat scoped elsewhere gets when not 403: 404 for records it must not learn exist. */
  outOfScope?: 404;
  /** Makes the records the call needs and returns the concrete request. */
  request: () => Promise<{ path: string; body?: Record<string, unknown> }>;
}

let server: TestServer;
/** An organization; the in-scope secretariat key names it, records are made in bodies below it. */
let home: BodyRecord;
let agents: Record<Principal, HttpAgent>;
let reader: CreatedKey;

/** A subcommittee under the home organization: in scope through its parent. */
const homeBody = async () => (await createBody(server, { kind: 'subcommittee', parentId: home.id })).id;
/** A body outside every scope. */
const outsideBody = async () => (await createBody(server, { kind: 'technical_committee' })).id;
const homeLiaison = async () =>
  createLiaison(server, { committeeId: await homeBody(), partnerId: await outsideBody() });
const homeMembership = async () => {
  const bodyId = await homeBody();
  const contact = await createContact(server);
  return { bodyId, membership: await addRosterMember(server, bodyId, { contactId: contact.id }) };
};

/** A Category A liaison of the home body made active directly in the database (experts need one). */
const activeHomeLiaison = async () => {
  const liaison = await homeLiaison();
  await server.db.query("UPDATE liaisons SET status = 'active' WHERE id = $1", [liaison.id]);
  return liaison.id;
};
/** A webhook subscription (made as admin) for a home body, to a public address that nothing listens on. */
const webhook = async () => {
  const response = await server.http
    .post('/v1/webhooks')
    .send({ url: 'https://93.184.216.34/hooks/registry', bodyIds: [await homeBody()] });
  if (response.status !== 201) throw new Error(`webhook: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
};

const SCENARIOS: Record<string, Scenario> = {
  createBody: {
    secretariat: false,
    success: 201,
    request: async () => ({
      path: '/v1/bodies',
      body: { designation: uniqueDesignation(), name: 'New group', kind: 'working_group', parentId: await homeBody() },
    }),
  },
  updateBody: {
    secretariat: false,
    success: 200,
    request: async () => ({ path: `/v1/bodies/${await homeBody()}`, body: { name: 'Renamed' } }),
  },
  deleteBody: { secretariat: false, success: 204, request: async () => ({ path: `/v1/bodies/${await homeBody()}` }) },
  createLiaison: {
    secretariat: true,
    success: 201,
    request: async () => ({
      path: '/v1/liaisons',
      body: { committeeId: await homeBody(), partnerId: await outsideBody(), category: 'category_a' },
    }),
  },
  updateLiaison: {
    secretariat: true,
    success: 200,
    request: async () => ({ path: `/v1/liaisons/${(await homeLiaison()).id}`, body: { rationale: 'Why not.' } }),
  },
  deleteLiaison: {
    secretariat: true,
    success: 204,
    request: async () => ({ path: `/v1/liaisons/${(await homeLiaison()).id}` }),
  },
  createWorkItem: {
    secretariat: true,
    success: 201,
    request: async () => ({
      path: '/v1/work-items',
      body: {
        bodyId: await homeBody(),
        reference: `DTR/MTS ${uniqueSuffix()}`,
        title: 'New',
        deliverableType: 'etsi_tr',
      },
    }),
  },
  updateWorkItem: {
    secretariat: true,
    success: 200,
    request: async () => ({
      path: `/v1/work-items/${(await createWorkItem(server, { bodyId: await homeBody() })).id}`,
      body: { stage: 'stable_draft' },
    }),
  },
  deleteWorkItem: {
    secretariat: true,
    success: 204,
    request: async () => ({
      path: `/v1/work-items/${(await createWorkItem(server, { bodyId: await homeBody() })).id}`,
    }),
  },
  createContact: {
    secretariat: false,
    success: 201,
    request: async () => ({ path: '/v1/contacts', body: { name: 'New Person', email: uniqueEmail() } }),
  },
  updateContact: {
    secretariat: false,
    success: 200,
    request: async () => ({ path: `/v1/contacts/${(await createContact(server)).id}`, body: { affiliation: 'ETSI' } }),
  },
  deleteContact: {
    secretariat: false,
    success: 204,
    request: async () => ({ path: `/v1/contacts/${(await createContact(server)).id}` }),
  },
  addRosterMember: {
    secretariat: true,
    success: 201,
    request: async () => ({
      path: `/v1/bodies/${await homeBody()}/roster`,
      body: { contactId: (await createContact(server)).id, role: 'chair' },
    }),
  },
  updateRosterMember: {
    secretariat: true,
    success: 200,
    request: async () => {
      const { bodyId, membership } = await homeMembership();
      return { path: `/v1/bodies/${bodyId}/roster/${membership.id}`, body: { note: 'Acting' } };
    },
  },
  removeRosterMember: {
    secretariat: true,
    success: 204,
    request: async () => {
      const { bodyId, membership } = await homeMembership();
      return { path: `/v1/bodies/${bodyId}/roster/${membership.id}` };
    },
  },
  createStatement: {
    secretariat: true,
    success: 201,
    request: async () => ({
      path: '/v1/statements',
      body: await statementInput(server, { fromBodyId: await homeBody() }),
    }),
  },
  updateStatement: {
    secretariat: true,
    success: 200,
    request: async () => ({
      path: `/v1/statements/${(await createStatement(server, { fromBodyId: await homeBody() })).id}`,
      body: { title: 'Revised' },
    }),
  },
  deleteStatement: {
    secretariat: true,
    success: 204,
    request: async () => ({
      path: `/v1/statements/${(await createStatement(server, { fromBodyId: await homeBody() })).id}`,
    }),
  },
  createApiKey: {
    secretariat: false,
    success: 201,
    request: async () => ({ path: '/v1/api-keys', body: { name: uniqueKeyName(), role: 'reader' } }),
  },
  revokeApiKey: {
    secretariat: false,
    success: 204,
    request: async () => ({ path: `/v1/api-keys/${(await createApiKey(server, { role: 'reader' })).id}` }),
  },
  transitionLiaison: {
    secretariat: true,
    success: 200,
    request: async () => ({
      path: `/v1/liaisons/${(await homeLiaison()).id}/transitions`,
      body: { action: 'submitForEligibility' },
    }),
  },
  addLiaisonExpert: {
    secretariat: true,
    success: 201,
    request: async () => {
      const liaison = await activeHomeLiaison();
      return { path: `/v1/liaisons/${liaison}/experts`, body: { contactId: (await createContact(server)).id } };
    },
  },
  removeLiaisonExpert: {
    secretariat: true,
    success: 204,
    request: async () => {
      const liaison = await activeHomeLiaison();
      const contact = (await createContact(server)).id;
      await server.db.query('INSERT INTO liaison_experts (liaison_id, contact_id) VALUES ($1, $2)', [liaison, contact]);
      return { path: `/v1/liaisons/${liaison}/experts/${contact}` };
    },
  },
  createWebhook: {
    secretariat: true,
    success: 201,
    request: async () => ({
      path: '/v1/webhooks',
      body: { url: 'https://93.184.216.34/hooks/registry', bodyIds: [await homeBody()] },
    }),
  },
  updateWebhook: {
    secretariat: true,
    success: 200,
    outOfScope: 404,
    request: async () => ({ path: `/v1/webhooks/${await webhook()}`, body: { description: 'Renamed' } }),
  },
  deleteWebhook: {
    secretariat: true,
    success: 204,
    outOfScope: 404,
    request: async () => ({ path: `/v1/webhooks/${await webhook()}` }),
  },
  testWebhook: {
    secretariat: true,
    success: 202,
    outOfScope: 404,
    request: async () => ({ path: `/v1/webhooks/${await webhook()}/test` }),
  },
};

const PROBLEM_SLUGS: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not-found' };

function expectedStatus(scenario: Scenario, principal: Principal): number {
  switch (principal) {
    case 'anonymous':
      return 401;
    case 'reader':
      return 403;
    case 'secretariat out of scope':
      return scenario.secretariat ? (scenario.outOfScope ?? 403) : 403;
    case 'secretariat in scope':
      return scenario.secretariat ? scenario.success : 403;
    case 'admin':
      return scenario.success;
  }
}

const writes: Operation[] = operationsOf(committedDocument()).filter((operation) => operation.method !== 'get');

beforeAll(async () => {
  server = await startServer();
  home = await createBody(server, { kind: 'organization', designation: uniqueDesignation('HOME') });
  const away = await createBody(server, { kind: 'organization', designation: uniqueDesignation('AWAY') });
  reader = await createApiKey(server, { role: 'reader' });
  const inScope = await createApiKey(server, { role: 'secretariat', bodyIds: [home.id] });
  const outOfScope = await createApiKey(server, { role: 'secretariat', bodyIds: [away.id] });
  agents = {
    anonymous: server.anon,
    reader: reader.http,
    'secretariat in scope': inScope.http,
    'secretariat out of scope': outOfScope.http,
    admin: server.http,
  };
});

afterAll(async () => {
  await server?.dispose();
});

it('has a scenario for every write operation of the document, and only for those', () => {
  expect(writes.length).toBeGreaterThanOrEqual(20);
  expect(writes.map((w) => w.operationId).sort()).toEqual(Object.keys(SCENARIOS).sort());
});

it('documents who may call each write, as the matrix finds it', () => {
  for (const operation of writes) {
    const scenario = SCENARIOS[operation.operationId];
    if (!scenario) continue;
    expect([operation.operationId, operation.access.roles.sort()]).toEqual([
      operation.operationId,
      scenario.secretariat ? ['admin', 'secretariat'] : ['admin'],
    ]);
    for (const status of [401, 403, 429]) expect(operation.statuses).toContain(status);
  }
});

describe.each(writes.map((w) => [w.operationId, w] as const))('%s', (operationId, operation) => {
  it.each(PRINCIPALS)('as %s', async (principal) => {
    const scenario = SCENARIOS[operationId];
    if (!scenario) throw new Error(`no auth-matrix scenario for ${operationId}: add one to SCENARIOS`);
    const { path, body } = await scenario.request();
    const before = await databaseState(server.db);
    const call = agents[principal][operation.method](path);
    const response = body === undefined ? await call : await call.send(body);
    const expected = expectedStatus(scenario, principal);
    expect([operation.method.toUpperCase(), path, principal, response.status]).toEqual([
      operation.method.toUpperCase(),
      path,
      principal,
      expected,
    ]);
    if (expected >= 400) {
      expectProblem(response, expected, PROBLEM_SLUGS[expected]);
      expect(await databaseState(server.db)).toEqual(before);
    } else if (scenario.success !== 202) {
      // (202: a webhook test ping is queued in the delivery tables, which the state leaves out)
      expect(await databaseState(server.db)).not.toEqual(before);
    }
    if (expected === 401) expect(response.headers['www-authenticate']).toBe('Bearer realm="liaison-registry"');
    if (expected === 403 && principal === 'secretariat out of scope' && scenario.secretariat) {
      expect(response.body.requiredScope).toEqual(expect.any(String));
    } else if (expected === 403) {
      expect(response.body.requiredRoles).toEqual(scenario.secretariat ? ['secretariat', 'admin'] : ['admin']);
    }
  });
});
