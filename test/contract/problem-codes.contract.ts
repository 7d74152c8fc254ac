import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES, PROBLEM_STATUS, type ProblemCode } from '../../src/core/problem-codes.js';
import { OPERATION_PROBLEMS } from '../../src/http/operation-problems/index.js';
import type { Harness } from './harness.js';
import { newKey } from './helpers.js';
import { type OpenApiDocument, openApiChecker } from './openapi-check.js';

/**
 * Problem codes are a closed list, and each operation lists the codes it can send (issue 16,
 * point 6). The harness holds every answer of every contract suite to /openapi.json, where each
 * status's `code` is an `enum`; this suite checks that the enum is there and enforced, and that
 * every code it meets is listed for that operation and status.
 */

type Responses = Record<string, { content?: Record<string, { schema?: unknown }> }>;

/** The codes the document lists for one operation and status (`default` where it has none). */
function listedCodes(doc: OpenApiDocument, operation: string, status: number): string[] {
  const [method, path] = operation.split(' ') as [string, string];
  const op = doc.paths[path]?.[method.toLowerCase()] as { responses: Responses } | undefined;
  const response = op?.responses[String(status)] ?? op?.responses.default;
  const schema = response?.content?.['application/problem+json']?.schema as
    | { allOf?: { properties?: { code?: { enum?: string[] } } }[] }
    | undefined;
  return schema?.allOf?.[1]?.properties?.code?.enum ?? [];
}

export function problemCodesContract(make: () => Promise<Harness>) {
  describe('problem codes', () => {
    it('lists every code in the Problem schema, each under the status it is sent with', async () => {
      const h = await make();
      const doc = (await (await h.request('/openapi.json')).json()) as OpenApiDocument & {
        components: { schemas: { Problem: { properties: { code: { enum: string[] } } } } };
      };
      expect(doc.components.schemas.Problem.properties.code.enum).toEqual(PROBLEM_CODES);
      const misfiled: string[] = [];
      for (const [path, methods] of Object.entries(doc.paths))
        for (const [method, op] of Object.entries(methods as Record<string, unknown>))
          for (const status of Object.keys((op as { responses: Responses }).responses)) {
            if (!/^\d+$/.test(status)) continue;
            const name = `${method.toUpperCase()} ${path}`;
            for (const code of listedCodes(doc, name, Number(status)))
              if (PROBLEM_STATUS[code as ProblemCode] !== Number(status))
                misfiled.push(`${name} ${status}: ${code}`);
          }
      expect(misfiled, misfiled.join('\n')).toEqual([]);
      const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods as object).map((method) => `${method.toUpperCase()} ${path}`),
      );
      const stale = Object.keys(OPERATION_PROBLEMS).filter((name) => !operations.includes(name));
      expect(stale, 'listed for an operation the document does not have').toEqual([]);
    });

    it('lists for each operation and status every code it was seen to send', async () => {
      const h = await make();
      const coordinator = await h.token('coordinator');
      const holder = await h.token('holder');
      const bank = `alliance:${h.alliance}:bank`;
      const entry = (postings: unknown, key?: string) =>
        h.request('/v1/entries', {
          method: 'POST',
          token: coordinator,
          ...(key ? { key } : {}),
          json: { effectiveDate: '2026-05-01', description: 'Test', reasonCode: 'test', postings },
        });
      const two = [
        { account: bank, amount: '1.00' },
        { account: `alliance:${h.alliance}:fund:sparks`, amount: '-1.00' },
      ];
      const answers = [
        await h.request('/v1/accounts'),
        await h.request('/v1/accounts', { token: holder }),
        await entry(two),
        await entry('none', newKey()),
        await entry(two, newKey()),
        await h.request('/v1/entries/ent_none', { token: coordinator }),
        await h.request(`/v1/accounts/${bank}`, { token: coordinator }),
        await h.request('/v1/entries', {
          method: 'POST',
          token: coordinator,
          key: newKey(),
          headers: { 'content-type': 'application/json' },
          body: '{"postings": [',
        }),
      ];
      expect(answers.map((a) => a.status)).toEqual([401, 403, 400, 422, 422, 404, 404, 400]);
      const checker = await openApiChecker((p) => h.request(p));
      const problems = checker.seen.filter((s) => s.code !== undefined);
      expect(problems.length).toBeGreaterThanOrEqual(answers.length);
      const unlisted = problems
        .filter((s) => !listedCodes(checker.document, s.operation, s.status).includes(s.code!))
        .map((s) => `${s.operation} ${s.status}: ${s.code}`);
      expect(unlisted, unlisted.join('\n')).toEqual([]);
    });

    it('refuses an answer whose code the operation does not list', async () => {
      const h = await make();
      const checker = await openApiChecker((p) => h.request(p));
      const answer = (code: ProblemCode, status: number) =>
        new Response(
          JSON.stringify({
            type: `urn:kindling:problem:${code}`,
            title: 'Refused',
            status,
            detail: 'Refused.',
            code,
            requestId: 'req_1',
          }),
          { status, headers: { 'content-type': 'application/problem+json' } },
        );
      await expect(
        checker.check('GET', '/v1/entries/ent_1', answer('entry_not_found', 404)),
      ).resolves.toBeUndefined();
      await expect(
        checker.check('GET', '/v1/entries/ent_1', answer('pool_not_found', 404)),
      ).rejects.toThrow(/GET \/v1\/entries\/\{id\} 404 does not match/);
      await expect(
        checker.check('GET', '/v1/entries/ent_1', answer('not_quorate', 409)),
      ).rejects.toThrow(/does not match/);
    });
  });
}
