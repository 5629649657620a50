import { createBody, expectProblem, uniqueDesignation, type BodyRecord } from '../support/factories.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.dispose();
});

describe('POST /v1/bodies', () => {
  it('creates a body, answers 201 with Location, and stores it', async () => {
    const parent = await createBody(server, { kind: 'organization' });
    const response = await server.http.post('/v1/bodies').send({
      designation: '  ISO/IEC  JTC 1/SC 42 ',
      name: 'Artificial intelligence',
      kind: 'subcommittee',
      parentId: parent.id,
      website: 'https://www.iso.org/committee/6794475.html',
      mailingList: 'sc42@lists.example.org',
    });
    expect(response.status).toBe(201);
    const body = response.body as BodyRecord;
    expect(response.headers.location).toBe(`/v1/bodies/${body.id}`);
    expect(body).toMatchObject({
      designation: 'ISO/IEC JTC 1/SC 42',
      name: 'Artificial intelligence',
      kind: 'subcommittee',
      parentId: parent.id,
      status: 'active',
      website: 'https://www.iso.org/committee/6794475.html',
      mailingList: 'sc42@lists.example.org',
      version: 1,
    });
    expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);
    const stored = await server.db.query('SELECT designation, parent_id FROM bodies WHERE id = $1', [body.id]);
    expect(stored.rows).toEqual([{ designation: 'ISO/IEC JTC 1/SC 42', parent_id: parent.id }]);
    const read = await server.http.get(`/v1/bodies/${body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(body);
  });

  it('refuses a duplicate designation, whatever its case and spacing, with 409', async () => {
    const existing = await createBody(server);
    const response = await server.http.post('/v1/bodies').send({
      designation: ` ${existing.designation.toLowerCase().replace(' ', '   ')}`,
      name: 'Other',
      kind: 'other',
    });
    expectProblem(response, 409, 'duplicate-resource');
    expect(response.body.existingId).toBe(existing.id);
    expect(response.body.errors).toEqual([{ field: 'designation', message: expect.any(String) }]);
    const count = await server.db.query('SELECT count(*)::int AS n FROM bodies WHERE lower(designation) = lower($1)', [
      existing.designation,
    ]);
    expect(count.rows[0].n).toBe(1);
  });

  it('refuses an unknown parent with 422 and writes nothing', async () => {
    const designation = uniqueDesignation();
    const response = await server.http.post('/v1/bodies').send({
      designation,
      name: 'Orphan',
      kind: 'working_group',
      parentId: '00000000-0000-4000-8000-000000000000',
    });
    expectProblem(response, 422, 'unknown-reference');
    expect(response.body.errors).toEqual([{ field: 'parentId', message: expect.stringContaining('No body') }]);
    const count = await server.db.query('SELECT count(*)::int AS n FROM bodies WHERE designation = $1', [designation]);
    expect(count.rows[0].n).toBe(0);
  });

  it('gives concurrent creates of one designation exactly one winner', async () => {
    const designation = uniqueDesignation('RACE');
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        server.http.post('/v1/bodies').send({ designation, name: 'Race', kind: 'other' }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });
});

describe('PATCH /v1/bodies/{id}', () => {
  it('changes the fields sent, clears those sent as null, and bumps the version', async () => {
    const body = await createBody(server, { website: 'https://a.example', mailingList: 'list@example.org' });
    const response = await server.http
      .patch(`/v1/bodies/${body.id}`)
      .send({ name: 'Renamed', status: 'inactive', website: null });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: body.id,
      designation: body.designation,
      name: 'Renamed',
      status: 'inactive',
      website: null,
      mailingList: 'list@example.org',
      version: 2,
    });
    expect(Date.parse(response.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(body.updatedAt));
  });

  it('accepts application/merge-patch+json', async () => {
    const body = await createBody(server);
    const response = await server.http
      .patch(`/v1/bodies/${body.id}`)
      .set('content-type', 'application/merge-patch+json')
      .send(JSON.stringify({ name: 'Merged' }));
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('Merged');
  });

  it('refuses null for a required field', async () => {
    const body = await createBody(server);
    const response = await server.http.patch(`/v1/bodies/${body.id}`).send({ name: null });
    expectProblem(response, 400, 'validation-error');
    expect(response.body.errors).toEqual([{ field: 'name', message: 'name must be a string' }]);
  });

  it('moves a body under another parent and back to the top', async () => {
    const a = await createBody(server);
    const b = await createBody(server);
    const moved = await server.http.patch(`/v1/bodies/${b.id}`).send({ parentId: a.id });
    expect(moved.status).toBe(200);
    expect(moved.body.parentId).toBe(a.id);
    const top = await server.http.patch(`/v1/bodies/${b.id}`).send({ parentId: null });
    expect(top.status).toBe(200);
    expect(top.body.parentId).toBeNull();
  });

  it('refuses a body as its own parent with 422', async () => {
    const body = await createBody(server);
    const response = await server.http.patch(`/v1/bodies/${body.id}`).send({ parentId: body.id });
    expectProblem(response, 422, 'rule-violation');
    expect(response.body.errors[0].field).toBe('parentId');
  });

  it('refuses a parent cycle with 422 and leaves the tree unchanged', async () => {
    const root = await createBody(server);
    const child = await createBody(server, { parentId: root.id });
    const grandchild = await createBody(server, { parentId: child.id });
    const response = await server.http.patch(`/v1/bodies/${root.id}`).send({ parentId: grandchild.id });
    expectProblem(response, 422, 'rule-violation');
    expect(response.body.detail).toMatch(/cycle/);
    const stored = await server.db.query('SELECT parent_id FROM bodies WHERE id = $1', [root.id]);
    expect(stored.rows[0].parent_id).toBeNull();
  });

  it('refuses concurrent re-parentings that together would close a loop', async () => {
    const a = await createBody(server);
    const b = await createBody(server);
    const [ab, ba] = await Promise.all([
      server.http.patch(`/v1/bodies/${a.id}`).send({ parentId: b.id }),
      server.http.patch(`/v1/bodies/${b.id}`).send({ parentId: a.id }),
    ]);
    expect([ab.status, ba.status].sort()).toEqual([200, 422]);
  });

  it('refuses an unknown parent with 422', async () => {
    const body = await createBody(server);
    const response = await server.http
      .patch(`/v1/bodies/${body.id}`)
      .send({ parentId: '00000000-0000-4000-8000-000000000000' });
    expectProblem(response, 422, 'unknown-reference');
  });

  it('refuses a designation taken by another body with 409, but allows a change of case of its own', async () => {
    const a = await createBody(server);
    const b = await createBody(server);
    expectProblem(
      await server.http.patch(`/v1/bodies/${b.id}`).send({ designation: a.designation }),
      409,
      'duplicate-resource',
    );
    const recased = await server.http.patch(`/v1/bodies/${a.id}`).send({ designation: a.designation.toLowerCase() });
    expect(recased.status).toBe(200);
    expect(recased.body.designation).toBe(a.designation.toLowerCase());
  });

  it('answers 404 for an unknown id', async () => {
    expectProblem(
      await server.http.patch('/v1/bodies/00000000-0000-4000-8000-000000000000').send({ name: 'x' }),
      404,
      'not-found',
    );
  });
});

describe('DELETE /v1/bodies/{id}', () => {
  it('deletes a body without children', async () => {
    const body = await createBody(server);
    const response = await server.http.delete(`/v1/bodies/${body.id}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expectProblem(await server.http.get(`/v1/bodies/${body.id}`), 404, 'not-found');
  });

  it('refuses to delete a body that has children, naming them, with 409', async () => {
    const parent = await createBody(server);
    const child = await createBody(server, { parentId: parent.id });
    const response = await server.http.delete(`/v1/bodies/${parent.id}`);
    expectProblem(response, 409, 'resource-in-use');
    expect(response.body.reason).toBe('has-children');
    expect(response.body.detail).toContain(child.designation);
    const stored = await server.db.query('SELECT count(*)::int AS n FROM bodies WHERE id = $1', [parent.id]);
    expect(stored.rows[0].n).toBe(1);
  });

  it('answers 404 for an unknown id', async () => {
    expectProblem(await server.http.delete('/v1/bodies/00000000-0000-4000-8000-000000000000'), 404, 'not-found');
  });
});

