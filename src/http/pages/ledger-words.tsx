import type { FC } from 'hono/jsx';
import type { Actor } from '../../core/context.js';
import { manualReasonLabel, MANUAL_REASON_TEXT } from '../../core/labels.js';
import { describeEntry, mayRead } from '../../core/redaction.js';
import { statementAccounts } from '../../core/statements/account-names.js';
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

/** Every account of the alliance by name, the bank first (statementAccounts' order). */
export async function namedAccounts(kit: PageKit, c: PageContext) {
  const list = await statementAccounts(
    { ...kit.deps, statements: kit.deps.store.statements },
    kit.ctx(c),
  );
  return { list, name: (code: string) => list.find((a) => a.code === code)?.name ?? 'An account' };
}

/** A choice of account by name; the code travels only as the option's value. */
export const AccountSelect: FC<{
  id: string;
  label: string;
  accounts: { code: string; name: string }[];
  value?: string | undefined;
  error?: string | undefined;
}> = (p) => (
  <div class={join('form-group', p.error && 'form-group--error')}>
    <label class="label" for={p.id}>
      {p.label}
    </label>
    <ErrorMessage id={`${p.id}-error`} text={p.error} />
    <select
      class="select select--wide"
      id={p.id}
      name={p.id}
      aria-describedby={p.error ? `${p.id}-error` : undefined}
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
