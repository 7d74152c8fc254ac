import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';

/**
 * Every list is paged (issue 14, point 2): each GET operation in /openapi.json whose success
 * answer holds an `items` array takes `after` and `limit` in its query (limit 100 by default, 500
 * at most) and answers `next`. A list that is bounded by its nature is named in BOUNDED with the
 * reason; a new unpaged list fails here by name until it is paged or named.
 */

/** Lists bounded by what they are, not by a page: each says why. Keep this short. */
export const BOUNDED: Record<string, string> = {};

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  default?: unknown;
  maximum?: number;
};
type Parameter = { name: string; in: string; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

const resolve = (schema: Schema | undefined, doc: Document): Schema | undefined =>
  schema?.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').pop()!], doc) : schema;

/** The GET operations whose success answer is a JSON object holding an `items` array. */
export function listOperations(doc: Document) {
  const out: { name: string; op: Operation; answer: Schema }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const op = item.get;
    const success = op?.responses['200'] ?? op?.responses['201'];
    const answer = resolve(success?.content?.['application/json']?.schema, doc);
    const items = resolve(answer?.properties?.items, doc);
    if (op && answer && items?.type === 'array') out.push({ name: `GET ${path}`, op, answer });
  }
  return out;
}

/** What is missing from one list operation for it to be paged like every other. */
export function pagingProblems(op: Operation, answer: Schema, doc: Document): string[] {
  const query = new Map(
    (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]),
  );
  const problems: string[] = [];
  if (!query.has('after')) problems.push('takes no ?after');
  const limit = resolve(query.get('limit')?.schema, doc);
  if (!limit) problems.push('takes no ?limit');
  else if (limit.default !== 100 || limit.maximum !== 500)
    problems.push(`?limit is ${limit.default} by default, ${limit.maximum} at most`);
  if (!answer.properties?.next) problems.push('answers no next');
  return problems;
}

export function openApiPagedContract(makeHarness: () => Promise<Harness>) {
  describe('every list in the OpenAPI document is paged', () => {
    it('takes after and limit and answers next on every GET that answers items', async () => {
      const doc = (await (await (await makeHarness()).request('/openapi.json')).json()) as Document;
      const lists = listOperations(doc);
      expect(lists.length).toBeGreaterThan(15);
      const unpaged = lists.flatMap(({ name, op, answer }) =>
        BOUNDED[name] ? [] : pagingProblems(op, answer, doc).map((problem) => `${name} ${problem}`),
      );
      expect(unpaged).toEqual([]);
      // The exceptions are still lists in the document, and still unpaged.
      for (const name of Object.keys(BOUNDED)) {
        const found = lists.find((l) => l.name === name);
        expect(found, `${name} is not a list operation any more`).toBeDefined();
        expect(pagingProblems(found!.op, found!.answer, doc), name).not.toEqual([]);
      }
    });

    it('finds what is missing from a list that is not paged', () => {
      const doc: Document = { paths: {}, components: { schemas: {} } };
      const answer: Schema = {
        type: 'object',
        properties: { items: { type: 'array', items: { type: 'string' } } },
      };
      expect(pagingProblems({ responses: {} }, answer, doc)).toEqual([
        'takes no ?after',
        'takes no ?limit',
        'answers no next',
      ]);
      const limit = { name: 'limit', in: 'query', schema: { default: 20, maximum: 1000 } };
      expect(pagingProblems({ parameters: [limit], responses: {} }, answer, doc)).toContain(
        '?limit is 20 by default, 1000 at most',
      );
    });
  });
}
