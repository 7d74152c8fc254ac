import { domainLabel } from '../../core/labels.js';
import type { SittingMinutes } from '../../core/sparks/minutes.js';
import { SummaryList } from './display.js';
import {
  Button,
  Checkboxes,
  DateInput,
  ErrorSummary,
  Hidden,
  Radios,
  TextField,
  type DateParts,
  type FieldErrors,
} from './form.js';
import { longDate, path, pounds } from './format.js';
import { Confirmation, NextLinks } from './layout.js';

/** Opening a sitting: the day, and who is present (lived experience shown, since it counts). */
export const NewSittingForm = (p: {
  members: { id: string; name: string | null; livedExperience: boolean }[];
  date: DateParts;
  chosen: string[];
  errors: FieldErrors;
  /** Sent back with the form, so pressing twice opens one sitting. */
  formKey: string;
}) => (
  <>
    <ErrorSummary errors={p.errors} />
    <h1>Open a panel sitting</h1>
    {p.members.length === 0 ? (
      <p>The alliance has no panel members yet. A coordinator adds them first.</p>
    ) : (
      <form method="post" action="/sparks/sittings" novalidate>
        <Hidden name="key" value={p.formKey} />
        <DateInput
          id="heldOn"
          legend="When is the sitting?"
          value={p.date}
          error={p.errors['heldOn-day'] ?? p.errors['heldOn-month'] ?? p.errors['heldOn-year']}
          bad={(['day', 'month', 'year'] as const).filter((k) => p.errors[`heldOn-${k}`])}
        />
        <Checkboxes
          id="members"
          name="memberIds"
          legend="Who is present?"
          hint="Select everyone sitting on the panel today."
          values={p.chosen}
          error={p.errors.members}
          choices={p.members.map((m) => ({
            value: m.id,
            label: m.name ?? 'A panel member without a name on file',
            hint: m.livedExperience ? 'Lived experience of recovery' : undefined,
          }))}
        />
        <Button>Open the sitting</Button>
      </form>
    )}
  </>
);

export interface Waiting {
  id: string;
  applicantId: string;
  amountAsked: string;
  domain: string;
  receivedOn: string;
  status: string;
  waitingDays: number;
  purpose?: string | null;
  notes?: string | null;
}

/** A decision the panel tried to record and the rules refused, with what was typed. */
export interface Refused {
  applicationId: string;
  values: Record<string, string>;
  conflicts: string[];
  errors: FieldErrors;
  /** Follow-ups that stopped the decision, each linked to its page. */
  overdue?: { href: string; label: string }[];
}

export interface SittingData {
  alliance: {
    quorum: number;
    livedExperienceMajority: boolean;
    grantFloor: string;
    grantCeiling: string;
  };
  minutes: SittingMinutes;
  waiting: Waiting[];
  who: (applicantId: string) => string;
  newKey: () => string;
  /** What the form just did (opened, a conflict, a decision): the confirmation at the top. */
  done: { title: string; body: string; links: { href: string; label: string }[] } | null;
  refused: Refused | null;
}

export const SittingPage = (d: SittingData) => {
  const { minutes } = d;
  const lived = minutes.members.filter((m) => m.livedExperience).length;
  const sittingPath = path`/sparks/sittings/${minutes.sitting.id}`;
  return (
    <>
      <ErrorSummary errors={d.refused?.errors ?? {}} />
      {d.done ? (
        <>
          <Confirmation title={d.done.title} body={d.done.body} links={d.done.links} />
          <h2>Panel sitting of {longDate(minutes.sitting.heldOn)}</h2>
        </>
      ) : (
        <>
          <span class="caption">Panel sitting</span>
          <h1>{longDate(minutes.sitting.heldOn)}</h1>
        </>
      )}
      <SummaryList
        rows={[
          {
            key: 'Present',
            value: `${minutes.members.map((m) => m.name ?? 'A member').join(', ')} (${minutes.members.length}, ${lived} with lived experience)`,
          },
          {
            key: 'Rules',
            value: `At least ${d.alliance.quorum} deciding${d.alliance.livedExperienceMajority ? ', most of them with lived experience' : ''}. Grants from ${pounds(d.alliance.grantFloor)} to ${pounds(d.alliance.grantCeiling)}.`,
          },
          {
            key: 'Decided so far',
            value: minutes.decisions.length,
            action: {
              href: `${sittingPath}/minutes`,
              label: 'Minutes',
              what: 'of this sitting',
            },
          },
        ]}
      />
      <a
        class="button button--secondary"
        href={`/sparks/applications/new?sitting=${encodeURIComponent(minutes.sitting.id)}`}
      >
        Record an application made at this sitting
      </a>
      <h2 id="waiting">Waiting for a decision ({d.waiting.length})</h2>
      {d.waiting.length === 0 && <p>No applications are waiting.</p>}
      {d.waiting.map((a) => (
        <ApplicationCard d={d} a={a} sittingPath={sittingPath} />
      ))}
      <NextLinks
        links={[
          { href: `${sittingPath}/minutes`, label: 'Read the minutes of this sitting' },
          { href: '/sparks', label: 'Go back to Small Sparks' },
        ]}
      />
    </>
  );
};

