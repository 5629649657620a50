/**
 * The post-processing of the document @nestjs/swagger generates, in one pure pipeline (unit-tested without Nest):
 * one nullable idiom, plain `$ref`s, limits implied by formats and page sizes, the shared HTTP headers, servers
 * and contact, and examples on every body (last, so that they see the finished schemas).
 */
import { addBodyExamples, addSharedResponseExamples } from './examples.js';
import { documentHttpHeaders } from './http-headers.js';
import { cloneJson, objectAt, type JsonObject } from './json.js';
import { toOpenApi31Nullable } from './nullable.js';
import {
  addFormatLengthLimits,
  addIntegerFormats,
  boundPageItems,
  collapseSingleAllOf,
  dropArrayKeywordsFromStrings,
} from './schema-limits.js';

/**
 * The document is served by every deployment at its own origin, so the one server is relative. OWASP API9 asks
 * each server to state its audience (`x-internal`) and environment.
 */
export const SERVERS = [
  {
    url: '/',
    description: 'The deployment serving this document (local, staging or production alike)',
    'x-internal': false,
  },
];

export const CONTACT = { name: 'Liaison Registry maintainers' };

function withServersAndContact(document: unknown): unknown {
  const out = cloneJson(document) as JsonObject;
  out.servers = cloneJson(SERVERS);
  const info = objectAt(out.info);
  out.info = { ...info, contact: { ...CONTACT, ...objectAt(info.contact) } };
  return out;
}

export function finalizeDocument(document: unknown): unknown {
  const steps: ((document: unknown) => unknown)[] = [
    toOpenApi31Nullable,
    collapseSingleAllOf,
    dropArrayKeywordsFromStrings,
    addFormatLengthLimits,
    addIntegerFormats,
    boundPageItems,
    documentHttpHeaders,
    withServersAndContact,
    addBodyExamples,
    addSharedResponseExamples,
  ];
  return steps.reduce((current, step) => step(current), document);
}
