import { expect } from 'vitest';
import type { Harness } from './harness.js';
import { newKey } from './helpers.js';

export interface BudgetsFixture {
  h: Harness;
  coordinator: string;
  auditor: string;
  stream: string;
  people: Record<'holder' | 'other' | 'supporter' | 'broker', { id: string; token: string }>;
  call(
    method: string,
    path: string,
    token: string,
    json?: unknown,
    key?: string | false,
  ): Promise<Response>;
  ok<T = any>(
    method: string,
    path: string,
    json?: unknown,
    options?: { token?: string; key?: string | false; status?: number },
  ): Promise<T>;
  budget(
    holder: string,
    options?: {
      mode?: 'self' | 'joint' | 'managed';
      allocate?: string;
      stream?: string;
      coHolders?: string[];
      broker?: string;
      start?: string;
      end?: string;
    },
  ): Promise<string>;
  money(budgetId: string, token?: string): Promise<Record<string, string>>;
  snapshot(): Promise<unknown>;
}

/**
 * An alliance with a treatment stream (5% top-slice, spends above £100 need a second approval,
 * no gambling or alcohol), a holder, a second holder, a supporter who can co-hold, and a broker.
 */
export async function budgetsFixture(
  h: Harness,
  stream: Record<string, unknown> = {},
): Promise<BudgetsFixture> {
  const coordinator = await h.token('coordinator');
  const auditor = await h.token('auditor');
  const f: BudgetsFixture = {
    h,
    coordinator,
    auditor,
    stream: '',
    people: {} as BudgetsFixture['people'],
    call(method, path, token, json, key) {
      return h.request(`/v1/${path}`, {
        method,
        token,
        ...(json === undefined ? {} : { json }),
        ...(key === false ? {} : { key: key ?? newKey() }),
      });
    },
    async ok(method, path, json, options = {}) {
      const res = await f.call(method, path, options.token ?? coordinator, json, options.key);
      const text = await res.text();
      expect(res.status, `${method} ${path}: ${text}`).toBe(
        options.status ?? (method === 'POST' ? 201 : 200),
      );
      return JSON.parse(text);
    },
    async budget(holder, options = {}) {
      const mode = options.mode ?? 'self';
      const created = await f.ok(
        'POST',
        'budgets',
        {
          holderId: holder,
          streamId: options.stream ?? f.stream,
          periodStart: options.start ?? '2026-04-01',
          periodEnd: options.end ?? '2027-03-31',
          controlMode: mode,
          ...(mode === 'joint'
            ? { coHolderIds: options.coHolders ?? [f.people.supporter.id] }
            : {}),
          ...(mode === 'managed' ? { brokerId: options.broker ?? f.people.broker.id } : {}),
        },
        { key: false },
      );
      if (options.allocate)
        await f.ok('POST', `budgets/${created.id}/allocations`, {
          amount: options.allocate,
          allocatedOn: '2026-04-02',
        });
      return created.id;
    },
    async money(budgetId, token = coordinator) {
      const b = await f.ok('GET', `budgets/${budgetId}`, undefined, { token, key: false });
      return {
        allocated: b.allocated,
        spent: b.spent,
        pending: b.pending,
        available: b.available,
        inPools: b.inPools,
      };
    },
    async snapshot() {
      const [tb, budgets, head] = await Promise.all([
        f.ok('GET', 'ledger/trial-balance', undefined, { key: false }),
        f.ok('GET', 'budgets', undefined, { key: false }),
        h.store.chainHead(),
      ]);
      return { tb, budgets, head };
    },
  };
  f.stream = (
    await f.ok(
      'POST',
      'streams',
      {
        name: 'Treatment',
        forbiddenCategories: ['gambling', 'alcohol'],
        extraCategories: ['gambling', 'alcohol', 'travel', 'therapy'],
        approvalLimit: '100.00',
        topSlicePercent: '5',
        periodEndRule: 'return',
        ...stream,
      },
      { key: false },
    )
  ).id;
  await f.ok('POST', `streams/${f.stream}/funding`, {
    amount: '20000.00',
    receivedOn: '2026-04-01',
    funder: 'Council',
  });
  for (const [name, kind] of [
    ['holder', 'holder'],
    ['other', 'holder'],
    ['supporter', 'supporter'],
    ['broker', 'broker'],
  ] as const) {
    const person = await f.ok('POST', 'people', { kind }, { key: false });
    f.people[name] = {
      id: person.id,
      token: await h.token(kind === 'broker' ? 'broker' : 'holder', { holder: person.id }),
    };
  }
  return f;
}
