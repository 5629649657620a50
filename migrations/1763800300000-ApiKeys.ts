import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys: only the SHA-256 of a key is stored (unique), with a short prefix to recognise it in lists.
 * Names are unique forever (case-insensitive), so that `key:<name>` in history records names one key.
 * A secretariat key's scope is a set of bodies; deleting a body drops it from every scope.
 */
export class ApiKeys1763800300000 implements MigrationInterface {
  name = 'ApiKeys1763800300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE TABLE api_keys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      role text NOT NULL CHECK (role IN ('reader', 'secretariat', 'admin')),
      prefix text NOT NULL CHECK (length(prefix) BETWEEN 1 AND 20),
      key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
      origin text NOT NULL DEFAULT 'api' CHECK (origin IN ('api', 'cli', 'env')),
      created_by text NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      last_used_at timestamptz(3) NULL,
      expires_at timestamptz(3) NULL,
      revoked_at timestamptz(3) NULL
    )`);
    await q(`CREATE UNIQUE INDEX api_keys_key_hash_key ON api_keys (key_hash)`);
    await q(`CREATE UNIQUE INDEX api_keys_name_key ON api_keys (lower(name))`);
    await q(`CREATE INDEX api_keys_created_sort_idx ON api_keys (created_at, id)`);
    await q(`CREATE INDEX api_keys_name_sort_idx ON api_keys (name, id)`);
    await q(`CREATE TABLE api_key_scopes (
      api_key_id uuid NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
      body_id uuid NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
      PRIMARY KEY (api_key_id, body_id)
    )`);
    await q(`CREATE INDEX api_key_scopes_body_idx ON api_key_scopes (body_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_key_scopes`);
    await queryRunner.query(`DROP TABLE api_keys`);
  }
}
