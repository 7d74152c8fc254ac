import type { Child } from 'hono/jsx';
import type { CodeView } from '../../core/sign-in/codes.js';
import { Button, ErrorSummary, Hidden, Radios, TextField } from './form.js';
import { longDate } from './format.js';
import { NextLinks, Panel } from './layout.js';
import { ROLES, type Role } from '../../core/context.js';

/** What the sign-in codes pages show: the form and the list, and the printable slip. */

/** Roles as a coordinator says them. */
export const ROLE_WORDS: Record<Role, string> = {
  coordinator: 'Coordinator',
  panel: 'Panel member',
  holder: 'Budget holder',
  broker: 'Broker',
  auditor: 'Auditor',
};
const ROLE_HINTS: Record<Role, string> = {
  coordinator: 'Runs the alliance’s money and gives out sign-in codes',
  panel: 'Records applications, sits on panels and decides',
  holder: 'Sees their own budgets',
  broker: 'Spends managed budgets for their holders',
  auditor: 'Reads figures and statements, never anyone’s story',
};
const STATE_WORDS: Record<CodeView['state'], string> = {
  waiting: 'Not used yet',
  used: 'Used',
  expired: 'Expired before it was used',
  withdrawn: 'Withdrawn',
};

export type Values = {
  personName?: string;
  role?: string;
  holderId?: string;
  days?: string;
  /** The form's idempotency key: pressing twice issues one code. */
  key?: string;
};

/** A fresh key for each form drawn, so pressing its button twice does the job once. */
const newKey = () => `form_${crypto.randomUUID()}`;
export type Errors = Partial<Record<keyof Values, string>>;

export function slip(view: CodeView, code: string | null, signInAt: string) {
  const back = (
    <ul class="links">
      <li>
        <a href="/access">Go back to sign-in codes</a>
      </li>
    </ul>
  );
  if (!code)
    return (
      <>
        <h1>Sign-in code already shown</h1>
        <p>
          A sign-in code is shown only once, and this one has been. If the slip is lost, give{' '}
          {view.personName} a new code: the old one stops working.
        </p>
        <form method="post" action={`/access/codes/${encodeURIComponent(view.id)}/reissue`}>
          <Hidden name="key" value={newKey()} />
          <Button>Give {view.personName} a new code</Button>
        </form>
        {back}
      </>
    );
  return (
    <>
      <Panel
        title={`Sign-in code for ${view.personName}`}
        body={`${ROLE_WORDS[view.role]}: works once, until ${longDate(view.expiresAt)}`}
      />
      <div class="card slip">
        <div class="card__body">
          <p>
            Kindling sign-in code for <strong>{view.personName}</strong> ({ROLE_WORDS[view.role]})
          </p>
          <p class="slip-code">{code}</p>
          <p>
            Go to <strong>{signInAt}</strong> and type the code. It works once, until{' '}
            {longDate(view.expiresAt)}.
          </p>
        </div>
      </div>
      <p>
        This is the only time the code is shown. Print this page or copy the code onto a slip, and
        give it to {view.personName} yourself.
      </p>
      <NextLinks
        links={[
          { href: '/access', label: 'Go back to sign-in codes' },
          { href: '/access#personName', label: 'Give someone else a code' },
        ]}
      />
    </>
  );
}

export function codesPage(
  { items: codes, pager }: { items: (CodeView & { openSessions: number })[]; pager: Child },
  v: Values,
  e: Errors,
  heading: 'h1' | 'h2' = 'h1',
) {
  return (
    <>
      <ErrorSummary errors={e as Record<string, string>} />
      {heading === 'h1' ? <h1>Sign-in codes</h1> : <h2>Sign-in codes</h2>}
      <p>
        Give each person a code to sign in on their phone. A code works once, for one person and
        what they do, and expires. Withdrawing a code signs that person out everywhere.
      </p>
      <h2>Give someone a code</h2>
      <form method="post" action="/access/codes" novalidate>
        <Hidden name="key" value={v.key ?? newKey()} />
        <TextField
          id="personName"
          label="Who is it for?"
          hint="Initials or a first name is enough"
          error={e.personName}
          value={v.personName}
          width="w20"
        />
        <Radios
          id="role"
          legend="What do they do?"
          error={e.role}
          value={v.role}
          choices={ROLES.map((r) => ({ value: r, label: ROLE_WORDS[r], hint: ROLE_HINTS[r] }))}
        />
        <TextField
          id="holderId"
          label="Their IB- reference (budget holders and brokers only)"
          hint="On their budget papers, like IB-7KQ2-M9XD"
          error={e.holderId}
          value={v.holderId}
          width="w20"
        />
        <TextField
          id="days"
          label="Days until it expires"
          error={e.days}
          value={v.days ?? '7'}
          width="w4"
          inputmode="numeric"
        />
        <Button>Make the code</Button>
      </form>
      <h2>Codes given out</h2>
      {codes.length === 0 && <p>No codes yet.</p>}
      {codes.map((c) => (
        <div class="card">
          <h3 class="card__title">
            {c.personName}: {ROLE_WORDS[c.role]}
          </h3>
          <div class="card__body">
            <p>
              {STATE_WORDS[c.state]}
              {c.state === 'waiting'
                ? `, until ${longDate(c.expiresAt)}`
                : c.usedAt
                  ? ` on ${longDate(c.usedAt)}`
                  : ''}
              . Given on {longDate(c.createdAt)}.{c.openSessions ? ' Signed in now.' : ''}
            </p>
            <div class="button-group">
              <form method="post" action={`/access/codes/${encodeURIComponent(c.id)}/reissue`}>
                <Hidden name="key" value={newKey()} />
                <Button secondary>
                  Give a new code<span class="visually-hidden"> to {c.personName}</span>
                </Button>
              </form>
              {c.state !== 'withdrawn' && (
                <form method="post" action={`/access/codes/${encodeURIComponent(c.id)}/withdraw`}>
                  <Hidden name="key" value={newKey()} />
                  <Button secondary>
                    Withdraw and sign out<span class="visually-hidden"> {c.personName}</span>
                  </Button>
                </form>
              )}
            </div>
          </div>
        </div>
      ))}
      {pager}
    </>
  );
}
