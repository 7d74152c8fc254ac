import type { Statement } from '../core/statements/model.js';
import { fill, longDate } from './format.js';
import type { Template } from './template.js';

/** Everything a template's words may name, besides `page` and `pages`. */
export function headerVars(statement: Statement, template: Template): Record<string, string> {
  const c = template.common;
  const date = (iso: string) => longDate(iso, c);
  const base: Record<string, string> = {};
  // Dates among a statement's own values print as the header's dates do.
  for (const [key, value] of Object.entries(statement.vars))
    base[key] = /^\d{4}-\d{2}-\d{2}$/.test(value) ? date(value) : value;
  base.organisation = statement.organisation;
  base.from = statement.period.from === null ? '' : date(statement.period.from);
  base.to = date(statement.period.to);
  base.generatedOn = date(statement.generatedOn);
  base.period = fill(statement.period.from === null ? c.period.at : c.period.range, base);
  base.title = fill(template.statement.title, base);
  const standing = statement.standing;
  base.runsTo = date(standing.runsTo);
  base.lockedThrough = standing.lockedThrough === null ? '' : date(standing.lockedThrough);
  base.standing = fill(standing.final ? c.standing.final : c.standing.toDate, base);
  const seal = statement.seal;
  base.sealScope = statement.period.from === null ? c.seal.scope.at : c.seal.scope.range;
  if (seal.last) {
    Object.assign(base, {
      sealFirst: String(seal.firstSeq),
      sealLast: String(seal.last.seq),
      sealEntry: seal.last.entryId,
      sealHash: seal.last.hash,
      sealRecordedAt: seal.last.recordedAt,
      sealShort: `${seal.last.seq}:${seal.last.hash.slice(0, 16)}`,
    });
  } else {
    base.sealShort = c.seal.shortNone;
  }
  return base;
}
