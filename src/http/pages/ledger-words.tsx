import type { FC } from 'hono/jsx';
import type { Actor } from '../../core/context.js';
import { manualReasonLabel, MANUAL_REASON_TEXT } from '../../core/labels.js';
import { describeEntry, mayRead } from '../../core/redaction.js';
import { accountNames, ownAccounts } from '../../core/statements/account-names.js';
import { ErrorMessage } from './form.js';
import type { PageContext, PageKit } from './kit.js';
import { join } from './layout.js';

/**
 * Entries and accounts in a treasurer's words. System entries are described from their business
 * event (their stored descriptions carry ids); a treasurer's own entries and reversal reasons are
 * shown as written to those who may read entry text, and as the event's words to the rest.
 */
export function entryWords(
  actor: Pick<Actor, 'role'>,
  e: { description: string; reasonCode: string; reversesEntryId?: string | null },
): string {
  const own = mayRead(actor, 'entryText');
  if (e.reversesEntryId || e.reasonCode === 'reversal') {
    const reason = e.description.replace(/^Reversal of \S+: /, '');
    return own ? `Reversal of an earlier entry: ${reason}` : 'Reversal of an earlier entry';
  }
  if (e.reasonCode in MANUAL_REASON_TEXT)
    return own
      ? `${manualReasonLabel(e.reasonCode)}: ${e.description}`
      : manualReasonLabel(e.reasonCode);
  return describeEntry({ reasonCode: e.reasonCode });
}

export const statementsDeps = (kit: PageKit) => ({
  ...kit.deps,
  statements: kit.deps.store.statements,
});

/**
 * The accounts a page shows, by name, in one read of those rows only: never every account of the
 * alliance (one per award and budget, growing with its history; issue 14).
 */
export async function namedAccounts(kit: PageKit, c: PageContext, codes: readonly string[]) {
  const names = await accountNames(statementsDeps(kit), kit.ctx(c), codes);
  return (code: string) => names.get(code) ?? 'An account';
}

/**
 * What an account can be chosen from: the alliance's own accounts (the bank, the fund, income and
 * those opened by hand; bounded), and any other account already chosen, such as an award's or a
 * budget's picked from its own page ("Post an entry to it"). Two reads, whatever the size.
 */
export async function accountChoices(kit: PageKit, c: PageContext, chosen: readonly string[]) {
  const [own, named] = await Promise.all([
    ownAccounts(statementsDeps(kit), kit.ctx(c)),
    accountNames(statementsDeps(kit), kit.ctx(c), chosen),
  ]);
  const others = [...named]
    .filter(([code]) => !own.some((a) => a.code === code))
    .map(([code, name]) => ({ code, name }));
  return [...own, ...others];
}

/** A choice of account by name; the code travels only as the option's value. */
export const AccountSelect: FC<{
  id: string;
  label: string;
  accounts: { code: string; name: string }[];
  hint?: string | undefined;
  value?: string | undefined;
  error?: string | undefined;
}> = (p) => (
  <div class={join('form-group', p.error && 'form-group--error')}>
    <label class="label" for={p.id}>
      {p.label}
    </label>
    {p.hint && (
      <div id={`${p.id}-hint`} class="hint">
        {p.hint}
      </div>
    )}
    <ErrorMessage id={`${p.id}-error`} text={p.error} />
    <select
      class="select select--wide"
      id={p.id}
      name={p.id}
      aria-describedby={join(p.hint && `${p.id}-hint`, p.error && `${p.id}-error`)}
    >
      <option value="">Choose an account</option>
      {p.accounts.map((a) => (
        <option value={a.code} selected={a.code === p.value}>
          {a.name}
        </option>
      ))}
    </select>
  </div>
);
