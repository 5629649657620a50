/**
 * Deterministic ids of seeded records: a name-based UUID (RFC 9562 version 5, SHA-1) of the record's seed key in a
 * namespace of this registry. The loader finds a seeded record by this id first, so a record keeps being recognised
 * after users change the fields of its natural key (a statement given its real LS number, a body renamed), and a
 * reseed does not recreate it.
 */
import { createHash } from 'node:crypto';

/** The namespace of seed ids (a random UUID, fixed once: changing it would make every seeded record unknown). */
const SEED_NAMESPACE = '161dc94b-a91b-4434-bf94-29240e3efa4a';

export type SeedKind = 'body' | 'contact' | 'workItem' | 'liaison' | 'statement';

/** The version 5 UUID of `name` in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The id of the seeded record of `kind` whose seed key is made of `parts` (designations, references, e-mail). */
export function seedId(kind: SeedKind, ...parts: string[]): string {
  return uuidV5(SEED_NAMESPACE, [kind, ...parts.map((part) => part.toLowerCase())].join('\u0000'));
}
