/**
 * Loads the seed registry. Idempotent: every record is matched on its natural key
 * (bodies by designation) and only missing records are inserted, in one transaction.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { SEED_BODIES } from './seed-data.js';

export interface SeedReport {
  bodiesInserted: number;
}

/** True when the registry holds no bodies at all (a fresh install). */
export async function registryIsEmpty(dataSource: DataSource): Promise<boolean> {
  const rows: { empty: boolean }[] = await dataSource.query('SELECT NOT EXISTS (SELECT 1 FROM bodies) AS empty');
  return rows[0]?.empty === true;
}

async function seedBodies(manager: EntityManager): Promise<number> {
  let inserted = 0;
  for (const body of SEED_BODIES) {
    const result: unknown[] = await manager.query(
      `INSERT INTO bodies (designation, name, kind, parent_id, status, website, mailing_list)
       SELECT $1, $2, $3, (SELECT id FROM bodies WHERE lower(designation) = lower($4)), $5, $6, $7
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
      ],
    );
    inserted += result.length;
  }
  return inserted;
}

export async function loadSeed(dataSource: DataSource): Promise<SeedReport> {
  return dataSource.transaction(async (manager) => {
    // Two instances seeding one empty database at once must not both insert.
    await manager.query('SELECT pg_advisory_xact_lock(7340002)');
    return { bodiesInserted: await seedBodies(manager) };
  });
}
