import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { keysetPage, SqlConditions, type SortColumn } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import { versionTag } from '../common/http/etag.js';
import { problems } from '../common/problem/problem.js';
import {
  escapeLike,
  isStillReferenced,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgErrorCode,
} from '../database/pg-errors.js';
import { BodyKind, BodyStatus } from './body-kind.js';
import { normalizeDesignation, wouldCreateCycle } from './body-rules.js';
import { BodyEntity } from './body.entity.js';
import { BodyDto, type BodyRecord } from './dto/body.dto.js';
import { recordChange } from '../changes/change-feed.js';
import { concernedBodies } from '../changes/concerned-bodies.js';
import { checkVersion, type WriteContext } from '../common/http/write-context.js';
import type { TermsOfReferenceInputDto } from './dto/terms-of-reference.dto.js';
import type { CreateBodyDto } from './dto/create-body.dto.js';
import { BodySort, type ListBodiesQueryDto } from './dto/list-bodies.query.dto.js';
import type { UpdateBodyDto } from './dto/update-body.dto.js';

const SORTS: Record<BodySort, SortColumn<BodyEntity>> = {
  [BodySort.Designation]: { column: 'b.designation', direction: 'ASC', key: (b) => b.designation },
  [BodySort.DesignationDesc]: { column: 'b.designation', direction: 'DESC', key: (b) => b.designation },
  [BodySort.Name]: { column: 'b.name', direction: 'ASC', key: (b) => b.name },
  [BodySort.NameDesc]: { column: 'b.name', direction: 'DESC', key: (b) => b.name },
  [BodySort.CreatedAt]: {
    column: 'b.created_at',
    direction: 'ASC',
    cast: 'timestamptz',
    key: (b) => b.createdAt.toISOString(),
  },
  [BodySort.CreatedAtDesc]: {
    column: 'b.created_at',
    direction: 'DESC',
    cast: 'timestamptz',
    key: (b) => b.createdAt.toISOString(),
  },
  [BodySort.UpdatedAt]: {
    column: 'b.updated_at',
    direction: 'ASC',
    cast: 'timestamptz',
    key: (b) => b.updatedAt.toISOString(),
  },
  [BodySort.UpdatedAtDesc]: {
    column: 'b.updated_at',
    direction: 'DESC',
    cast: 'timestamptz',
    key: (b) => b.updatedAt.toISOString(),
  },
};

/** Hierarchy changes take this lock so two concurrent re-parentings cannot close a loop together. */
const HIERARCHY_LOCK = 7_340_001;

/** Every column but the search vector. */
const BODY_COLUMNS = `b.id, b.designation, b.name, b.kind, b.parent_id, b.status, b.website, b.mailing_list,
  b.tor_scope, b.tor_objectives, b.tor_work_methods, b.tor_reporting, b.version, b.created_at, b.updated_at`;

