import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Designations and references are indexed as written and with `/`, `-` and `.` as word breaks, so that
 * "SC 42" finds "ISO/IEC JTC 1/SC 42" and "103910" finds "DTR/MTS 103910".
 *
 * The registry beyond bodies: terms of reference of groups, liaisons, work items with history,
 * contacts and rosters, liaison statements, and full-text search vectors.
 */
export class CreateRegistry1763800100000 implements MigrationInterface {
  name = 'CreateRegistry1763800100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);

    // Terms of reference of correspondence / focus groups (null for other bodies).
    await q(`ALTER TABLE bodies
      ADD COLUMN tor_scope text NULL,
      ADD COLUMN tor_objectives jsonb NULL,
      ADD COLUMN tor_work_methods jsonb NULL,
      ADD COLUMN tor_reporting text NULL`);
    await q(`CREATE TABLE body_associations (
      body_id uuid NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
      associated_body_id uuid NOT NULL REFERENCES bodies (id) ON DELETE RESTRICT,
      position integer NOT NULL DEFAULT 0,
      PRIMARY KEY (body_id, associated_body_id),
      CHECK (body_id <> associated_body_id)
    )`);
    await q(`CREATE INDEX body_associations_associated_idx ON body_associations (associated_body_id)`);
    await q(`ALTER TABLE bodies ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('simple', coalesce(designation || ' ' || translate(designation, '/-.', '   '), '')), 'A') ||
      setweight(to_tsvector('english', coalesce(name, '')), 'A') ||
      setweight(to_tsvector('english', coalesce(tor_scope, '')), 'C')) STORED`);
    await q(`CREATE INDEX bodies_search_idx ON bodies USING gin (search)`);

    await q(`CREATE TABLE contacts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      honorific text NULL,
      email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
      affiliation text NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(name, ''))) STORED
    )`);
    await q(`CREATE UNIQUE INDEX contacts_email_key ON contacts (lower(email))`);
    await q(`CREATE INDEX contacts_name_sort_idx ON contacts (name, id)`);
    await q(`CREATE INDEX contacts_created_sort_idx ON contacts (created_at, id)`);
    await q(`CREATE INDEX contacts_search_idx ON contacts USING gin (search)`);

    await q(`CREATE TABLE memberships (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      body_id uuid NOT NULL REFERENCES bodies (id) ON DELETE RESTRICT,
      contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
      role text NOT NULL CHECK (role IN ('chair', 'vice_chair', 'convenor', 'co_convenor', 'secretary',
        'committee_manager', 'technical_officer', 'project_officer', 'technical_programme_manager', 'delegate',
        'liaison_representative', 'rapporteur', 'editor')),
      since date NULL,
      until date NULL,
      note text NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      CHECK (until IS NULL OR since IS NULL OR until >= since)
    )`);
    // One current holding of a role per person and body; ended ones (until set) are history.
    await q(
      `CREATE UNIQUE INDEX memberships_current_key ON memberships (body_id, contact_id, role) WHERE until IS NULL`,
    );
    await q(`CREATE INDEX memberships_body_idx ON memberships (body_id, created_at, id)`);
    await q(`CREATE INDEX memberships_contact_idx ON memberships (contact_id)`);

    await q(`CREATE TABLE work_items (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      body_id uuid NOT NULL REFERENCES bodies (id) ON DELETE RESTRICT,
      reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
      deliverable_type text NOT NULL CHECK (deliverable_type IN ('etsi_tr', 'etsi_ts', 'etsi_en', 'etsi_es',
        'etsi_eg', 'etsi_sr', 'iso_iec_is', 'iso_iec_ts', 'iso_iec_tr', 'iso_iec_pas', 'itu_t_recommendation',
        'itu_t_supplement', 'itu_t_technical_paper', 'itu_t_technical_report', 'other')),
      stage text NOT NULL CHECK (stage IN ('proposed', 'preliminary', 'early_draft', 'stable_draft', 'approval',
        'published', 'withdrawn', 'stopped')),
      status_text text NULL,
      started_on date NULL,
      target_date date NULL,
      published_on date NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(reference || ' ' || translate(reference, '/-.', '   '), '')), 'A') ||
        setweight(to_tsvector('english', coalesce(title, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(status_text, '')), 'D')) STORED
    )`);
    await q(`CREATE UNIQUE INDEX work_items_reference_key ON work_items (body_id, lower(reference))`);
    await q(`CREATE INDEX work_items_reference_sort_idx ON work_items (reference, id)`);
    await q(`CREATE INDEX work_items_created_sort_idx ON work_items (created_at, id)`);
    await q(`CREATE INDEX work_items_updated_sort_idx ON work_items (updated_at, id)`);
    await q(`CREATE INDEX work_items_body_idx ON work_items (body_id, reference, id)`);
    await q(`CREATE INDEX work_items_search_idx ON work_items USING gin (search)`);