/** What the panel reads before deciding: what it is for, when asked, and who may decide. */
const CardFacts = ({
  a,
  members,
  free,
  conflicted,
}: {
  a: Waiting;
  members: number;
  free: number;
  conflicted: SittingData['minutes']['conflicts'];
}) => (
  <SummaryList
    rows={[
      { key: 'For', value: domainLabel(a.domain) },
      a.purpose !== undefined && { key: 'In their words', value: a.purpose ?? '' },
      a.notes ? { key: 'Notes', value: a.notes } : null,
      {
        key: 'Asked',
        value: `${longDate(a.receivedOn)}, ${a.waitingDays} days ago${a.status === 'deferred' ? ' (deferred before)' : ''}`,
      },
      {
        key: 'Deciding',
        value: `${free} of ${members}${conflicted.length ? `; conflicts declared by ${conflicted.map((c) => c.memberName ?? 'a member').join(', ')}` : ''}`,
      },
    ]}
  />
);

/** The overdue follow-ups that stop an award, with where to hear or waive them. */
const Overdue = ({ links }: { links?: { href: string; label: string }[] }) => (
  <>
    {!!links?.length && (
      <>
        <p>Hear or waive it first:</p>
        <ul class="links">
          {links.map((l) => (
            <li>
              <a href={l.href}>{l.label}</a>
            </li>
          ))}
        </ul>
      </>
    )}
  </>
);

/** How much to award and what for, shown when the panel chooses to award. */
const AwardFields = ({
  d,
  a,
  v,
  e,
  id,
}: {
  d: SittingData;
  a: Waiting;
  v: Record<string, string>;
  e: Record<string, string>;
  id: (field: string) => string;
}) => (
  <>
    <TextField
      id={id('amount')}
      name="amount"
      label="How much, in pounds"
      hint={`From ${pounds(d.alliance.grantFloor)} to ${pounds(d.alliance.grantCeiling)}`}
      width="w10"
      inputmode="decimal"
      value={v.amount ?? a.amountAsked}
      error={e[id('amount')]}
    />
    <TextField
      id={id('purpose')}
      name="purpose"
      label="What it is for"
      value={v.purpose ?? a.purpose ?? ''}
      error={e[id('purpose')]}
    />
  </>
);

const ApplicationCard = (p: { d: SittingData; a: Waiting; sittingPath: string }) => {
  const { d, a } = p;
  const members = d.minutes.members;
  const conflicted = d.minutes.conflicts.filter((c) => c.applicationId === a.id);
  const free = members.filter((m) => !conflicted.some((c) => c.memberId === m.memberId));
  const refused = d.refused?.applicationId === a.id ? d.refused : null;
  const v = refused?.values ?? {};
  const e = refused?.errors ?? {};
  const id = (field: string) => `${a.id}-${field}`;
  return (
    <section class="card" id={a.id} aria-labelledby={id('title')}>
      <h3 class="card__title" id={id('title')}>
        {d.who(a.applicantId)} asks for {pounds(a.amountAsked)}
      </h3>
      <div class="card__body">
        <CardFacts a={a} members={members.length} free={free.length} conflicted={conflicted} />
        <Overdue links={refused?.overdue} />
        <form method="post" action={`${p.sittingPath}/decisions`} novalidate>
          <Hidden name="applicationId" value={a.id} />
          <Hidden name="key" value={v.key ?? d.newKey()} />
          <Radios
            id={id('outcome')}
            name="outcome"
            legend="What does the panel decide?"
            value={v.outcome}
            error={e[id('outcome')]}
            choices={[
              {
                value: 'award',
                label: 'Award a grant',
                reveal: <AwardFields d={d} a={a} v={v} e={e} id={id} />,
              },
              {
                value: 'decline',
                label: 'Decline',
                reveal: (
                  <TextField
                    id={id('declineReason')}
                    name="declineReason"
                    label="Why the panel declined"
                    value={v.declineReason}
                    error={e[id('declineReason')]}
                  />
                ),
              },
              {
                value: 'defer',
                label: 'Defer to a later sitting',
                reveal: (
                  <TextField
                    id={id('deferReason')}
                    name="deferReason"
                    label="What the panel needs before it decides"
                    value={v.deferReason}
                    error={e[id('deferReason')]}
                  />
                ),
              },
            ]}
          />
          {free.length > 0 && (
            <Checkboxes
              id={id('conflicts')}
              name="conflicts"
              legend="Does anyone present have a conflict of interest?"
              hint="Anyone selected is recorded as conflicted and does not count towards this decision."
              values={refused?.conflicts ?? []}
              error={e[id('conflicts')]}
              choices={free.map((m) => ({ value: m.memberId, label: m.name ?? 'A member' }))}
            />
          )}
          <Button>Record the decision</Button>
        </form>
      </div>
    </section>
  );
};
