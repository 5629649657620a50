/**
 * The generated SDK (@liaison-registry/sdk, openapi/sdk/typescript) pointed at a test server. SDK suites talk to
 * the API only through it, as a client application would.
 */
import { createClient, createConfig, type Client } from '../../openapi/sdk/typescript/src/client/index.js';

/**
 * Credentials every SDK request carries: the one place to change when access control (issue 5) lands, e.g.
 * `return { Authorization: `Bearer ${process.env.TEST_API_KEY}` }`. Today the API needs none.
 */
export function sdkCredentials(): Record<string, string> {
  return {};
}

export interface SdkClientOptions {
  /** Who the writes are recorded as (`X-Actor`), e.g. a secretariat's account. */
  actor?: string;
}

/** A client of its own for one test server (the SDK's default client is a shared singleton). */
export function sdkClient(baseUrl: string, options: SdkClientOptions = {}): Client {
  return createClient(
    createConfig({
      baseUrl,
      headers: { ...sdkCredentials(), ...(options.actor === undefined ? {} : { 'X-Actor': options.actor }) },
    }),
  );
}

/** The `If-Match` value naming the version of a resource as it was read. */
export function ifMatch(resource: { version: number }): string {
  return `"${resource.version}"`;
}
