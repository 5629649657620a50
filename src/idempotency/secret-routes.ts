/**
 * POSTs whose response shows a secret once (an API key, a webhook signing secret). They take no `Idempotency-Key`:
 * replaying their response would mean storing the secret in clear and showing it again. Paths as the OpenAPI
 * document (and Fastify's routing) spell them. Pure: shared by the hooks and the document transform.
 */
export const SECRET_BEARING_POSTS: readonly string[] = ['/v1/api-keys', '/v1/webhooks'];

/** Where the API shows a resource the change feed names, when it has a path of its own. */
export function resourcePath(type: string, id: string): string | undefined {
  const collections: Record<string, string> = {
    body: 'bodies',
    liaison: 'liaisons',
    workItem: 'work-items',
    contact: 'contacts',
    statement: 'statements',
  };
  const collection = collections[type];
  return collection === undefined ? undefined : `/v1/${collection}/${id}`;
}
