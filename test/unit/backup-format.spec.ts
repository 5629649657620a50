import { BackupError } from '../../src/database/backup.js';
import { chooseBackupFormat, type PgToolVersion, toolProblem } from '../../src/database/pg-dump.js';

const pgDump = (major: number): PgToolVersion => ({
  tool: 'pg_dump',
  major,
  version: `pg_dump (PostgreSQL) ${major}.1`,
});

describe('choosing the backup format', () => {
  it('uses pg_dump on DATABASE_URL when it is at least as new as the server', () => {
    expect(chooseBackupFormat({ requested: 'auto', embedded: false, pgDump: pgDump(18), serverMajor: 18 })).toEqual({
      format: 'pg_dump',
    });
    expect(chooseBackupFormat({ requested: 'auto', embedded: false, pgDump: pgDump(19), serverMajor: 17 })).toEqual({
      format: 'pg_dump',
    });
  });

  it('falls back to the built-in format, saying why', () => {
    expect(chooseBackupFormat({ requested: 'auto', embedded: false, pgDump: pgDump(15), serverMajor: 18 })).toEqual({
      format: 'builtin',
      reason: 'pg_dump 15 cannot dump a PostgreSQL 18 server',
    });
    expect(chooseBackupFormat({ requested: 'auto', embedded: false, pgDump: undefined, serverMajor: 18 })).toEqual({
      format: 'builtin',
      reason: 'no pg_dump on the PATH',
    });
    expect(chooseBackupFormat({ requested: 'auto', embedded: true, pgDump: pgDump(18), serverMajor: 18 })).toEqual({
      format: 'builtin',
      reason: 'the embedded PostgreSQL distribution ships no pg_dump',
    });
  });

  it('does what --format says, and refuses a pg_dump that cannot run', () => {
    expect(chooseBackupFormat({ requested: 'builtin', embedded: false, pgDump: pgDump(18), serverMajor: 18 })).toEqual({
      format: 'builtin',
      reason: 'asked for with --format=builtin',
    });
    expect(chooseBackupFormat({ requested: 'pg_dump', embedded: true, pgDump: pgDump(18), serverMajor: 18 })).toEqual({
      format: 'pg_dump',
    });
    const refuse = () =>
      chooseBackupFormat({ requested: 'pg_dump', embedded: false, pgDump: pgDump(15), serverMajor: 18 });
    expect(refuse).toThrow(BackupError);
    expect(refuse).toThrow('cannot write a pg_dump backup: pg_dump 15 cannot dump a PostgreSQL 18 server');
  });

  it('judges pg_restore the same way', () => {
    expect(toolProblem('pg_restore', { tool: 'pg_restore', major: 15, version: '' }, 18)).toBe(
      'pg_restore 15 cannot restore into a PostgreSQL 18 server',
    );
    expect(toolProblem('pg_restore', { tool: 'pg_restore', major: 18, version: '' }, 18)).toBeUndefined();
    expect(toolProblem('pg_restore', undefined, 18)).toBe('no pg_restore on the PATH');
  });
});
