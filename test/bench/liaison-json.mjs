/**
 * The liaison representation (`LiaisonDto`) without Nest or TypeORM: one SQL statement that reads a liaison with
 * its bodies and its three lists, and the mapping of its row to the JSON the API answers. Shared by the baseline
 * server and the data generator (which stores the same JSON in liaison change events).
 *
 * The warnings, the allowed actions and the cursor format are the application's own pure functions, imported
 * from the build: they hold no framework code, and reimplementing them would only test the copy.
 */
import pg from 'pg';
import { allowedActions } from '../../dist/src/liaisons/lifecycle.js';
import { isoDay, liaisonWarnings } from '../../dist/src/liaisons/liaison-rules.js';

// As the application does (src/database/data-source-options.ts): DATE columns stay 'YYYY-MM-DD' strings.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** A liaison row with its committee, partner and lists, in the order the application shows them. */
export const LIAISON_SELECT = `SELECT l.id, l.committee_id, l.partner_id, l.category, l.status, l.rationale, l.objectives,
    l.proposed_by_body_id, l.proposed_on, l.approved_on, l.established_on, l.last_reviewed_on, l.next_review_due,
    l.eligibility_passed, l.ballot_open, l.version, l.created_at, l.updated_at,
    c.designation AS c_designation, c.name AS c_name, c.kind AS c_kind, c.version AS c_version,
    p.designation AS p_designation, p.name AS p_name, p.kind AS p_kind, p.version AS p_version,
    ARRAY(SELECT r.contact_id::text FROM liaison_representatives r WHERE r.liaison_id = l.id
           ORDER BY r.position, r.contact_id) AS representative_ids,
    ARRAY(SELECT w.work_item_id::text FROM liaison_work_items w WHERE w.liaison_id = l.id
           ORDER BY w.position, w.work_item_id) AS work_item_ids,
    (SELECT coalesce(json_agg(json_build_object('contactId', x.contact_id, 'nominatedOn', x.nominated_on,
              'note', x.note) ORDER BY x.contact_id), '[]')
       FROM liaison_experts x WHERE x.liaison_id = l.id) AS experts
  FROM liaisons l
  JOIN bodies c ON c.id = l.committee_id
  JOIN bodies p ON p.id = l.partner_id`;

/** The API's "today" (UTC), on which the review warnings depend. */
export function today() {
  return isoDay(new Date());
}

/** `LiaisonDto.from` of a {@link LIAISON_SELECT} row, same keys in the same order. */
export function liaisonJson(row, day = today()) {
  const committee = { id: row.committee_id, designation: row.c_designation, name: row.c_name, kind: row.c_kind };
  const partner = { id: row.partner_id, designation: row.p_designation, name: row.p_name, kind: row.p_kind };
  const facts = {
    category: row.category,
    status: row.status,
    approvedOn: row.approved_on,
    establishedOn: row.established_on,
    lastReviewedOn: row.last_reviewed_on,
    nextReviewDue: row.next_review_due,
    committee,
    partner,
  };
  return {
    id: row.id,
    committeeId: row.committee_id,
    committee,
    partnerId: row.partner_id,
    partner,
    category: row.category,
    status: row.status,
    rationale: row.rationale,
    objectives: row.objectives ?? [],
    proposedByBodyId: row.proposed_by_body_id,
    proposedOn: row.proposed_on,
    approvedOn: row.approved_on,
    establishedOn: row.established_on,
    lastReviewedOn: row.last_reviewed_on,
    nextReviewDue: row.next_review_due,
    representativeIds: row.representative_ids,
    workItemIds: row.work_item_ids,
    warnings: liaisonWarnings(facts, day).map((w) => ({ code: w.code, message: w.message })),
    allowedActions: allowedActions(row.category, row.status, {
      eligibilityPassed: row.eligibility_passed ?? undefined,
      ballotOpen: row.ballot_open === true,
    }),
    experts: row.experts,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
