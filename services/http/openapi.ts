/**
 * The OpenAPI document, generated once per app from the routes' own zod schemas (route.ts registers every
 * route with its schemas, operationId, security and error responses).
 *
 * OpenAPI 3.1 rather than 3.0: its schemas are JSON Schema 2020-12, where `null` is a type like any other, so
 * `reason: ReasonCode | null` is `anyOf: [ReasonCode, {type: null}]`. In 3.0 `nullable` only works beside a
 * `type` in the same schema object, which a `$ref` cannot have: the nullable references of this API cannot
 * be said right there. 3.1 also lets the contract test validate real answers with a stock JSON Schema
 * validator (Ajv 2020) against the document exactly as served, with no translation step of its own.
 *
 * Three shapes zod-to-openapi 9 writes are repaired to what the zod schema means:
 * - `.nullable()` of a named schema comes out as `allOf: [ref, {type: [..., 'null']}]`, which refuses null
 *   (the ref does not allow it): it becomes `anyOf: [ref, {type: 'null'}]`;
 * - `.extend()` of a named schema comes out as `allOf: [base, extension]`, which no value matches when both
 *   sides forbid additional properties: it becomes one object with the properties of both, open or closed
 *   as the extension (the extended zod schema) says;
 * - a description given to a named schema where it is used comes out as `allOf: [ref, {description}]`: it
 *   becomes `{$ref, description}` (3.1 allows annotations beside a `$ref`).
 */
import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { ApiRouter } from './route.js';

type Schema = Record<string, unknown>;
const REF = '#/components/schemas/';
const ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'default', 'deprecated']);

const documents = new WeakMap<ApiRouter, unknown>();

export function openApiDocument(api: ApiRouter): unknown {
  let doc = documents.get(api);
  if (!doc) {
    api.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
    doc = repaired(new OpenApiGeneratorV31(api.registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: { title: 'Proposal triage service', version: '1', description: 'Intake, triage and moderation of citizen proposals.' },
      servers: [{ url: '/', description: 'this service (the paths carry their /v1 prefix)' }],
    }));
    documents.set(api, doc);
  }
  return doc;
}

function repaired<T extends object>(generated: T): T {
  const doc = structuredClone(generated) as T & { components?: { schemas?: Record<string, Schema> } };
  const named = doc.components?.schemas ?? {};

  const flattened = (schema: Schema): Schema => {
    const [base, extension, ...more] = (schema.allOf as Schema[] | undefined) ?? [];
    if (!base || !extension || more.length || typeof base.$ref !== 'string' || extension.type !== 'object') return schema;
    const parent = flattened(named[base.$ref.slice(REF.length)] ?? {});
    const { allOf: _parts, ...own } = schema;
    const required = [...new Set([...(parent.required as string[] ?? []), ...(extension.required as string[] ?? [])])];
    return {
      ...own,
      type: 'object',
      properties: { ...(parent.properties as Schema | undefined), ...(extension.properties as Schema | undefined) },
      ...(required.length ? { required } : {}),
      ...('additionalProperties' in extension ? { additionalProperties: extension.additionalProperties } : {}),
    };
  };

  const nullableRef = (schema: Schema): Schema => {
    const [ref, nullable, ...more] = (schema.allOf as Schema[] | undefined) ?? [];
    if (!ref || !nullable || more.length || typeof ref.$ref !== 'string' || !Array.isArray(nullable.type) || !nullable.type.includes('null')) return schema;
    const { allOf: _parts, ...own } = schema;
    const { type: _type, ...extra } = nullable;
    return { ...own, ...extra, anyOf: [ref, { type: 'null' }] };
  };

  const annotatedRef = (schema: Schema): Schema => {
    const [ref, annotations, ...more] = (schema.allOf as Schema[] | undefined) ?? [];
    if (!ref || !annotations || more.length || typeof ref.$ref !== 'string' || !Object.keys(annotations).every((k) => ANNOTATIONS.has(k))) return schema;
    const { allOf: _parts, ...own } = schema;
    return { ...own, ...ref, ...annotations };
  };

  const repair = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(repair);
    if (node === null || typeof node !== 'object') return node;
    const children = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, repair(v)]));
    return annotatedRef(nullableRef(flattened(children)));
  };

  for (const [name, schema] of Object.entries(named)) named[name] = repair(schema) as Schema;
  return repair(doc) as T;
}