describe('GET /v1/bodies', () => {
  let family: { root: BodyRecord; children: BodyRecord[] };

  beforeAll(async () => {
    const root = await createBody(server, { designation: uniqueDesignation('FAMILY'), kind: 'organization' });
    const children: BodyRecord[] = [];
    for (let i = 0; i < 7; i += 1) {
      children.push(
        await createBody(server, {
          designation: `${root.designation}/WG ${i + 1}`,
          name: `Group ${String.fromCharCode(71 - i)}`,
          kind: 'working_group',
          parentId: root.id,
          status: i % 2 === 0 ? 'active' : 'proposed',
        }),
      );
    }
    family = { root, children };
  });

  async function collect(path: string): Promise<{ items: BodyRecord[]; pages: number }> {
    const items: BodyRecord[] = [];
    let next: string | null = path;
    let pages = 0;
    while (next !== null) {
      const response = await server.http.get(next);
      expect(response.status).toBe(200);
      items.push(...(response.body.items as BodyRecord[]));
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
      expect(pages).toBeLessThan(50);
    }
    return { items, pages };
  }

  it('walks every page with the Link header, sorted by designation, without gaps or repeats', async () => {
    const { items, pages } = await collect(`/v1/bodies?parentId=${family.root.id}&limit=3`);
    expect(pages).toBe(3);
    expect(items.map((b) => b.designation)).toEqual(family.children.map((b) => b.designation).sort());
  });

  it('sorts by name descending across pages', async () => {
    const { items } = await collect(`/v1/bodies?parentId=${family.root.id}&limit=2&sort=-name`);
    const names = items.map((b) => b.name);
    expect(names).toEqual([...names].sort().reverse());
    expect(names).toHaveLength(7);
  });

  it('sorts by creation time across pages', async () => {
    const { items } = await collect(`/v1/bodies?parentId=${family.root.id}&limit=2&sort=createdAt`);
    expect(items.map((b) => b.id)).toEqual(family.children.map((b) => b.id));
  });

  it('filters by kind, status, parent, designation prefix and text', async () => {
    const proposed = await server.http.get(`/v1/bodies?parentId=${family.root.id}&status=proposed&limit=200`);
    expect(proposed.body.items.map((b: BodyRecord) => b.status)).toEqual(['proposed', 'proposed', 'proposed']);
    const byKind = await server.http.get(
      `/v1/bodies?kind=organization&designationPrefix=${encodeURIComponent(family.root.designation)}`,
    );
    expect(byKind.body.items.map((b: BodyRecord) => b.id)).toEqual([family.root.id]);
    const prefix = await server.http.get(
      `/v1/bodies?designationPrefix=${encodeURIComponent(`${family.root.designation.toLowerCase()}/wg`)}&limit=200`,
    );
    expect(prefix.body.items).toHaveLength(7);
    const text = await server.http.get(`/v1/bodies?q=${encodeURIComponent('group c')}&parentId=${family.root.id}`);
    expect(text.body.items.map((b: BodyRecord) => b.name)).toEqual(['Group C']);
  });

  it('matches the text filter against the designation, not only the name', async () => {
    // "wg 3" is in one designation ("…/WG 3") and in no name ("Group …"): a match can only come from the designation
    const one = await server.http.get(`/v1/bodies?q=${encodeURIComponent('wg 3')}&parentId=${family.root.id}`);
    expect(one.status).toBe(200);
    expect(one.body.items.map((b: BodyRecord) => b.designation)).toEqual([`${family.root.designation}/WG 3`]);
    expect(one.body.items[0].name).toBe('Group E');
    // the random part of the root's designation: the root and its seven children, whose names never carry it
    const token = family.root.designation.split(' ')[1]!.toLowerCase();
    const all = await collect(`/v1/bodies?q=${encodeURIComponent(token)}&limit=200`);
    expect(all.items.map((b) => b.id).sort()).toEqual([family.root.id, ...family.children.map((b) => b.id)].sort());
    for (const body of all.items) expect(body.name.toLowerCase()).not.toContain(token);
  });

  it('treats % and _ in the text filter literally', async () => {
    const response = await server.http.get(`/v1/bodies?q=${encodeURIComponent('%_%')}`);
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it('refuses a cursor reused with other filters', async () => {
    const first = await server.http.get(`/v1/bodies?parentId=${family.root.id}&limit=2`);
    const response = await server.http.get(
      `/v1/bodies?parentId=${family.root.id}&limit=2&status=active&cursor=${first.body.nextCursor}`,
    );
    expectProblem(response, 400, 'invalid-cursor');
  });

  it('refuses a cursor reused with another sort', async () => {
    const first = await server.http.get(`/v1/bodies?parentId=${family.root.id}&limit=2`);
    const response = await server.http.get(
      `/v1/bodies?parentId=${family.root.id}&limit=2&sort=name&cursor=${first.body.nextCursor}`,
    );
    expectProblem(response, 400, 'invalid-cursor');
  });

  it('lists the children of a body at /children', async () => {
    const response = await server.http.get(`/v1/bodies/${family.root.id}/children?limit=200`);
    expect(response.status).toBe(200);
    expect(response.body.items.map((b: BodyRecord) => b.id).sort()).toEqual(family.children.map((b) => b.id).sort());
    expect(response.body.nextCursor).toBeNull();
    const leaf = await server.http.get(`/v1/bodies/${family.children[0]!.id}/children`);
    expect(leaf.body).toEqual({ items: [], nextCursor: null });
    expectProblem(await server.http.get('/v1/bodies/00000000-0000-4000-8000-000000000000/children'), 404, 'not-found');
  });
});
