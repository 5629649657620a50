/**
 * Loads the seed registry. Idempotent: every seeded record has a deterministic id (seed-ids.ts) and is matched on it
 * first, then on its natural key for databases seeded before the ids were deterministic (bodies by designation,
 * contacts by e-mail, work items by body + reference, liaisons by committee + partner + category whatever their
 * status, statements by sender + reference); memberships are matched by body + person + role. Only missing records
 * are inserted, with their links; records that users have moved on since (a rejected proposal, a statement given
 * its LS number, a renamed body) are left as they are and never recreated. One transaction.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { LiaisonRecordAction } from '../liaisons/liaison-history.js';
import { seedId } from './seed-ids.js';
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

/** One row's id, or undefined when the query returned none. */
type Found = string | undefined;

class Seeder {
  private readonly bodyIds = new Map<string, string>();

  constructor(private readonly manager: EntityManager) {}

  private async firstId(sql: string, params: unknown[]): Promise<Found> {
    const rows: { id: string }[] = await this.manager.query(sql, params);
    return rows[0]?.id;
  }

  /** The seeded body of `designation`: by its seed id, else by designation (a body seeded before seed ids). */
  private async findBody(designation: string): Promise<Found> {
    const cached = this.bodyIds.get(designation);
    if (cached) return cached;
    const id = await this.firstId(
      `SELECT id FROM bodies WHERE id = $1 OR lower(designation) = lower($2) ORDER BY id = $1 DESC LIMIT 1`,
      [seedId('body', designation), designation],
    );
    if (id) this.bodyIds.set(designation, id);
    return id;
  }

  private async bodyId(designation: string): Promise<string> {
    const id = await this.findBody(designation);
    if (!id) throw new Error(`seed: body ${designation} is missing`);
    return id;
  }

  private findContact(email: string): Promise<Found> {
    return this.firstId(
      `SELECT id FROM contacts WHERE id = $1 OR lower(email) = lower($2) ORDER BY id = $1 DESC LIMIT 1`,
      [seedId('contact', email), email],
    );
  }

  private async findWorkItem(body: string, reference: string): Promise<Found> {
    return this.firstId(
      `SELECT id FROM work_items WHERE id = $1 OR (body_id = $2 AND lower(reference) = lower($3))
       ORDER BY id = $1 DESC LIMIT 1`,
      [seedId('workItem', body, reference), await this.bodyId(body), reference],
    );
  }

  /**
   * The seeded liaison, whatever has become of it since: by its seed id, else the oldest with the same committee,
   * partner and category. Status does not matter, so a seeded proposal that was rejected or withdrawn is still
   * found and not proposed again.
   */
  private async findLiaison(committee: string, partner: string, category: string): Promise<Found> {
    return this.firstId(
      `SELECT id FROM liaisons WHERE id = $1 OR (committee_id = $2 AND partner_id = $3 AND category = $4)
       ORDER BY id = $1 DESC, created_at, id LIMIT 1`,
      [
        seedId('liaison', committee, partner, category),
        await this.bodyId(committee),
        await this.bodyId(partner),
        category,
      ],
    );
  }

  private async findStatement(from: string, references: readonly string[]): Promise<Found> {
    return this.firstId(
      `SELECT id FROM statements
        WHERE id = $1 OR (from_body_id = $2 AND lower(reference) = ANY (SELECT lower(r) FROM unnest($3::text[]) r))
        ORDER BY id = $1 DESC LIMIT 1`,
      [seedId('statement', from, references[0]!), await this.bodyId(from), references],
    );
  }

