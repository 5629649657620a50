/**
 * The generated SDK (@liaison-registry/sdk, openapi/sdk/typescript) pointed at a test server. SDK suites talk to
 * the API only through it, as a client application would.
 */
import { createClient, createConfig, type Client } from '../../openapi/sdk/typescript/src/client/index.js';

export interface SdkClientOptions {
  /** The API key the client sends (`Authorization: Bearer`); writes need one, reads work without. */
  apiKey?: string;
}

/** A client of its own for one test server (the SDK's default client is a shared singleton). */
export function sdkClient(baseUrl: string, options: SdkClientOptions = {}): Client {
  return createClient(
    createConfig({
      baseUrl,
      headers: options.apiKey === undefined ? {} : { Authorization: `Bearer ${options.apiKey}` },
    }),
  );
}

/** The `If-Match` value naming the version of a resource as it was read. */
export function ifMatch(resource: { version: number }): string {
  return `"${resource.version}"`;
}
