/** Pure document transforms, unit-tested without Nest. */

type Json = unknown;

/**
 * OpenAPI 3.1 spells "nullable" as a type union; @nestjs/swagger emits the 3.0 `nullable: true`.
 * Rewrite it everywhere so the document uses one idiom: `type: [T, 'null']` for plain types and
 * `anyOf: [{ $ref }, { type: 'null' }]` for references (the form @nestjs/swagger itself uses for them).
 */
export function toOpenApi31Nullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(toOpenApi31Nullable);
  if (node === null || typeof node !== 'object') return node;
  const source = node as Record<string, Json>;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key !== 'nullable') out[key] = toOpenApi31Nullable(value);
  }
  if (source.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else if (typeof out.$ref === 'string' || Array.isArray(out.allOf)) {
      const { description, ...schema } = out;
      return { ...(description === undefined ? {} : { description }), anyOf: [schema, { type: 'null' }] };
    }
  }
  return out;
}