    await q(`CREATE TABLE work_item_history (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      work_item_id uuid NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
      stage text NOT NULL,
      status_text text NULL,
      previous_stage text NULL,
      previous_status_text text NULL,
      actor text NOT NULL DEFAULT 'anonymous',
      changed_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
    )`);
    await q(`CREATE INDEX work_item_history_item_idx ON work_item_history (work_item_id, changed_at, id)`);

    await q(`CREATE TABLE liaisons (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES bodies (id) ON DELETE RESTRICT,
      partner_id uuid NOT NULL REFERENCES bodies (id) ON DELETE RESTRICT,
      category text NOT NULL CHECK (category IN ('category_a', 'category_b', 'category_c', 'category_d',
        'internal', 'itu_t_a4', 'itu_t_a5', 'itu_t_a6', 'cooperation_agreement')),
      status text NOT NULL CHECK (status IN ('proposed', 'eligibility_review', 'balloting', 'approved', 'active',
        'under_review', 'suspended', 'withdrawn', 'rejected')),
      rationale text NULL,
      objectives jsonb NOT NULL DEFAULT '[]'::jsonb,
      proposed_by_body_id uuid NULL REFERENCES bodies (id) ON DELETE RESTRICT,
      proposed_on date NULL,
      approved_on date NULL,
      established_on date NULL,
      last_reviewed_on date NULL,
      next_review_due date NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(rationale, ''))) STORED,
      CHECK (committee_id <> partner_id)
    )`);
    // At most one live liaison per direction and category; withdrawn and rejected ones are history.
    await q(`CREATE UNIQUE INDEX liaisons_live_key ON liaisons (committee_id, partner_id, category)
      WHERE status NOT IN ('withdrawn', 'rejected')`);
    await q(`CREATE INDEX liaisons_committee_idx ON liaisons (committee_id, created_at, id)`);
    await q(`CREATE INDEX liaisons_partner_idx ON liaisons (partner_id, created_at, id)`);
    await q(`CREATE INDEX liaisons_created_sort_idx ON liaisons (created_at, id)`);
    await q(`CREATE INDEX liaisons_updated_sort_idx ON liaisons (updated_at, id)`);
    await q(`CREATE INDEX liaisons_status_idx ON liaisons (status, created_at, id)`);
    await q(`CREATE INDEX liaisons_review_idx ON liaisons (next_review_due) WHERE next_review_due IS NOT NULL`);
    await q(`CREATE INDEX liaisons_search_idx ON liaisons USING gin (search)`);

    await q(`CREATE TABLE liaison_representatives (
      liaison_id uuid NOT NULL REFERENCES liaisons (id) ON DELETE CASCADE,
      contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
      position integer NOT NULL DEFAULT 0,
      PRIMARY KEY (liaison_id, contact_id)
    )`);
    await q(`CREATE INDEX liaison_representatives_contact_idx ON liaison_representatives (contact_id)`);
    await q(`CREATE TABLE liaison_work_items (
      liaison_id uuid NOT NULL REFERENCES liaisons (id) ON DELETE CASCADE,
      work_item_id uuid NOT NULL REFERENCES work_items (id) ON DELETE RESTRICT,
      position integer NOT NULL DEFAULT 0,
      PRIMARY KEY (liaison_id, work_item_id)
    )`);
    await q(`CREATE INDEX liaison_work_items_item_idx ON liaison_work_items (work_item_id)`);

