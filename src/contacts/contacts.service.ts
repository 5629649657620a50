import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { mayReadEmails } from '../common/http/principal.js';
import { keysetPage, SqlConditions, type SortColumn } from '../common/pagination/keyset-page.js';
import type { Page } from '../common/pagination/page.js';
import { problems, type ProblemError } from '../common/problem/problem.js';
import { escapeLike, PG_UNIQUE_VIOLATION, pgErrorCode, isStillReferenced } from '../database/pg-errors.js';
import { type ContactMembership, type ContactWithMemberships, contactTag } from './contact-view.js';
import { ContactEntity } from './contact.entity.js';
import type { CreateContactDto } from './dto/create-contact.dto.js';
import { ContactSort, type ListContactsQueryDto } from './dto/list-contacts.query.dto.js';
import type { UpdateContactDto } from './dto/update-contact.dto.js';
import { recordChange } from '../changes/change-feed.js';
import { checkVersion, type WriteContext } from '../common/http/write-context.js';
import { ContactDetailDto } from './dto/contact.dto.js';

const SORTS: Record<ContactSort, SortColumn<ContactEntity>> = {
  [ContactSort.Name]: { column: 'c.name', direction: 'ASC', key: (c) => c.name },
  [ContactSort.NameDesc]: { column: 'c.name', direction: 'DESC', key: (c) => c.name },
  [ContactSort.CreatedAt]: {
    column: 'c.created_at',
    direction: 'ASC',
    cast: 'timestamptz',
    key: (c) => c.createdAt.toISOString(),
  },
  [ContactSort.CreatedAtDesc]: {
    column: 'c.created_at',
    direction: 'DESC',
    cast: 'timestamptz',
    key: (c) => c.createdAt.toISOString(),
  },
};

const SELECT_CONTACT = `SELECT c.id, c.name, c.honorific, c.email, c.affiliation, c.version, c.created_at, c.updated_at
  FROM contacts c`;

/**
 * Contacts are personal data: e-mail addresses appear only in responses to the caller (see the
 * DTO), never in log lines or in problems other than the duplicate one, which names no address.
 */
