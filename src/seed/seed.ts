/**
 * Loads the seed registry. Idempotent: every record is matched on its natural key (bodies by
 * designation, contacts by e-mail, memberships by body + person + role, work items by body + reference,
 * live liaisons by committee + partner + category, statements by sender + reference) and only missing
 * records are inserted; the links of a record are written with the record. One transaction.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { SEED_BODIES, SEED_CONTACTS, SEED_LIAISONS, SEED_STATEMENTS, SEED_WORK_ITEMS } from './seed-data.js';

export interface SeedReport {
  bodiesInserted: number;
  contactsInserted: number;
  membershipsInserted: number;
  workItemsInserted: number;
  liaisonsInserted: number;
  statementsInserted: number;
}

/** True when the registry holds no bodies at all (a fresh install). */
export async function registryIsEmpty(dataSource: DataSource): Promise<boolean> {
  const rows: { empty: boolean }[] = await dataSource.query('SELECT NOT EXISTS (SELECT 1 FROM bodies) AS empty');
  return rows[0]?.empty === true;
}

class Seeder {
  private readonly bodyIds = new Map<string, string>();

  constructor(private readonly manager: EntityManager) {}

  private async insertedId(sql: string, params: unknown[]): Promise<string | undefined> {
    const rows: { id: string }[] = await this.manager.query(sql, params);
    return rows[0]?.id;
  }

