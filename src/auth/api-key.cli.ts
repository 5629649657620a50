/**
 * `npm run api-key -- <command>` on DATABASE_URL or the embedded PostgreSQL (migrating it first):
 *
 *   create --role admin|secretariat|reader --name NAME [--body ID_OR_DESIGNATION]... [--expires DATE-TIME]
 *            prints the new key on stdout, once (details go to stderr)
 *   list     the keys, without the keys themselves
 *   revoke ID
 *   generate prints a random key without storing it (a value for ADMIN_API_KEY)
 */
import { parseArgs } from 'node:util';
import type { EntityManager } from 'typeorm';
import { ProblemError } from '../common/problem/problem.js';
import { runCli, say, withDataSource } from '../database/cli-database.js';
import { migrateWithLock } from '../database/migrate.js';
import { API_KEY_ROLES, ApiKeyOrigin, type ApiKeyRole } from './api-key-role.js';
import { API_KEY_NAME, API_KEY_NAME_RULE, apiKeyStatus, MAX_API_KEY_NAME_LENGTH } from './api-key-rules.js';
import { generateApiKey } from './api-key-secret.js';
import { API_KEY_COLUMNS, attachScopes, insertApiKey, revokeApiKey, toApiKeyView } from './api-key.store.js';

const USAGE = `usage: npm run api-key -- create --role admin|secretariat|reader --name NAME [--body ID_OR_DESIGNATION]... [--expires DATE-TIME]
       npm run api-key -- list
       npm run api-key -- revoke ID
       npm run api-key -- generate`;

class UsageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A body given by id or by designation (case-insensitive). */
async function resolveBody(manager: EntityManager, reference: string): Promise<string> {
  const rows: { id: string }[] = UUID.test(reference)
    ? await manager.query('SELECT id FROM bodies WHERE id = $1', [reference.toLowerCase()])
    : await manager.query('SELECT id FROM bodies WHERE lower(designation) = lower($1)', [reference.trim()]);
  if (!rows[0]) throw new UsageError(`no body with id or designation "${reference}"`);
  return rows[0].id;
}

function parseRole(value: string | undefined): ApiKeyRole {
  if (!value || !(API_KEY_ROLES as readonly string[]).includes(value)) {
    throw new UsageError(`--role must be one of ${API_KEY_ROLES.join(', ')}`);
  }
  return value as ApiKeyRole;
}

function parseName(value: string | undefined): string {
  const name = value?.trim().replace(/\s+/g, ' ') ?? '';
  if (name.length === 0 || name.length > MAX_API_KEY_NAME_LENGTH || !API_KEY_NAME.test(name)) {
    throw new UsageError(`--name must be 1 to ${MAX_API_KEY_NAME_LENGTH} characters long, ${API_KEY_NAME_RULE}`);
  }
  return name;
}

function parseExpiry(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError('--expires must be a date-time such as 2027-12-31T23:59:59Z');
  }
  return date;
}

interface CreateArguments {
  role: ApiKeyRole;
  name: string;
  expiresAt: Date | null;
  bodies: string[];
}

/** Checked before any database is opened, so that a typo fails at once. */
function parseCreate(args: string[]): CreateArguments {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      body: { type: 'string', multiple: true },
      expires: { type: 'string' },
    },
    strict: true,
  });
  return {
    role: parseRole(values.role),
    name: parseName(values.name),
    expiresAt: parseExpiry(values.expires),
    bodies: values.body ?? [],
  };
}

async function create(manager: EntityManager, input: CreateArguments): Promise<void> {
  const bodyIds: string[] = [];
  for (const reference of input.bodies) bodyIds.push(await resolveBody(manager, reference));
  const { view, key } = await insertApiKey(manager, {
    name: input.name,
    role: input.role,
    bodyIds: [...new Set(bodyIds)],
    expiresAt: input.expiresAt,
    origin: ApiKeyOrigin.Cli,
    createdBy: 'cli',
  });
  say(
    `created ${view.role} key "${view.name}" (id ${view.id}, prefix ${view.prefix}); store it now, it is not shown again:`,
  );
  process.stdout.write(`${key}\n`);
}

async function list(manager: EntityManager): Promise<void> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT ${API_KEY_COLUMNS} FROM api_keys k ORDER BY k.created_at, k.id`,
  );
  const keys = await attachScopes(
    manager,
    rows.map((row) => toApiKeyView(row)),
  );
  const now = new Date();
  for (const key of keys) {
    const scope = key.bodyIds.length > 0 ? ` bodies=${key.bodyIds.join(',')}` : '';
    process.stdout.write(
      `${key.id}  ${key.prefix}…  ${key.role.padEnd(11)} ${apiKeyStatus(key, now).padEnd(7)} ${key.name}${scope}\n`,
    );
  }
  if (keys.length === 0) say('no API keys yet');
}

async function revoke(manager: EntityManager, id: string | undefined): Promise<void> {
  if (!id || !UUID.test(id)) throw new UsageError('revoke needs the id of a key (see `list`)');
  const key = await revokeApiKey(manager, id.toLowerCase());
  if (!key) throw new UsageError(`no API key with id ${id}`);
  say(`revoked key "${key.name}" (${key.prefix}…)`);
}

runCli(async () => {
  const [command, ...args] = process.argv.slice(2);
  try {
    if (command === 'generate') {
      process.stdout.write(`${generateApiKey()}\n`);
      return;
    }
    if (command !== 'create' && command !== 'list' && command !== 'revoke') throw new UsageError(USAGE);
    const createArguments = command === 'create' ? parseCreate(args) : undefined;
    if (command === 'revoke' && !UUID.test(args[0] ?? ''))
      throw new UsageError('revoke needs the id of a key (see `list`)');
    await withDataSource(async (dataSource) => {
      await migrateWithLock(dataSource);
      switch (command) {
        case 'create':
          return dataSource.transaction((manager) => create(manager, createArguments!));
        case 'list':
          return list(dataSource.manager);
        case 'revoke':
          return revoke(dataSource.manager, args[0]);
      }
    });
  } catch (error) {
    if (error instanceof UsageError || error instanceof ProblemError) {
      say(error instanceof UsageError ? error.message : `refused: ${error.detail}`);
      process.exit(error instanceof UsageError && error.message === USAGE ? 2 : 1);
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      say(`${error.message}\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
});
