import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { keysetPage, SqlConditions, type SortColumn } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import { problems, type ProblemError } from '../common/problem/problem.js';
import {
  PG_CHECK_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgConstraint,
  pgErrorCode,
} from '../database/pg-errors.js';
import type { RosterEntry } from './contact-view.js';
import {
  RosterSort,
  type AddRosterMemberDto,
  type ListRosterQueryDto,
  type UpdateRosterMemberDto,
} from './dto/roster-input.dto.js';
import { isCurrentMembership, membershipPeriodViolation, type MembershipPeriod } from './membership-rules.js';
import { MembershipEntity } from './membership.entity.js';
import type { RosterRole } from './roster-role.js';
import { recordChange } from '../changes/change-feed.js';
import { concernedBodies } from '../changes/concerned-bodies.js';
import { checkVersion, type WriteContext } from '../common/http/write-context.js';
import { RosterEntryDto } from './dto/roster.dto.js';

const SORTS: Record<RosterSort, SortColumn<RosterEntry>> = {
  [RosterSort.CreatedAt]: {
    column: 'm.created_at',
    direction: 'ASC',
    cast: 'timestamptz',
    key: (m) => m.createdAt.toISOString(),
  },
  [RosterSort.CreatedAtDesc]: {
    column: 'm.created_at',
    direction: 'DESC',
    cast: 'timestamptz',
    key: (m) => m.createdAt.toISOString(),
  },
};

/** The holder of the role comes with every row: one join, no second query. */
const SELECT_ENTRY = `SELECT m.id, m.body_id, m.contact_id, m.role, m.since, m.until, m.note, m.version,
  m.created_at, m.updated_at, c.name AS contact_name, c.honorific AS contact_honorific,
  c.email AS contact_email, c.affiliation AS contact_affiliation
  FROM memberships m JOIN contacts c ON c.id = m.contact_id`;

interface RoleHolding {
  bodyId: string;
  contactId: string;
  role: RosterRole;
}

/** Rosters: who holds which role in a body. A membership is only reachable through its own body. */
@Injectable()
export class RosterService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(bodyId: string, query: ListRosterQueryDto): Promise<Page<RosterEntry>> {
    const manager = this.dataSource.manager;
    await requireBody(manager, bodyId);
    const { limit, cursor, sort = RosterSort.CreatedAt, ...filters } = query;
    const conditions = new SqlConditions()
      .add(bodyId, (p) => `m.body_id = ${p}::uuid`)
      .add(filters.role, (p) => `m.role = ${p}`);
    if (filters.current !== undefined) conditions.where(filters.current ? 'm.until IS NULL' : 'm.until IS NOT NULL');
    return keysetPage({
      manager,
      from: SELECT_ENTRY,
      idColumn: 'm.id',
      conditions,
      // The body is part of the query: a cursor of one roster is not valid for another.
      filters: { bodyId, ...filters },
      sortName: sort,
      sort: SORTS[sort],
      limit,
      cursor,
      map: (row) => toEntry(row),
    });
  }

  async get(
    bodyId: string,
    membershipId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RosterEntry> {
    await requireBody(manager, bodyId);
    const rows: Record<string, unknown>[] = await manager.query(`${SELECT_ENTRY} WHERE m.id = $1 AND m.body_id = $2`, [
      membershipId,
      bodyId,
    ]);
    const row = rows[0];
    if (!row) throw membershipNotFound(membershipId);
    return toEntry(row);
  }

  async add(bodyId: string, input: AddRosterMemberDto, context: WriteContext): Promise<RosterEntry> {
    const period = { since: input.since ?? null, until: input.until ?? null };
    assertPeriod(period);
    const holding = { bodyId, contactId: input.contactId, role: input.role };
    return this.translateWriteErrors(holding, () =>
      this.dataSource.transaction(async (manager) => {
        await requireBody(manager, bodyId);
        const contact: unknown[] = await manager.query('SELECT 1 FROM contacts WHERE id = $1', [input.contactId]);
        if (contact.length === 0) {
          throw problems.unknownReference('contactId', `No contact with id ${input.contactId} exists.`);
        }
        if (isCurrentMembership(period)) await requireRoleFree(manager, holding);
        const entity = manager.create(MembershipEntity, { ...holding, ...period, note: input.note ?? null });
        const saved = await manager.save(MembershipEntity, entity);
        return this.recorded(manager, 'membership.created', bodyId, saved.id, context);
      }),
    );
  }

  async update(
    bodyId: string,
    membershipId: string,
    input: UpdateRosterMemberDto,
    context: WriteContext,
  ): Promise<RosterEntry> {
    const holding: Partial<RoleHolding> = { bodyId };
    return this.translateWriteErrors(holding, () =>
      this.dataSource.transaction(async (manager) => {
        await requireBody(manager, bodyId);
        const membership = await manager.findOne(MembershipEntity, {
          where: { id: membershipId, bodyId },
          lock: { mode: 'pessimistic_write' },
        });
        if (!membership) throw membershipNotFound(membershipId);
        checkVersion('membership', membership.version, context);
        const wasCurrent = isCurrentMembership(membership);
        const previousRole = membership.role;
        if (input.role !== undefined) membership.role = input.role;
        if (input.since !== undefined) membership.since = input.since;
        if (input.until !== undefined) membership.until = input.until;
        if (input.note !== undefined) membership.note = input.note;
        assertPeriod(membership);
        Object.assign(holding, { contactId: membership.contactId, role: membership.role });
        // Re-opening an ended role, or moving a current one to another role, may collide with a current holding.
        if (isCurrentMembership(membership) && (!wasCurrent || membership.role !== previousRole)) {
          await requireRoleFree(
            manager,
            { bodyId, contactId: membership.contactId, role: membership.role },
            membershipId,
          );
        }
        await manager.save(MembershipEntity, membership);
        return this.recorded(manager, 'membership.updated', bodyId, membershipId, context);
      }),
    );
  }

  async remove(bodyId: string, membershipId: string, context: WriteContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await requireBody(manager, bodyId);
      const membership = await manager.findOne(MembershipEntity, {
        where: { id: membershipId, bodyId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!membership) throw membershipNotFound(membershipId);
      checkVersion('membership', membership.version, context);
      await manager.delete(MembershipEntity, { id: membershipId, bodyId });
      await recordChange(manager, {
        type: 'membership.deleted',
        resourceType: 'membership',
        resourceId: membershipId,
        actor: context.actor,
        data: { id: membershipId, bodyId },
        bodyIds: concernedBodies.membership({ bodyId }),
      });
    });
  }

  /** Reads the roster entry back and appends the change event, in the writing transaction. */
  private async recorded(
    manager: EntityManager,
    type: string,
    bodyId: string,
    membershipId: string,
    context: WriteContext,
  ): Promise<RosterEntry> {
    const entry = await this.get(bodyId, membershipId, manager);
    await recordChange(manager, {
      type,
      resourceType: 'membership',
      resourceId: membershipId,
      actor: context.actor,
      data: RosterEntryDto.from(entry),
      bodyIds: concernedBodies.membership(entry),
    });
    return entry;
  }

  /** Concurrent writes can slip past the pre-checks; the constraints then decide. */
  private async translateWriteErrors<T>(holding: Partial<RoleHolding>, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const code = pgErrorCode(error);
      if (code === PG_UNIQUE_VIOLATION) {
        const complete = holding.bodyId && holding.contactId && holding.role;
        const existingId = complete
          ? await findCurrentHolding(this.dataSource.manager, holding as RoleHolding)
          : undefined;
        throw roleTaken(holding.role, existingId);
      }
      if (code === PG_FOREIGN_KEY_VIOLATION) {
        if (pgConstraint(error) === 'memberships_contact_id_fkey') {
          throw problems.unknownReference('contactId', 'The contact no longer exists.');
        }
        throw problems.notFound('body', holding.bodyId ?? 'unknown');
      }
      if (code === PG_CHECK_VIOLATION) throw problems.ruleViolation('until', 'until must not be before since');
      throw error;
    }
  }
}

