import type { ServiceContext } from '../context.js';
import { sumMinor } from '../money.js';
import {
  STATEMENT_READERS,
  generatedOn,
  organisationName,
  requireStatementRole,
  sealFor,
  type StatementsDeps,
} from './common.js';
import { resolveAsOf, type Statement } from './model.js';

/**
 * Every account of the caller's alliance with a balance at the end of a date, in debit and credit
 * columns whose totals agree: the same figures as GET /v1/ledger/trial-balance?asOf=.
 */
export async function trialBalanceStatement(
  deps: StatementsDeps,
  ctx: ServiceContext,
  query: { asOf: string | null },
): Promise<Statement> {
  requireStatementRole(ctx, STATEMENT_READERS, 'the trial balance');
  const asOf = resolveAsOf(query.asOf, generatedOn(ctx));
  const allianceId = ctx.actor.allianceId;
  // The sums and their chain head come from one statement; the seal is then read up to that head.
  const { headSeq, rows } = await deps.statements.trialBalanceAt({ allianceId, asOf });
  const [seal, organisation] = await Promise.all([
    sealFor(deps, { allianceId, from: null, to: asOf, headSeq }),
    organisationName(deps, allianceId),
  ]);
  const debits = sumMinor(rows.filter((r) => r.balanceMinor > 0).map((r) => r.balanceMinor));
  const credits = -sumMinor(rows.filter((r) => r.balanceMinor < 0).map((r) => r.balanceMinor));
  // Double entry makes them equal; if they are not, the books are broken and the statement must not be issued.
  if (debits !== credits)
    throw new Error(
      `trial balance of ${allianceId} at ${asOf} does not balance: debits ${debits}, credits ${credits}`,
    );
  return {
    template: 'trial-balance',
    organisation,
    period: { from: null, to: asOf },
    generatedOn: generatedOn(ctx),
    vars: {},
    sections: [
      {
        kind: 'facts',
        id: 'summary',
        facts: [
          { key: 'accounts', value: String(rows.length) },
          { key: 'debits', value: { minor: debits } },
          { key: 'credits', value: { minor: credits } },
        ],
      },
      {
        kind: 'table',
        id: 'accounts',
        rowCount: rows.length,
        rows: () =>
          rows.map((r) => ({
            code: r.code,
            type: r.type,
            debit: r.balanceMinor > 0 ? { minor: r.balanceMinor } : '',
            credit: r.balanceMinor < 0 ? { minor: -r.balanceMinor } : '',
          })),
        totals: { debit: { minor: debits }, credit: { minor: credits } },
      },
    ],
    seal,
  };
}
