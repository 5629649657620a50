import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys of POST requests (draft-ietf-httpapi-idempotency-key-header), shared by every instance on the
 * database. A key belongs to a caller (`principal`); `fingerprint` identifies the request it was first used for.
 * While the first request runs the row is `in_flight` and locked until `locked_until` (a dead instance's claim
 * can be taken over after that); then it holds the response to replay until `expires_at`.
 */
export class IdempotencyKeys1763800400000 implements MigrationInterface {
  name = 'IdempotencyKeys1763800400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE idempotency_keys (
      principal text NOT NULL,
      key text NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      fingerprint text NOT NULL,
      state text NOT NULL,
      claim_token uuid NOT NULL,
      response_status smallint NULL,
      response_headers jsonb NULL,
      response_body text NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      completed_at timestamptz(3) NULL,
      expires_at timestamptz(3) NOT NULL,
      locked_until timestamptz(3) NOT NULL,
      PRIMARY KEY (principal, key),
      CONSTRAINT idempotency_keys_key_length CHECK (char_length(key) BETWEEN 1 AND 255),
      CONSTRAINT idempotency_keys_state CHECK (state IN ('in_flight', 'completed')),
      CONSTRAINT idempotency_keys_response CHECK (
        (state = 'completed') = (response_status IS NOT NULL AND completed_at IS NOT NULL)
      )
    )`);
    // The purge deletes expired rows of every caller.
    await queryRunner.query(`CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
  }
}
