/** What a key may do. Anonymous callers (no key) are not a role: they may only read public data. */
export enum ApiKeyRole {
  /** Integrations: read everything, contacts' e-mail addresses included; no writes. */
  Reader = 'reader',
  /** A committee secretariat: writes within the bodies the key is scoped to (and their descendants). */
  Secretariat = 'secretariat',
  /** Everything, bodies and API keys included. */
  Admin = 'admin',
}

export const API_KEY_ROLES: readonly ApiKeyRole[] = Object.values(ApiKeyRole);

/** Where a key came from: the HTTP API, the command line, or the `ADMIN_API_KEY` environment variable. */
export enum ApiKeyOrigin {
  Api = 'api',
  Cli = 'cli',
  Env = 'env',
}