  private async bodyId(designation: string): Promise<string> {
    const cached = this.bodyIds.get(designation);
    if (cached) return cached;
    const rows: { id: string }[] = await this.manager.query(
      'SELECT id FROM bodies WHERE lower(designation) = lower($1)',
      [designation],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error(`seed: body ${designation} is missing`);
    this.bodyIds.set(designation, id);
    return id;
  }

  async bodies(): Promise<number> {
    let inserted = 0;
    for (const body of SEED_BODIES) {
      const terms = body.termsOfReference;
      const id = await this.insertedId(
        `INSERT INTO bodies (designation, name, kind, parent_id, status, website, mailing_list,
                             tor_scope, tor_objectives, tor_work_methods, tor_reporting)
         SELECT $1, $2, $3, (SELECT id FROM bodies WHERE lower(designation) = lower($4)), $5, $6, $7, $8, $9, $10, $11
         WHERE NOT EXISTS (SELECT 1 FROM bodies WHERE lower(designation) = lower($1))
         RETURNING id`,
        [
          body.designation,
          body.name,
          body.kind,
          body.parent ?? null,
          body.status,
          body.website ?? null,
          body.mailingList ?? null,
          terms?.scope ?? null,
          terms ? JSON.stringify(terms.objectives) : null,
          terms ? JSON.stringify(terms.workMethods) : null,
          terms?.reporting ?? null,
        ],
      );
      if (!id) continue;
      inserted += 1;
      for (const [position, designation] of (terms?.associated ?? []).entries()) {
        await this.manager.query(
          'INSERT INTO body_associations (body_id, associated_body_id, position) VALUES ($1, $2, $3)',
          [id, await this.bodyId(designation), position + 1],
        );
      }
    }
    return inserted;
  }

  async contacts(): Promise<{ contacts: number; memberships: number }> {
    let contacts = 0;
    let memberships = 0;
    for (const contact of SEED_CONTACTS) {
      const created = await this.insertedId(
        `INSERT INTO contacts (name, honorific, email, affiliation)
         SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM contacts WHERE lower(email) = lower($3))
         RETURNING id`,
        [contact.name, contact.honorific ?? null, contact.email, contact.affiliation ?? null],
      );
      if (created) contacts += 1;
      for (const membership of contact.memberships) {
        const id = await this.insertedId(
          `INSERT INTO memberships (body_id, contact_id, role)
           SELECT $1, c.id, $3 FROM contacts c WHERE lower(c.email) = lower($2)
             AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.body_id = $1 AND m.contact_id = c.id AND m.role = $3)
           RETURNING id`,
          [await this.bodyId(membership.body), contact.email, membership.role],
        );
        if (id) memberships += 1;
      }
    }
    return { contacts, memberships };
  }

  async workItems(): Promise<number> {
    let inserted = 0;
    for (const item of SEED_WORK_ITEMS) {
      const bodyId = await this.bodyId(item.body);
      const id = await this.insertedId(
        `INSERT INTO work_items (body_id, reference, title, deliverable_type, stage, status_text, started_on)
         SELECT $1, $2, $3, $4, $5, $6, $7
         WHERE NOT EXISTS (SELECT 1 FROM work_items WHERE body_id = $1 AND lower(reference) = lower($2))
         RETURNING id`,
        [bodyId, item.reference, item.title, item.deliverableType, item.stage, item.statusText, item.startedOn ?? null],
      );
      if (!id) continue;
      inserted += 1;
      await this.manager.query(
        `INSERT INTO work_item_history (work_item_id, stage, status_text, actor) VALUES ($1, $2, $3, 'seed')`,
        [id, item.stage, item.statusText],
      );
    }
    return inserted;
  }

  async liaisons(): Promise<number> {
    let inserted = 0;
    for (const liaison of SEED_LIAISONS) {
      const committeeId = await this.bodyId(liaison.committee);
      const partnerId = await this.bodyId(liaison.partner);
      const id = await this.insertedId(
        `INSERT INTO liaisons (committee_id, partner_id, category, status, rationale, objectives, proposed_by_body_id, proposed_on)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8
         WHERE NOT EXISTS (SELECT 1 FROM liaisons WHERE committee_id = $1 AND partner_id = $2 AND category = $3
                             AND status NOT IN ('withdrawn', 'rejected'))
         RETURNING id`,
        [
          committeeId,
          partnerId,
          liaison.category,
          liaison.status,
          liaison.rationale,
          JSON.stringify(liaison.objectives),
          await this.bodyId(liaison.proposedBy),
          liaison.proposedOn ?? null,
        ],
      );
      if (!id) continue;
      inserted += 1;
      const partnerBodyId = partnerId;
      for (const [position, reference] of liaison.workItems.entries()) {
        await this.manager.query(
          `INSERT INTO liaison_work_items (liaison_id, work_item_id, position)
           SELECT $1, w.id, $3 FROM work_items w WHERE w.body_id = $4 AND lower(w.reference) = lower($2)`,
          [id, reference, position + 1, partnerBodyId],
        );
      }
    }
    return inserted;
  }

  async statements(): Promise<number> {
    let inserted = 0;
    for (const statement of SEED_STATEMENTS) {
      const fromId = await this.bodyId(statement.from);
      const id = await this.insertedId(
        `INSERT INTO statements (reference, title, from_body_id, purpose, deadline, approval_level, approved_on,
                                 summary, body_text, document_references)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10
         WHERE NOT EXISTS (SELECT 1 FROM statements WHERE from_body_id = $3 AND lower(reference) = lower($1))
         RETURNING id`,
        [
          statement.reference,
          statement.title,
          fromId,
          statement.purpose,
          statement.deadline,
          statement.approvalLevel,
          statement.approvedOn,
          statement.summary,
          statement.text,
          JSON.stringify(statement.documentReferences),
        ],
      );
      if (!id) continue;
      inserted += 1;
      const recipients = [
        ...statement.to.map((designation) => ({ designation, kind: 'to' })),
        ...statement.cc.map((designation) => ({ designation, kind: 'cc' })),
      ];
      for (const [position, recipient] of recipients.entries()) {
        await this.manager.query(
          'INSERT INTO statement_recipients (statement_id, body_id, kind, position) VALUES ($1, $2, $3, $4)',
          [id, await this.bodyId(recipient.designation), recipient.kind, position + 1],
        );
      }
      for (const [committee, partner] of statement.liaisons) {
        await this.manager.query(
          `INSERT INTO statement_liaisons (statement_id, liaison_id)
           SELECT $1, l.id FROM liaisons l WHERE l.committee_id = $2 AND l.partner_id = $3
              AND l.status NOT IN ('withdrawn', 'rejected')
           ON CONFLICT DO NOTHING`,
          [id, await this.bodyId(committee), await this.bodyId(partner)],
        );
      }
    }
    return inserted;
  }
}

export async function loadSeed(dataSource: DataSource): Promise<SeedReport> {
  return dataSource.transaction(async (manager) => {
    // Two instances seeding one empty database at once must not both insert.
    await manager.query('SELECT pg_advisory_xact_lock(7340002)');
    const seeder = new Seeder(manager);
    const bodiesInserted = await seeder.bodies();
    const { contacts, memberships } = await seeder.contacts();
    const workItemsInserted = await seeder.workItems();
    const liaisonsInserted = await seeder.liaisons();
    const statementsInserted = await seeder.statements();
    return {
      bodiesInserted,
      contactsInserted: contacts,
      membershipsInserted: memberships,
      workItemsInserted,
      liaisonsInserted,
      statementsInserted,
    };
  });
}

export function describeSeedReport(report: SeedReport): string {
  return (
    `${report.bodiesInserted} bodies, ${report.contactsInserted} contacts, ${report.membershipsInserted} memberships, ` +
    `${report.workItemsInserted} work items, ${report.liaisonsInserted} liaisons, ${report.statementsInserted} statements inserted`
  );
}