@Injectable()
export class BodiesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListBodiesQueryDto): Promise<Page<BodyRecord>> {
    const { limit, cursor, sort = BodySort.Designation, ...filters } = query;
    const conditions = new SqlConditions()
      .add(filters.kind, (p) => `b.kind = ${p}`)
      .add(filters.status, (p) => `b.status = ${p}`)
      .add(filters.parentId, (p) => `b.parent_id = ${p}::uuid`)
      .add(
        filters.associatedBodyId,
        (p) =>
          `EXISTS (SELECT 1 FROM body_associations a WHERE a.body_id = b.id AND a.associated_body_id = ${p}::uuid)`,
      )
      .add(filters.designationPrefix && `${escapeLike(filters.designationPrefix)}%`, (p) => `b.designation ILIKE ${p}`)
      .add(filters.q && `%${escapeLike(filters.q)}%`, (p) => `(b.designation ILIKE ${p} OR b.name ILIKE ${p})`);
    const page = await keysetPage({
      manager: this.dataSource.manager,
      from: `SELECT ${BODY_COLUMNS} FROM bodies b`,
      idColumn: 'b.id',
      conditions,
      filters,
      sortName: sort,
      sort: SORTS[sort],
      limit,
      cursor,
      map: (row) => this.toEntity(row),
    });
    return { items: await this.withAssociations(this.dataSource.manager, page.items), nextCursor: page.nextCursor };
  }

  /** The ETag a GET of the body would carry now (its version: the representation shows only its own rows). */
  async currentTag(id: string): Promise<string | null> {
    const rows: { version: number }[] = await this.dataSource.manager.query(
      'SELECT version FROM bodies WHERE id = $1',
      [id],
    );
    return rows[0] ? versionTag(rows[0].version) : null;
  }

  async get(id: string): Promise<BodyRecord> {
    return this.load(this.dataSource.manager, id);
  }

  /** Throws 404 when the body does not exist. */
  async requireExists(id: string): Promise<void> {
    if (!(await this.dataSource.manager.existsBy(BodyEntity, { id }))) throw problems.notFound('body', id);
  }

  async create(input: CreateBodyDto, context: WriteContext): Promise<BodyRecord> {
    const designation = normalizeDesignation(input.designation);
    return this.dataSource.transaction(async (manager) => {
      if (input.parentId) await this.requireParent(manager, input.parentId);
      await this.requireUniqueDesignation(manager, designation);
      const terms = input.termsOfReference ?? null;
      this.checkTermsAllowed(input.kind, terms);
      const entity = manager.create(BodyEntity, {
        designation,
        name: input.name,
        kind: input.kind,
        parentId: input.parentId ?? null,
        status: input.status ?? BodyStatus.Active,
        website: input.website ?? null,
        mailingList: input.mailingList ?? null,
        ...this.termsColumns(terms),
      });
      const saved = await this.translateWriteErrors(designation, () => manager.save(BodyEntity, entity));
      await this.writeAssociations(manager, saved.id, terms?.associatedBodyIds ?? []);
      return this.recorded(manager, 'body.created', saved.id, context);
    });
  }

  async update(id: string, input: UpdateBodyDto, context: WriteContext): Promise<BodyRecord> {
    return this.dataSource.transaction(async (manager) => {
      // The hierarchy lock comes before any row lock: taken after, it deadlocks with the
      // foreign-key check of a concurrent re-parenting.
      if (input.parentId !== undefined) await manager.query('SELECT pg_advisory_xact_lock($1)', [HIERARCHY_LOCK]);
      const body = await manager.findOne(BodyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!body) throw problems.notFound('body', id);
      checkVersion('body', body.version, context);
      // A body moved to another parent concerns the subtree it left too.
      const parentBefore = body.parentId;
      if (input.parentId !== undefined && input.parentId !== body.parentId) {
        if (input.parentId !== null) {
          await this.requireParent(manager, input.parentId);
          const ancestors = await this.ancestorIds(manager, input.parentId);
          if (wouldCreateCycle(id, input.parentId, ancestors)) {
            throw problems.ruleViolation(
              'parentId',
              input.parentId === id
                ? 'A body cannot be its own parent.'
                : 'The new parent is a descendant of this body; the change would create a cycle.',
            );
          }
        }
        body.parentId = input.parentId;
      }
      if (input.designation !== undefined) {
        const designation = normalizeDesignation(input.designation);
        if (designation.toLowerCase() !== body.designation.toLowerCase()) {
          await this.requireUniqueDesignation(manager, designation, id);
        }
        body.designation = designation;
      }
      if (input.name !== undefined) body.name = input.name;
      if (input.kind !== undefined) body.kind = input.kind;
      if (input.status !== undefined) body.status = input.status;
      if (input.website !== undefined) body.website = input.website;
      if (input.mailingList !== undefined) body.mailingList = input.mailingList;
      if (input.termsOfReference !== undefined) {
        Object.assign(body, this.termsColumns(input.termsOfReference));
      }
      const hasTerms =
        input.termsOfReference !== undefined ? input.termsOfReference !== null : body.torObjectives !== null;
      if (hasTerms && body.kind === BodyKind.Organization) this.checkTermsAllowed(body.kind, {});
      const versionBefore = body.version;
      const saved = await this.translateWriteErrors(body.designation, () => manager.save(BodyEntity, body));
      if (input.termsOfReference !== undefined) {
        await manager.query('DELETE FROM body_associations WHERE body_id = $1', [id]);
        await this.writeAssociations(manager, id, input.termsOfReference?.associatedBodyIds ?? []);
        // A change of associations alone is a change of the body too.
        if (saved.version === versionBefore) {
          await manager.query('UPDATE bodies SET version = version + 1, updated_at = now() WHERE id = $1', [id]);
        }
      }
      return this.recorded(manager, 'body.updated', saved.id, context, [parentBefore]);
    });
  }

  async delete(id: string, context: WriteContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const body = await manager.findOne(BodyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!body) throw problems.notFound('body', id);
      checkVersion('body', body.version, context);
      const children: { designation: string }[] = await manager.query(
        'SELECT designation FROM bodies WHERE parent_id = $1 ORDER BY designation LIMIT 6',
        [id],
      );
      if (children.length > 0) {
        throw this.hasChildren(
          body,
          children.map((c) => c.designation),
        );
      }
      try {
        await manager.delete(BodyEntity, { id });
        await recordChange(manager, {
          type: 'body.deleted',
          resourceType: 'body',
          resourceId: id,
          actor: context.actor,
          data: { id },
          bodyIds: concernedBodies.body(body),
        });
      } catch (error) {
        if (isStillReferenced(error)) {
          throw problems.inUse(
            `Body ${body.designation} is still referenced (by liaisons, work items, rosters, statements or other groups' terms of reference) and cannot be deleted.`,
            { reason: 'referenced' },
          );
        }
        throw error;
      }
    });
  }

  /**
   * Reads the body back and appends the change event, in the writing transaction. `before`: bodies the change
   * concerns besides the body and its parent as they are now (the parent it had).
   */
  private async recorded(
    manager: EntityManager,
    type: string,
    id: string,
    context: WriteContext,
    before: readonly (string | null)[] = [],
  ): Promise<BodyRecord> {
    const record = await this.load(manager, id);
    await recordChange(manager, {
      type,
      resourceType: 'body',
      resourceId: id,
      actor: context.actor,
      data: BodyDto.from(record),
      bodyIds: [...concernedBodies.body(record.body), ...before],
    });
    return record;
  }

  private async load(manager: EntityManager, id: string): Promise<BodyRecord> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${BODY_COLUMNS} FROM bodies b WHERE b.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw problems.notFound('body', id);
    const [record] = await this.withAssociations(manager, [this.toEntity(row)]);
    return record!;
  }

  /** Associated bodies of a whole page in one query. */
  private async withAssociations(manager: EntityManager, bodies: BodyEntity[]): Promise<BodyRecord[]> {
    const withTerms = bodies.filter((b) => b.kind !== BodyKind.Organization).map((b) => b.id);
    const rows: { body_id: string; associated_body_id: string }[] = withTerms.length
      ? await manager.query(
          'SELECT body_id, associated_body_id FROM body_associations WHERE body_id = ANY($1::uuid[]) ORDER BY body_id, position',
          [withTerms],
        )
      : [];
    const byBody = new Map<string, string[]>();
    for (const row of rows) byBody.set(row.body_id, [...(byBody.get(row.body_id) ?? []), row.associated_body_id]);
    return bodies.map((body) => ({ body, associatedBodyIds: byBody.get(body.id) ?? [] }));
  }

  private termsColumns(
    terms: TermsOfReferenceInputDto | null,
  ): Pick<BodyEntity, 'torScope' | 'torObjectives' | 'torWorkMethods' | 'torReporting'> {
    if (terms === null) return { torScope: null, torObjectives: null, torWorkMethods: null, torReporting: null };
    return {
      torScope: terms.scope ?? null,
      torObjectives: terms.objectives ?? [],
      torWorkMethods: terms.workMethods ?? [],
      torReporting: terms.reporting ?? null,
    };
  }

  private checkTermsAllowed(kind: BodyKind, terms: TermsOfReferenceInputDto | null): void {
    if (terms !== null && kind === BodyKind.Organization) {
      throw problems.ruleViolation(
        'termsOfReference',
        'Organizations have no terms of reference; groups and committees do.',
      );
    }
  }

  private async writeAssociations(manager: EntityManager, bodyId: string, associatedIds: string[]): Promise<void> {
    if (associatedIds.length === 0) return;
    if (associatedIds.includes(bodyId)) {
      throw problems.ruleViolation('termsOfReference.associatedBodyIds', 'A body cannot be associated with itself.');
    }
    const found: { id: string }[] = await manager.query('SELECT id FROM bodies WHERE id = ANY($1::uuid[])', [
      associatedIds,
    ]);
    const known = new Set(found.map((r) => r.id));
    const index = associatedIds.findIndex((candidate) => !known.has(candidate));
    if (index >= 0) {
      throw problems.unknownReference(
        `termsOfReference.associatedBodyIds[${index}]`,
        `No body with id ${associatedIds[index]} exists to be associated.`,
      );
    }
    await manager.query(
      `INSERT INTO body_associations (body_id, associated_body_id, position)
       SELECT $1, id, ord FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, ord)`,
      [bodyId, associatedIds],
    );
  }

  private hasChildren(body: BodyEntity, designations: string[]) {
    const shown = designations.slice(0, 5).join(', ') + (designations.length > 5 ? ', …' : '');
    return problems.inUse(
      `Body ${body.designation} has child bodies (${shown}); delete them or move them to another parent first.`,
      { reason: 'has-children' },
    );
  }
  private async requireParent(manager: EntityManager, parentId: string): Promise<void> {
    const exists = await manager.existsBy(BodyEntity, { id: parentId });
    if (!exists) throw problems.unknownReference('parentId', `No body with id ${parentId} exists to be the parent.`);
  }

  private async requireUniqueDesignation(
    manager: EntityManager,
    designation: string,
    exceptId?: string,
  ): Promise<void> {
    const rows: { id: string; designation: string }[] = await manager.query(
      'SELECT id, designation FROM bodies WHERE lower(designation) = lower($1) AND ($2::uuid IS NULL OR id <> $2::uuid)',
      [designation, exceptId ?? null],
    );
    const existing = rows[0];
    if (existing) throw this.duplicate(designation, existing.id);
  }

  private duplicate(designation: string, existingId?: string) {
    return problems.duplicate(`A body with designation "${designation}" already exists.`, {
      errors: [{ field: 'designation', message: 'must be unique (case-insensitive)' }],
      ...(existingId ? { existingId } : {}),
    });
  }

  /** The new parent first, then its parent, up to the root. */
  private async ancestorIds(manager: EntityManager, startId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(
      `WITH RECURSIVE chain(id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM bodies WHERE id = $1
         UNION ALL
         SELECT b.id, b.parent_id, c.depth + 1 FROM bodies b JOIN chain c ON b.id = c.parent_id WHERE c.depth < 1000
       ) SELECT id FROM chain ORDER BY depth`,
      [startId],
    );
    return rows.map((r) => r.id);
  }

  /** A concurrent insert can still slip past the pre-checks; the constraints then decide. */
  private async translateWriteErrors<T>(designation: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const code = pgErrorCode(error);
      if (code === PG_UNIQUE_VIOLATION) throw this.duplicate(designation);
      if (code === PG_FOREIGN_KEY_VIOLATION) {
        throw problems.unknownReference('parentId', 'The parent body no longer exists.');
      }
      throw error;
    }
  }

  private toEntity(row: Record<string, unknown>): BodyEntity {
    return Object.assign(new BodyEntity(), {
      id: row.id as string,
      designation: row.designation as string,
      name: row.name as string,
      kind: row.kind as BodyEntity['kind'],
      parentId: (row.parent_id as string | null) ?? null,
      status: row.status as BodyEntity['status'],
      website: (row.website as string | null) ?? null,
      mailingList: (row.mailing_list as string | null) ?? null,
      torScope: (row.tor_scope as string | null) ?? null,
      torObjectives: (row.tor_objectives as string[] | null) ?? null,
      torWorkMethods: (row.tor_work_methods as string[] | null) ?? null,
      torReporting: (row.tor_reporting as string | null) ?? null,
      version: row.version as number,
      createdAt: row.created_at as Date,
      updatedAt: row.updated_at as Date,
    });
  }
}
