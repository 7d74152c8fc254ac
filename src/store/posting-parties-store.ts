import { eq } from 'drizzle-orm';
import type { PostingParty } from '../core/statements/store.js';
import { inList } from './in-list.js';
import {
  applicants,
  awards,
  budgets,
  disbursements,
  grantReturns,
  people,
  poolPurchases,
  pools,
  receipts,
  spends,
} from './schema.js';
import type { AnyDb } from './sqlite-store.js';

const none = { organisation: null, reference: null, personReference: null, personName: null };

/**
 * Who each entry paid or was paid by: receipts, payments, returns and pool purchases. One
 * statement per kind of row whatever the number of entries: the ids go as one parameter.
 */
export async function entryParties(db: AnyDb, ids: readonly string[]) {
  const out: (PostingParty & { entryId: string })[] = [];
  const [rec, paid, back, bought] = await Promise.all([
    db.select().from(receipts).where(inList(receipts.entryId, ids)),
    db
      .select({ d: disbursements, reference: applicants.reference, name: applicants.name })
      .from(disbursements)
      .innerJoin(awards, eq(awards.id, disbursements.awardId))
      .innerJoin(applicants, eq(applicants.id, awards.applicantId))
      .where(inList(disbursements.entryId, ids)),
    db
      .select({
        entryId: grantReturns.entryId,
        reference: applicants.reference,
        name: applicants.name,
      })
      .from(grantReturns)
      .innerJoin(awards, eq(awards.id, grantReturns.awardId))
      .innerJoin(applicants, eq(applicants.id, awards.applicantId))
      .where(inList(grantReturns.entryId, ids)),
    db
      .select({
        entryId: poolPurchases.entryId,
        provider: poolPurchases.provider,
        pool: pools.name,
      })
      .from(poolPurchases)
      .innerJoin(pools, eq(pools.id, poolPurchases.poolId))
      .where(inList(poolPurchases.entryId, ids)),
  ]);
  for (const r of rec)
    out.push({
      ...none,
      entryId: r.entryId,
      kind: 'receipt',
      organisation: r.funder,
      reference: r.reference,
      method: null,
    });
  for (const r of paid)
    out.push({
      entryId: r.d.entryId,
      kind: 'payment',
      organisation: r.d.supplier,
      reference: r.d.reference,
      personReference: r.reference,
      personName: r.name,
      method: r.d.method,
    });
  for (const r of back)
    out.push({
      ...none,
      entryId: r.entryId,
      kind: 'return',
      personReference: r.reference,
      personName: r.name,
      method: null,
    });
  for (const r of bought)
    out.push({
      ...none,
      entryId: r.entryId,
      kind: 'purchase',
      organisation: r.provider,
      reference: r.pool,
      method: null,
    });
  return out;
}

/** Who each budget spend paid, and whose budget it was: one statement. */
export async function spendParties(db: AnyDb, ids: readonly string[]) {
  const out: (PostingParty & { spendId: string })[] = [];
  const rows = await db
    .select({
      id: spends.id,
      provider: spends.provider,
      reference: people.reference,
      name: people.name,
    })
    .from(spends)
    .innerJoin(budgets, eq(budgets.id, spends.budgetId))
    .innerJoin(people, eq(people.id, budgets.holderId))
    .where(inList(spends.id, ids));
  for (const r of rows)
    out.push({
      spendId: r.id,
      kind: 'spend',
      organisation: r.provider,
      reference: null,
      personReference: r.reference,
      personName: r.name,
      method: null,
    });
  return out;
}