  async bodies(): Promise<number> {
    let inserted = 0;
    for (const body of SEED_BODIES) {
      if (await this.findBody(body.designation)) continue;
      const terms = body.termsOfReference;
      const id = seedId('body', body.designation);
      await this.manager.query(
        `INSERT INTO bodies (id, designation, name, kind, parent_id, status, website, mailing_list,
                             tor_scope, tor_objectives, tor_work_methods, tor_reporting)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          id,
          body.designation,
          body.name,
          body.kind,
          body.parent === undefined ? null : await this.bodyId(body.parent),
          body.status,
          body.website ?? null,
          body.mailingList ?? null,
          terms?.scope ?? null,
          terms ? JSON.stringify(terms.objectives) : null,
          terms ? JSON.stringify(terms.workMethods) : null,
          terms?.reporting ?? null,
        ],
      );
      this.bodyIds.set(body.designation, id);
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
      let contactId = await this.findContact(contact.email);
      if (!contactId) {
        contactId = seedId('contact', contact.email);
        await this.manager.query(
          'INSERT INTO contacts (id, name, honorific, email, affiliation) VALUES ($1, $2, $3, $4, $5)',
          [contactId, contact.name, contact.honorific ?? null, contact.email, contact.affiliation ?? null],
        );
        contacts += 1;
      }
      for (const membership of contact.memberships) {
        const id = await this.firstId(
          `INSERT INTO memberships (body_id, contact_id, role)
           SELECT $1, $2, $3
            WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.body_id = $1 AND m.contact_id = $2 AND m.role = $3)
           RETURNING id`,
          [await this.bodyId(membership.body), contactId, membership.role],
        );
        if (id) memberships += 1;
      }
    }
    return { contacts, memberships };
  }

  async workItems(): Promise<number> {
    let inserted = 0;
    for (const item of SEED_WORK_ITEMS) {
      if (await this.findWorkItem(item.body, item.reference)) continue;
      const id = seedId('workItem', item.body, item.reference);
      await this.manager.query(
        `INSERT INTO work_items (id, body_id, reference, title, deliverable_type, stage, status_text, started_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          id,
          await this.bodyId(item.body),
          item.reference,
          item.title,
          item.deliverableType,
          item.stage,
          item.statusText,
          item.startedOn ?? null,
        ],
      );
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
      const existing = await this.findLiaison(liaison.committee, liaison.partner, liaison.category);
      const id = existing ?? seedId('liaison', liaison.committee, liaison.partner, liaison.category);
      if (!existing) {
        await this.manager.query(
          `INSERT INTO liaisons (id, committee_id, partner_id, category, status, rationale, objectives,
                                 proposed_by_body_id, proposed_on)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            id,
            await this.bodyId(liaison.committee),
            await this.bodyId(liaison.partner),
            liaison.category,
            liaison.status,
            liaison.rationale,
            JSON.stringify(liaison.objectives),
            await this.bodyId(liaison.proposedBy),
            liaison.proposedOn ?? null,
          ],
        );
        inserted += 1;
        for (const [position, reference] of liaison.workItems.entries()) {
          const workItemId = await this.findWorkItem(liaison.partner, reference);
          if (!workItemId) throw new Error(`seed: work item ${reference} is missing`);
          await this.manager.query(
            'INSERT INTO liaison_work_items (liaison_id, work_item_id, position) VALUES ($1, $2, $3)',
            [id, workItemId, position + 1],
          );
        }
      }
      // Like a liaison created through the API, a seeded one starts its history with a `create` entry. One seeded
      // before the loader wrote history gets it now, recorded when the record was created; it takes effect on the
      // day of the proposal (as an API create does).
      await this.manager.query(
        `INSERT INTO liaison_history
           (liaison_id, action, from_status, to_status, reason, actor, occurred_at, effective_on)
         SELECT l.id, $2, NULL, $3, $4, 'seed', l.created_at,
                coalesce(l.proposed_on, (l.created_at AT TIME ZONE 'UTC')::date) FROM liaisons l
          WHERE l.id = $1 AND NOT EXISTS (SELECT 1 FROM liaison_history h WHERE h.liaison_id = l.id)`,
        [id, LiaisonRecordAction.Create, liaison.status, `Seed registry, from ${liaison.source}.`],
      );
    }
    return inserted;
  }

  async statements(): Promise<number> {
    let inserted = 0;
    for (const statement of SEED_STATEMENTS) {
      const references = [statement.reference, ...(statement.formerReferences ?? [])];
      if (await this.findStatement(statement.from, references)) continue;
      const id = seedId('statement', statement.from, statement.reference);
      await this.manager.query(
        `INSERT INTO statements (id, reference, title, from_body_id, purpose, deadline, approval_level, approved_on,
                                 summary, body_text, document_references)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          id,
          statement.reference,
          statement.title,
          await this.bodyId(statement.from),
          statement.purpose,
          statement.deadline,
          statement.approvalLevel,
          statement.approvedOn,
          statement.summary,
          statement.text,
          JSON.stringify(statement.documentReferences),
        ],
      );
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
      for (const [committee, partner, category] of statement.liaisons) {
        const liaisonId = await this.findLiaison(committee, partner, category);
        if (!liaisonId) throw new Error(`seed: liaison ${committee} - ${partner} is missing`);
        await this.manager.query('INSERT INTO statement_liaisons (statement_id, liaison_id) VALUES ($1, $2)', [
          id,
          liaisonId,
        ]);
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
