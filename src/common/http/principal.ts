/**
 * Who is calling: the authenticated API key, or nobody (anonymous). The access guard puts it on the
 * request; an interceptor makes it available to the code that runs the handler (through
 * AsyncLocalStorage), so that response mappers can decide what a caller may see without every
 * service passing it along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type PrincipalRole = 'reader' | 'secretariat' | 'admin';

export interface Principal {
  keyId: string;
  /** Name of the key, unique; history records name it as `key:<name>`. */
  name: string;
  role: PrincipalRole;
  /** Bodies a secretariat key may write in (their descendants included); empty for other roles. */
  bodyIds: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access guard: the key's principal, or null for an anonymous caller. */
    principal?: Principal | null;
  }
}

const storage = new AsyncLocalStorage<{ principal: Principal | null }>();

/** Runs `work` (and everything it awaits) with `principal` as the current caller. */
export function runAs<T>(principal: Principal | null, work: () => T): T {
  return storage.run({ principal }, work);
}

/** The caller of the request being handled; null when anonymous or outside any request. */
export function currentPrincipal(): Principal | null {
  return storage.getStore()?.principal ?? null;
}

/**
 * Contacts' e-mail addresses are personal data: any key holder (reader, secretariat, admin) may
 * read them, anonymous callers may not. Outside a request (no context) the answer is no.
 */
export function mayReadEmails(): boolean {
  return currentPrincipal() !== null;
}

/** How history records name the principal. */
export function actorName(principal: Principal): string {
  return `key:${principal.name}`;
}
