import type { BudgetDeps } from '../../core/budgets/common.js';
import { accountStatement } from '../../core/statements/account.js';
import { budgetStatement } from '../../core/statements/budget.js';
import type { StatementsDeps } from '../../core/statements/common.js';
import { fundStatement } from '../../core/statements/fund.js';
import { grantRegisterStatement } from '../../core/statements/grant-register.js';
import { hledgerJournal } from '../../core/statements/journal-hledger.js';
import { poolStatement } from '../../core/statements/pool.js';
import { postingsCsv } from '../../core/statements/postings-csv.js';
import { trialBalanceStatement } from '../../core/statements/trial-balance.js';
import { renderStatementPdf } from '../../pdf/render.js';
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import { streamText } from '../stream.js';
import type { Handlers } from './kit.js';
import { statementRoutes as routes } from './statements-routes.js';

type Deps = AppDeps & StatementsDeps & BudgetDeps;
const ctx = (c: Parameters<typeof serviceContext>[0], deps: Deps) => serviceContext(c, deps);

const handlers: Handlers<typeof routes, Deps> = {
  accountStatement: (deps) => async (c) => {
    const q = c.req.valid('query');
    const statement = await accountStatement(deps, ctx(c, deps), c.req.valid('param').code, {
      from: q.from ?? null,
      to: q.to ?? null,
    });
    return pdfResponse(
      await renderStatementPdf(statement),
      `${safeName(c.req.valid('param').code)}-statement-${statement.period.from}-${statement.period.to}.pdf`,
    );
  },
  trialBalance: (deps) => async (c) => {
    const statement = await trialBalanceStatement(deps, ctx(c, deps), {
      asOf: c.req.valid('query').asOf ?? null,
    });
    return pdfResponse(
      await renderStatementPdf(statement),
      `trial-balance-${c.get('actor').allianceId}-${statement.period.to}.pdf`,
    );
  },
  fundStatement: (deps) => async (c) => {
    const q = c.req.valid('query');
    const alliance = c.req.valid('param').alliance;
    const statement = await fundStatement(deps, ctx(c, deps), alliance, {
      from: q.from ?? null,
      to: q.to ?? null,
    });
    return pdfResponse(
      await renderStatementPdf(statement),
      `${alliance}-sparks-fund-${statement.period.from}-${statement.period.to}.pdf`,
    );
  },
  grantRegister: (deps) => async (c) => {
    const q = c.req.valid('query');
    const alliance = c.req.valid('param').alliance;
    const statement = await grantRegisterStatement(deps, ctx(c, deps), alliance, {
      from: q.from ?? null,
      to: q.to ?? null,
    });
    return pdfResponse(
      await renderStatementPdf(statement),
      `${alliance}-grant-register-${statement.period.from}-${statement.period.to}.pdf`,
    );
  },
  postingsCsv: (deps) => async (c) => {
    const q = c.req.valid('query');
    const { filename, lines } = await postingsCsv(deps, ctx(c, deps), c.req.valid('param').code, {
      from: q.from ?? null,
      to: q.to ?? null,
    });
    return textResponse(lines, 'text/csv; charset=utf-8', filename);
  },
  journal: (deps) => async (c) => {
    const q = c.req.valid('query');
    const { filename, lines } = await hledgerJournal(deps, ctx(c, deps), {
      from: q.from ?? null,
      to: q.to ?? null,
    });
    return textResponse(lines, 'text/plain; charset=utf-8', filename);
  },
  budgetStatement: (deps) => async (c) => {
    const q = c.req.valid('query');
    const statement = await budgetStatement(deps, ctx(c, deps), c.req.valid('param').budget, {
      from: q.from ?? null,
      to: q.to ?? null,
    });
    return pdfResponse(
      await renderStatementPdf(statement),
      `budget-${safeName(c.req.valid('param').budget)}-${statement.period.from}-${statement.period.to}.pdf`,
    );
  },
  poolStatement: (deps) => async (c) => {
    const q = c.req.valid('query');
    const poolId = c.req.valid('param').pool;
    const statement = await poolStatement(deps, ctx(c, deps), poolId, {
      from: q.from ?? null,
      to: q.to ?? null,
    });
    return pdfResponse(
      await renderStatementPdf(statement),
      `pool-${safeName(poolId)}-${statement.period.from}-${statement.period.to}.pdf`,
    );
  },
};

/**
 * Statements (PDF, laid out by templates/statements/) and exports (CSV, hledger journal). Every
 * one streams: the response starts while the rows are still being read.
 */
export function statementsRoutes(appDeps: AppDeps) {
  const deps: Deps = {
    ...appDeps,
    sparks: appDeps.store.sparks,
    statements: appDeps.store.statements,
    budgets: appDeps.store.budgets,
  };
  return createRouter()
    .openapi(routes.accountStatement, handlers.accountStatement(deps))
    .openapi(routes.trialBalance, handlers.trialBalance(deps))
    .openapi(routes.fundStatement, handlers.fundStatement(deps))
    .openapi(routes.grantRegister, handlers.grantRegister(deps))
    .openapi(routes.postingsCsv, handlers.postingsCsv(deps))
    .openapi(routes.journal, handlers.journal(deps))
    .openapi(routes.budgetStatement, handlers.budgetStatement(deps))
    .openapi(routes.poolStatement, handlers.poolStatement(deps));
}

const DOWNLOAD_HEADERS = {
  'cache-control': 'private, no-store',
  'x-content-type-options': 'nosniff',
};

function pdfResponse(body: ReadableStream<Uint8Array>, filename: string): never {
  return new Response(body, {
    status: 200,
    headers: {
      ...DOWNLOAD_HEADERS,
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${filename}"`,
    },
  }) as never;
}

/** Streams text lines as a download (see streamText for what happens after the first byte). */
function textResponse(lines: AsyncIterator<string>, contentType: string, filename: string): never {
  return streamText(lines, {
    ...DOWNLOAD_HEADERS,
    'content-type': contentType,
    'content-disposition': `attachment; filename="${filename}"`,
  }) as never;
}

/** An account code as a file name: colons are not allowed in names on every system. */
function safeName(code: string): string {
  return code.replaceAll(':', '_');
}