    await q(`CREATE TABLE statements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
      from_body_id uuid NOT NULL REFERENCES bodies (id) ON DELETE RESTRICT,
      purpose text NOT NULL CHECK (purpose IN ('action', 'comment', 'information', 'response')),
      deadline date NULL,
      in_reply_to_id uuid NULL REFERENCES statements (id) ON DELETE RESTRICT,
      approval_level text NULL,
      approved_on date NULL,
      sent_on date NULL,
      summary text NULL,
      body_text text NULL,
      document_references jsonb NOT NULL DEFAULT '[]'::jsonb,
      action_taken boolean NOT NULL DEFAULT false,
      action_taken_on date NULL,
      action_note text NULL,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(reference || ' ' || translate(reference, '/-.', '   '), '')), 'A') ||
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(summary, '')), 'B') ||
        setweight(to_tsvector('english', coalesce(body_text, '')), 'C')) STORED,
      CHECK (purpose NOT IN ('action', 'comment') OR deadline IS NOT NULL),
      CHECK (purpose <> 'response' OR in_reply_to_id IS NOT NULL),
      CHECK (in_reply_to_id IS NULL OR in_reply_to_id <> id)
    )`);
    await q(`CREATE UNIQUE INDEX statements_reference_key ON statements (from_body_id, lower(reference))`);
    await q(`CREATE INDEX statements_created_sort_idx ON statements (created_at, id)`);
    await q(`CREATE INDEX statements_sent_sort_idx ON statements (sent_on, id)`);
    await q(`CREATE INDEX statements_deadline_idx ON statements (deadline, id) WHERE deadline IS NOT NULL`);
    await q(`CREATE INDEX statements_from_idx ON statements (from_body_id, created_at, id)`);
    await q(`CREATE INDEX statements_reply_idx ON statements (in_reply_to_id) WHERE in_reply_to_id IS NOT NULL`);
    await q(`CREATE INDEX statements_search_idx ON statements USING gin (search)`);
    await q(`CREATE TABLE statement_recipients (
      statement_id uuid NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
      body_id uuid NOT NULL REFERENCES bodies (id) ON DELETE RESTRICT,
      kind text NOT NULL CHECK (kind IN ('to', 'cc')),
      position integer NOT NULL DEFAULT 0,
      PRIMARY KEY (statement_id, body_id)
    )`);
    await q(`CREATE INDEX statement_recipients_body_idx ON statement_recipients (body_id, kind)`);
    await q(`CREATE TABLE statement_contacts (
      statement_id uuid NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
      contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE RESTRICT,
      position integer NOT NULL DEFAULT 0,
      PRIMARY KEY (statement_id, contact_id)
    )`);
    await q(`CREATE INDEX statement_contacts_contact_idx ON statement_contacts (contact_id)`);
    await q(`CREATE TABLE statement_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      statement_id uuid NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
      url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
      position integer NOT NULL DEFAULT 0
    )`);
    await q(`CREATE INDEX statement_attachments_statement_idx ON statement_attachments (statement_id, position)`);
    await q(`CREATE TABLE statement_liaisons (
      statement_id uuid NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
      liaison_id uuid NOT NULL REFERENCES liaisons (id) ON DELETE RESTRICT,
      PRIMARY KEY (statement_id, liaison_id)
    )`);
    await q(`CREATE INDEX statement_liaisons_liaison_idx ON statement_liaisons (liaison_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'statement_liaisons',
      'statement_attachments',
      'statement_contacts',
      'statement_recipients',
      'statements',
      'liaison_work_items',
      'liaison_representatives',
      'liaisons',
      'work_item_history',
      'work_items',
      'memberships',
      'contacts',
      'body_associations',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`ALTER TABLE bodies DROP COLUMN search, DROP COLUMN tor_scope, DROP COLUMN tor_objectives,
      DROP COLUMN tor_work_methods, DROP COLUMN tor_reporting`);
  }
}