function assertPeriod(period: MembershipPeriod): void {
  const violation = membershipPeriodViolation(period);
  if (violation) throw problems.ruleViolation('until', `${violation}.`);
}

function membershipNotFound(membershipId: string): ProblemError {
  return problems.notFound('membership in this roster', membershipId);
}

function roleTaken(role: RosterRole | undefined, existingId: string | undefined): ProblemError {
  return problems.duplicate(
    `This person already holds the role${role ? ` ${role}` : ''} in this body; end that membership (set until) first.`,
    {
      errors: [{ field: 'role', message: 'the person already holds this role in the body' }],
      ...(existingId ? { existingId } : {}),
    },
  );
}

async function requireBody(manager: EntityManager, bodyId: string): Promise<void> {
  const rows: unknown[] = await manager.query('SELECT 1 FROM bodies WHERE id = $1', [bodyId]);
  if (rows.length === 0) throw problems.notFound('body', bodyId);
}

async function findCurrentHolding(
  manager: EntityManager,
  holding: RoleHolding,
  exceptId?: string,
): Promise<string | undefined> {
  const rows: { id: string }[] = await manager.query(
    `SELECT id FROM memberships WHERE body_id = $1 AND contact_id = $2 AND role = $3 AND until IS NULL
       AND ($4::uuid IS NULL OR id <> $4::uuid)`,
    [holding.bodyId, holding.contactId, holding.role, exceptId ?? null],
  );
  return rows[0]?.id;
}

async function requireRoleFree(manager: EntityManager, holding: RoleHolding, exceptId?: string): Promise<void> {
  const existingId = await findCurrentHolding(manager, holding, exceptId);
  if (existingId) throw roleTaken(holding.role, existingId);
}

function toEntry(row: Record<string, unknown>): RosterEntry {
  const membership = Object.assign(new MembershipEntity(), {
    id: row.id as string,
    bodyId: row.body_id as string,
    contactId: row.contact_id as string,
    role: row.role as RosterRole,
    since: (row.since as string | null) ?? null,
    until: (row.until as string | null) ?? null,
    note: (row.note as string | null) ?? null,
    version: row.version as number,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  });
  return Object.assign(membership, {
    contact: {
      id: row.contact_id as string,
      name: row.contact_name as string,
      honorific: (row.contact_honorific as string | null) ?? null,
      email: row.contact_email as string,
      affiliation: (row.contact_affiliation as string | null) ?? null,
    },
  });
}
