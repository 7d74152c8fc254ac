import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';

/**
 * The document types what comes back (issue 16): a generated client must learn the shape of every
 * answer, so an operation whose success answer is missing, or is (or holds) an object with no
 * properties, fails here by name; every refusal an operation lists is a Problem.
 */

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Response = { content?: Record<string, { schema?: Schema; example?: unknown }> };
type Document = {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
  components: { schemas: Record<string, Schema> };
};

/** Where inside `schema` an object says nothing of its fields ('' for the schema itself). */
export function untypedPlaces(
  schema: Schema | undefined,
  components: Record<string, Schema>,
  at = '',
  seen = new Set<string>(),
): string[] {
  if (!schema) return [`${at || '(root)'} missing`];
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? '';
    if (seen.has(name)) return [];
    return untypedPlaces(components[name], components, at, new Set([...seen, name]));
  }
  const out: string[] = [];
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const isObject = types.includes('object');
  const described =
    schema.properties || typeof schema.additionalProperties === 'object' || schema.anyOf;
  if (isObject && !described) out.push(`${at || '(root)'} is an untyped object`);
  if (!schema.type && !schema.anyOf && !schema.oneOf && !schema.allOf && !schema.enum)
    if (!('const' in schema)) out.push(`${at || '(root)'} has no type`);
  for (const [name, property] of Object.entries(schema.properties ?? {}))
    out.push(...untypedPlaces(property, components, `${at}.${name}`, seen));
  if (schema.items) out.push(...untypedPlaces(schema.items, components, `${at}[]`, seen));
  if (typeof schema.additionalProperties === 'object')
    out.push(...untypedPlaces(schema.additionalProperties, components, `${at}{}`, seen));
  for (const part of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
    out.push(...untypedPlaces(part, components, at, seen));
  return out;
}

export function openApiTypedContract(makeHarness: () => Promise<Harness>) {
  describe('the OpenAPI document types every answer', () => {
    it('types the success answer of every operation, to the last field', async () => {
      const doc = (await (await (await makeHarness()).request('/openapi.json')).json()) as Document;
      const untyped: string[] = [];
      let operations = 0;
      for (const [path, methods] of Object.entries(doc.paths))
        for (const [method, op] of Object.entries(methods)) {
          operations += 1;
          const name = `${method.toUpperCase()} ${path}`;
          const successes = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
          if (successes.length === 0) untyped.push(`${name}: no success answer`);
          for (const [status, response] of successes) {
            const json = response.content?.['application/json'];
            if (!json && response.content) continue; // a PDF, CSV or journal: typed as its media
            for (const place of untypedPlaces(json?.schema, doc.components.schemas))
              untyped.push(`${name} ${status}: ${place}`);
          }
        }
      expect(operations).toBeGreaterThan(90);
      expect(untyped, untyped.join('\n')).toEqual([]);
    });

    it('answers every refusal of every operation with the one Problem schema, with an example', async () => {
      const doc = (await (await (await makeHarness()).request('/openapi.json')).json()) as Document;
      const wrong: string[] = [];
      for (const [path, methods] of Object.entries(doc.paths))
        for (const [method, op] of Object.entries(methods))
          for (const [status, response] of Object.entries(op.responses)) {
            if (status.startsWith('2')) continue;
            const problem = response.content?.['application/problem+json'];
            // The Problem schema, with `code` narrowed to the codes listed for this status.
            const ref = problem?.schema?.$ref ?? problem?.schema?.allOf?.[0]?.$ref;
            if (ref !== '#/components/schemas/Problem' || !problem?.example)
              wrong.push(`${method.toUpperCase()} ${path} ${status}`);
          }
      expect(wrong, wrong.join('\n')).toEqual([]);
      expect(doc.components.schemas.Problem?.required).toEqual(
        expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'requestId']),
      );
    });
  });
}
