import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exactly-once idempotent writes: a write marks its idempotency key `committed` in its own transaction, naming the
 * resource it changed, so the key and the write commit together. The response is recorded afterwards (`completed`);
 * a key left `committed` (the instance died between the commit and recording the response) is never taken over
 * and run again: a retry is told the request was applied and where its resource is.
 */
export class IdempotencyApplied1763801200000 implements MigrationInterface {
  name = 'IdempotencyApplied1763801200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE idempotency_keys
      ADD COLUMN resource_type text NULL,
      ADD COLUMN resource_id uuid NULL,
      DROP CONSTRAINT idempotency_keys_state,
      ADD CONSTRAINT idempotency_keys_state CHECK (state IN ('in_flight', 'committed', 'completed')),
      ADD CONSTRAINT idempotency_keys_resource CHECK (state <> 'committed' OR resource_type IS NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // A committed key without its response cannot be expressed before this migration: it becomes a completed
    // key whose replay is a 409 problem naming the resource, so that the request is still not run twice.
    await queryRunner.query(`UPDATE idempotency_keys
      SET state = 'completed', response_status = 409,
          response_headers = '{"content-type": "application/problem+json"}'::jsonb,
          response_body = json_build_object(
            'type', '/problems/idempotency-key-applied',
            'title', 'The request with this idempotency key was applied; its response was not recorded',
            'status', 409,
            'detail', 'The request was applied to ' || resource_type || ' ' || resource_id || '; read it there.')::text,
          completed_at = now()
      WHERE state = 'committed'`);
    await queryRunner.query(`ALTER TABLE idempotency_keys
      DROP CONSTRAINT idempotency_keys_resource,
      DROP CONSTRAINT idempotency_keys_state,
      ADD CONSTRAINT idempotency_keys_state CHECK (state IN ('in_flight', 'completed')),
      DROP COLUMN resource_id,
      DROP COLUMN resource_type`);
  }
}
