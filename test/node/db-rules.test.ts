import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULE_CASES, dbRulesContract } from '../contract/db-rules.contract.js';
import { makeHarness } from '../contract/harness.js';
import { MIGRATIONS_FOLDER, openSqlite } from '../../src/store/node-store.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

dbRulesContract(() => {
  const path = join(dir, 'rules.sqlite');
  return makeHarness(
    'node',
    openSqlite({ path }).store,
    () => openSqlite({ path, migrate: false }).store,
  );
});

/** The CHECKs money depends on (the others bound settings: quorum, follow-up window). */
const MONEY_CHECKS = [
  'balance_rule',
  'amount_not_zero',
  'amount_asked_positive',
  'disbursement_positive',
  'return_positive',
  'spend_positive',
  'grant_limits',
  'budget_period',
  'reserve_draw_positive',
];

describe('the list of database rules', () => {
  it('has a case for every RAISE in drizzle/*.sql and every money CHECK', () => {
    const raised: string[] = [];
    for (const file of readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql'))) {
      const text = readFileSync(join(MIGRATIONS_FOLDER, file), 'utf8');
      for (const trigger of text.split(/CREATE TRIGGER /).slice(1)) {
        const name = /^`([^`]+)`/.exec(trigger)?.[1];
        const body = trigger.split(/\nEND;/)[0]!;
        for (const m of body.matchAll(/RAISE\(ABORT, '([a-z_]+)'\)/g))
          raised.push(`${name}: ${m[1]}`);
      }
    }
    expect(raised.length).toBeGreaterThan(60);
    const covered = new Set(RULE_CASES.map((c) => `${c.rule}: ${c.message}`));
    expect(raised.filter((r) => !covered.has(r))).toEqual([]);
    expect(
      MONEY_CHECKS.filter(
        (name) =>
          !RULE_CASES.some(
            (c) => c.rule === name && c.message.endsWith(`CHECK constraint failed: ${name}`),
          ),
      ),
    ).toEqual([]);
  });
});
