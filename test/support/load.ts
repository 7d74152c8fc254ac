import { call } from './server-process.js';

export interface LoadStats {
  /** Idempotency key → entry id, for every entry the service answered 201 for. */
  acked: Map<string, string>;
  /** Keys sent whose answer never came (connection refused or cut): their fate is unknown. */
  unanswered: string[];
  refused: number;
  cut: number;
  /** Answered 503 service_stopping: nothing done, told to come back. */
  stopping: number;
  cutCodes: string[];
  /** Any answer that was neither 201 nor a replay, with its status. */
  unexpected: { status: number; body: unknown }[];
}

export async function openLedger(base: string, token: string, alliance: string) {
  const bank = `alliance:${alliance}:bank`;
  const fund = `alliance:${alliance}:fund:sparks`;
  for (const [code, type] of [
    [bank, 'asset'],
    [fund, 'fund'],
  ] as const) {
    const res = await call(base, 'POST', '/v1/accounts', {
      token,
      json: { code, type, allowNegative: false },
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(JSON.stringify(res.body));
  }
  return { bank, fund };
}

export function entryBody(accounts: { bank: string; fund: string }, pence: number) {
  const amount = (pence / 100).toFixed(2);
  return {
    effectiveDate: '2026-05-01',
    description: 'Load test entry',
    reasonCode: 'manual_adjustment',
    postings: [
      { account: accounts.bank, amount },
      { account: accounts.fund, amount: `-${amount}` },
    ],
  };
}

const REFUSED = new Set(['ECONNREFUSED']);

/**
 * `clients` loops, each posting entries one after another (a new connection per request) until
 * `stop()` says so. Every request carries its own key, remembered until it is answered.
 */
export async function runLoad(options: {
  base: () => string;
  token: string;
  accounts: { bank: string; fund: string };
  clients: number;
  stop: () => boolean;
  prefix: string;
  stats?: LoadStats;
}): Promise<LoadStats> {
  const stats: LoadStats = options.stats ?? {
    acked: new Map(),
    unanswered: [],
    refused: 0,
    cut: 0,
    stopping: 0,
    cutCodes: [],
    unexpected: [],
  };
  let n = 0;
  const client = async (c: number) => {
    while (!options.stop()) {
      const key = `${options.prefix}-${c}-${++n}`;
      try {
        const res = await call(options.base(), 'POST', '/v1/entries', {
          token: options.token,
          key,
          json: entryBody(options.accounts, 1 + (n % 500)),
        });
        if (res.status === 201) stats.acked.set(key, (res.body as { id: string }).id);
        else if (
          res.status === 503 &&
          (res.body as { code?: string }).code === 'service_stopping'
        ) {
          stats.stopping += 1;
          await new Promise((r) => setTimeout(r, Number(res.headers['retry-after'] ?? 1) * 1000));
        } else stats.unexpected.push({ status: res.status, body: res.body });
      } catch (error) {
        stats.unanswered.push(key);
        if (REFUSED.has((error as NodeJS.ErrnoException).code ?? '')) stats.refused += 1;
        else {
          stats.cut += 1;
          stats.cutCodes.push((error as NodeJS.ErrnoException).code ?? String(error));
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, c) => client(c)));
  return stats;
}