@Injectable()
export class ContactsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListContactsQueryDto): Promise<Page<ContactEntity>> {
    const { limit, cursor, sort = ContactSort.Name, ...filters } = query;
    // Anonymous callers cannot read addresses, so they cannot search them either (no probing for an address).
    const conditions = new SqlConditions().add(filters.q && `%${escapeLike(filters.q)}%`, (p) =>
      mayReadEmails() ? `(c.name ILIKE ${p} OR c.email ILIKE ${p})` : `c.name ILIKE ${p}`,
    );
    if (filters.bodyId !== undefined || filters.role !== undefined) {
      // Body and role must match on the same membership: "a convenor in this body".
      const membership = ['m.contact_id = c.id'];
      if (filters.bodyId !== undefined) membership.push(`m.body_id = ${conditions.bind(filters.bodyId)}::uuid`);
      if (filters.role !== undefined) membership.push(`m.role = ${conditions.bind(filters.role)}`);
      conditions.where(`EXISTS (SELECT 1 FROM memberships m WHERE ${membership.join(' AND ')})`);
    }
    return keysetPage({
      manager: this.dataSource.manager,
      from: SELECT_CONTACT,
      idColumn: 'c.id',
      conditions,
      filters,
      sortName: sort,
      sort: SORTS[sort],
      limit,
      cursor,
      map: (row) => toContact(row),
    });
  }

  /** The ETag a GET of the contact would carry now, from one query; null when there is no such contact. */
  async currentTag(id: string): Promise<string | null> {
    const rows: { version: number; memberships: [string, number, number][] }[] = await this.dataSource.manager.query(
      `SELECT c.version,
              coalesce((SELECT json_agg(json_build_array(m.id, m.version, b.version) ORDER BY ${MEMBERSHIP_ORDER})
                          FROM memberships m JOIN bodies b ON b.id = m.body_id
                         WHERE m.contact_id = c.id), '[]'::json) AS memberships
         FROM contacts c WHERE c.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return contactTag(
      row.version,
      row.memberships.map(([membershipId, version, bodyVersion]) => ({ id: membershipId, version, bodyVersion })),
    );
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<ContactWithMemberships> {
    const contact = await manager.findOneBy(ContactEntity, { id });
    if (!contact) throw problems.notFound('contact', id);
    return Object.assign(contact, { memberships: await membershipsOf(manager, id) });
  }

  async create(input: CreateContactDto, context: WriteContext): Promise<ContactWithMemberships> {
    return this.translateWriteErrors(input.email, () =>
      this.dataSource.transaction(async (manager) => {
        await requireFreeEmail(manager, input.email);
        const entity = manager.create(ContactEntity, {
          name: input.name,
          honorific: input.honorific ?? null,
          email: input.email,
          affiliation: input.affiliation ?? null,
        });
        const saved = await manager.save(ContactEntity, entity);
        return this.recorded(manager, 'contact.created', saved.id, context);
      }),
    );
  }

  async update(id: string, input: UpdateContactDto, context: WriteContext): Promise<ContactWithMemberships> {
    return this.translateWriteErrors(input.email, () =>
      this.dataSource.transaction(async (manager) => {
        const contact = await manager.findOne(ContactEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!contact) throw problems.notFound('contact', id);
        checkVersion('contact', contact.version, context);
        if (input.email !== undefined) {
          if (input.email.toLowerCase() !== contact.email.toLowerCase())
            await requireFreeEmail(manager, input.email, id);
          contact.email = input.email;
        }
        if (input.name !== undefined) contact.name = input.name;
        if (input.honorific !== undefined) contact.honorific = input.honorific;
        if (input.affiliation !== undefined) contact.affiliation = input.affiliation;
        await manager.save(ContactEntity, contact);
        return this.recorded(manager, 'contact.updated', id, context);
      }),
    );
  }

  /** Reads the contact back and appends the change event, in the writing transaction. */
  private async recorded(
    manager: EntityManager,
    type: string,
    id: string,
    context: WriteContext,
  ): Promise<ContactWithMemberships> {
    const contact = await this.get(id, manager);
    await recordChange(manager, {
      type,
      resourceType: 'contact',
      resourceId: id,
      actor: context.actor,
      data: ContactDetailDto.from(contact),
      bodyIds: await contactBodyIds(manager, id),
    });
    return contact;
  }

  async delete(id: string, context: WriteContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const contact = await manager.findOne(ContactEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!contact) throw problems.notFound('contact', id);
      checkVersion('contact', contact.version, context);
      const [uses] = (await manager.query(
        `SELECT (SELECT count(*) FROM memberships WHERE contact_id = $1)::int AS memberships,
                (SELECT count(*) FROM liaison_representatives WHERE contact_id = $1)::int AS liaisons,
                (SELECT count(*) FROM statement_contacts WHERE contact_id = $1)::int AS statements`,
        [id],
      )) as { memberships: number; liaisons: number; statements: number }[];
      if (uses && uses.memberships + uses.liaisons + uses.statements > 0) throw stillReferenced(contact, uses);
      // Read before the delete; a contact that may be deleted is normally linked to no body any more.
      const bodyIds = await contactBodyIds(manager, id);
      try {
        await manager.delete(ContactEntity, { id });
        await recordChange(manager, {
          type: 'contact.deleted',
          resourceType: 'contact',
          resourceId: id,
          actor: context.actor,
          data: { id },
          bodyIds,
        });
      } catch (error) {
        // Backstop: the foreign keys decide should a reference ever slip past the check above.
        if (isStillReferenced(error)) throw stillReferenced(contact);
        throw error;
      }
    });
  }

  /** A concurrent write can slip past the pre-check; the unique index then decides. */
  private async translateWriteErrors<T>(email: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION && email !== undefined) {
        // The driver's error text holds the address: it is dropped here, never logged.
        throw duplicateEmail(await findByEmail(this.dataSource.manager, email));
      }
      throw error;
    }
  }
}

function duplicateEmail(existingId: string | undefined): ProblemError {
  return problems.duplicate('A contact with this e-mail address already exists.', {
    errors: [{ field: 'email', message: 'must be unique (case-insensitive)' }],
    ...(existingId ? { existingId } : {}),
  });
}

function stillReferenced(
  contact: ContactEntity,
  uses?: { memberships: number; liaisons: number; statements: number },
): ProblemError {
  const parts = uses
    ? [
        uses.memberships && `${uses.memberships} roster membership(s)`,
        uses.liaisons && `${uses.liaisons} liaison(s) as representative`,
        uses.statements && `${uses.statements} liaison statement(s) as contact`,
      ].filter(Boolean)
    : ['other records'];
  return problems.inUse(`Contact ${contact.name} is still referenced by ${parts.join(', ')}; remove those first.`, {
    reason: 'referenced',
    ...(uses ?? {}),
  });
}

async function findByEmail(manager: EntityManager, email: string, exceptId?: string): Promise<string | undefined> {
  const rows: { id: string }[] = await manager.query(
    'SELECT id FROM contacts WHERE lower(email) = lower($1) AND ($2::uuid IS NULL OR id <> $2::uuid)',
    [email, exceptId ?? null],
  );
  return rows[0]?.id;
}

async function requireFreeEmail(manager: EntityManager, email: string, exceptId?: string): Promise<void> {
  const existingId = await findByEmail(manager, email, exceptId);
  if (existingId) throw duplicateEmail(existingId);
}

/** The order in which a contact shows its memberships. */
const MEMBERSHIP_ORDER = 'b.designation, m.created_at, m.id';

/**
 * The bodies a contact event concerns (see concerned-bodies.ts), in one query: those whose roster it is on, the
 * committee and partner of the liaisons it represents or is an expert of, and the bodies of the statements naming it
 * as contact.
 */
async function contactBodyIds(manager: EntityManager, contactId: string): Promise<string[]> {
  const rows: { body_id: string }[] = await manager.query(
    `SELECT body_id FROM memberships WHERE contact_id = $1
     UNION SELECT unnest(ARRAY[l.committee_id, l.partner_id]) FROM liaisons l
      WHERE l.id IN (SELECT liaison_id FROM liaison_representatives WHERE contact_id = $1
                     UNION SELECT liaison_id FROM liaison_experts WHERE contact_id = $1)
     UNION SELECT s.from_body_id FROM statements s JOIN statement_contacts sc ON sc.statement_id = s.id
      WHERE sc.contact_id = $1
     UNION SELECT r.body_id FROM statement_recipients r JOIN statement_contacts sc ON sc.statement_id = r.statement_id
      WHERE sc.contact_id = $1`,
    [contactId],
  );
  return rows.map((row) => row.body_id);
}

/** Every membership of a contact with its body, in one query. */
async function membershipsOf(manager: EntityManager, contactId: string): Promise<ContactMembership[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT m.id, m.body_id, m.role, m.since, m.until, m.note, m.version, b.designation, b.name,
            b.version AS body_version
     FROM memberships m JOIN bodies b ON b.id = m.body_id
     WHERE m.contact_id = $1 ORDER BY ${MEMBERSHIP_ORDER}`,
    [contactId],
  );
  return rows.map((row) => ({
    id: row.id as string,
    bodyId: row.body_id as string,
    body: { id: row.body_id as string, designation: row.designation as string, name: row.name as string },
    role: row.role as ContactMembership['role'],
    since: (row.since as string | null) ?? null,
    until: (row.until as string | null) ?? null,
    note: (row.note as string | null) ?? null,
    version: row.version as number,
    bodyVersion: row.body_version as number,
  }));
}

function toContact(row: Record<string, unknown>): ContactEntity {
  return Object.assign(new ContactEntity(), {
    id: row.id as string,
    name: row.name as string,
    honorific: (row.honorific as string | null) ?? null,
    email: row.email as string,
    affiliation: (row.affiliation as string | null) ?? null,
    version: row.version as number,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  });
}
