import { expect } from 'vitest';
import type { Harness } from './harness.js';

export async function body<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Asserts a problem+json response with the given status and code; returns the problem. */
export async function expectProblem(response: Response, status: number, code?: string) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const problem = JSON.parse(text);
  expect(problem).toMatchObject({
    status,
    type: expect.stringContaining('urn:kindling:problem:'),
    title: expect.any(String),
    detail: expect.any(String),
    requestId: expect.any(String),
  });
  if (code) expect(problem.code).toBe(code);
  return problem;
}

export interface LedgerFixture {
  h: Harness;
  coordinator: string;
  bank: string;
  fund: string;
  income: string;
  expense: string;
  open(code: string, type: string, allowNegative?: boolean): Promise<void>;
  post(
    postings: [string, string][],
    options?: { key?: string; date?: string; description?: string },
  ): Promise<Response>;
  balance(code: string): Promise<string>;
  /** Everything a failed request must not have changed. */
  snapshot(): Promise<{ trialBalance: unknown; head: unknown }>;
}

let keys = 0;
export const newKey = () => `key-${Date.now()}-${++keys}`;

/** An alliance with a bank, a Small Sparks fund, an income and an expense account. */
export async function ledgerFixture(h: Harness): Promise<LedgerFixture> {
  const coordinator = await h.token('coordinator');
  const prefix = `alliance:${h.alliance}`;
  const fixture: LedgerFixture = {
    h,
    coordinator,
    bank: `${prefix}:bank`,
    fund: `${prefix}:fund:sparks`,
    income: `${prefix}:income:grants`,
    expense: `${prefix}:expense:travel`,
    async open(code, type, allowNegative = false) {
      const res = await h.request('/v1/accounts', {
        method: 'POST',
        token: coordinator,
        json: { code, type, allowNegative },
      });
      expect([200, 201], await res.clone().text()).toContain(res.status);
    },
    async post(postings, options = {}) {
      return h.request('/v1/entries', {
        method: 'POST',
        token: coordinator,
        key: options.key ?? newKey(),
        json: {
          effectiveDate: options.date ?? '2026-05-01',
          description: options.description ?? 'Test entry',
          reasonCode: 'manual_adjustment',
          postings: postings.map(([account, amount]) => ({ account, amount })),
        },
      });
    },
    async balance(code) {
      const res = await h.request(`/v1/accounts/${code}`, { token: coordinator });
      expect(res.status).toBe(200);
      return (await body(res)).normalBalance;
    },
    async snapshot() {
      const tb = await body(await h.request('/v1/ledger/trial-balance', { token: coordinator }));
      return { trialBalance: tb, head: await h.store.chainHead() };
    },
  };
  await fixture.open(fixture.bank, 'asset');
  await fixture.open(fixture.fund, 'fund');
  await fixture.open(fixture.income, 'income', true);
  await fixture.open(fixture.expense, 'expense');
  return fixture;
}
