import { KindlingError, invalid } from '../../core/errors.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { getAlliance } from '../../core/sparks/alliances.js';
import {
  declareConflict,
  decide,
  getSitting,
  openSitting,
  workingList,
} from '../../core/sparks/grants.js';
import { listPanelMembers } from '../../core/sparks/people.js';
import { h, longDate, pounds, type Html } from './html.js';
import { formAmount, text, texts, type PageContext, type PageKit } from './kit.js';

/**
 * Panel sittings: open one, declare conflicts, decide. The same use cases as the API, so every
 * rule (quorum, lived-experience majority, floor and ceiling, the fund, an overdue follow-up)
 * refuses the same way; a refusal is shown beside the application and writes nothing.
 */
export function sittingRoutes(kit: PageKit): void {
  kit.get('/sparks/sittings/new', async (c) => {
    const members = await listPanelMembers(kit.deps, kit.ctx(c), c.get('actor').allianceId);
    return kit.page(
      c,
      'Open a sitting',
      newSittingForm(isoDateOf(kit.deps.clock()), members.items, kit.deps.ids('form')),
    );
  });

  kit.post('/sparks/sittings', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const memberIds = texts(form.memberIds);
    const key = text(form.key);
    // The form's own key: pressing Open twice opens one sitting.
    const sitting = await openSitting(
      kit.deps,
      kit.ctx(c),
      c.get('actor').allianceId,
      { heldOn: text(form.heldOn) ?? '', memberIds },
      { key: key ?? null },
    );
    return c.redirect(`/sparks/sittings/${sitting.id}`, 303);
  });

  const sittingView = async (
    c: PageContext,
    sittingId: string,
    problem: { applicationId: string | null; error: KindlingError } | null,
  ) => {
    const allianceId = c.get('actor').allianceId;
    const [alliance, sitting, members, work] = await Promise.all([
      getAlliance(kit.deps, kit.ctx(c), allianceId),
      getSitting(kit.deps, kit.ctx(c), allianceId, sittingId),
      listPanelMembers(kit.deps, kit.ctx(c), allianceId),
      workingList(kit.deps, kit.ctx(c), allianceId, 0),
    ]);
    const decided = c.req.query('decided');
    const body = sittingPage({
      alliance,
      sitting,
      names: new Map(members.items.map((m) => [m.id, m.name])),
      waiting: work.awaitingDecision,
      key: () => kit.deps.ids('form'),
      notice: decided && !problem ? `The decision on ${decided} is recorded.` : null,
      problem: problem
        ? { applicationId: problem.applicationId, detail: problem.error.detail }
        : null,
    });
    const status = !problem
      ? 200
      : problem.error.kind === 'invalid'
        ? 422
        : problem.error.kind === 'not_found'
          ? 404
          : problem.error.kind === 'forbidden'
            ? 403
            : 409;
    return kit.page(c, 'Panel sitting', body, status);
  };

  /** Runs a form's write; a refusal the panel can act on is drawn on the sitting page, beside the application. */
  const sittingWrite = async (
    c: PageContext,
    write: (
      form: Record<string, string | File | (string | File)[]>,
      sittingId: string,
    ) => Promise<string>,
  ) => {
    const sittingId = c.req.param('sitting')!;
    const form = await c.req.parseBody({ all: true });
    const applicationId = text(form.applicationId) ?? null;
    try {
      return c.redirect(await write(form, sittingId), 303);
    } catch (error) {
      if (
        error instanceof KindlingError &&
        error.kind !== 'unauthenticated' &&
        error.kind !== 'forbidden'
      ) {
        if (error.code === 'sitting_not_found') throw error;
        return sittingView(c, sittingId, { applicationId, error });
      }
      throw error;
    }
  };

  kit.get('/sparks/sittings/:sitting', (c) => sittingView(c, c.req.param('sitting')!, null));

  kit.post('/sparks/sittings/:sitting/conflicts', (c) =>
    sittingWrite(c, async (form, sittingId) => {
      const applicationId = text(form.applicationId) ?? '';
      await declareConflict(kit.deps, kit.ctx(c), c.get('actor').allianceId, sittingId, {
        applicationId,
        memberId: text(form.memberId) ?? '',
      });
      return `/sparks/sittings/${sittingId}#${applicationId}`;
    }),
  );

  kit.post('/sparks/sittings/:sitting/decisions', (c) =>
    sittingWrite(c, async (form, sittingId) => {
      const applicationId = text(form.applicationId) ?? '';
      const outcome = text(form.outcome);
      if (outcome !== 'award' && outcome !== 'decline' && outcome !== 'defer')
        throw invalid('validation_failed', 'Choose award, decline or defer.', [
          { path: 'outcome', message: 'award, decline or defer' },
        ]);
      const amountMinor = outcome === 'award' ? formAmount(form.amount) : undefined;
      await decide(
        kit.deps,
        kit.ctx(c),
        c.get('actor').allianceId,
        applicationId,
        {
          sittingId,
          outcome,
          amountMinor,
          purpose: outcome === 'award' ? text(form.purpose) : undefined,
          reason: outcome === 'decline' ? text(form.reason) : undefined,
        },
        text(form.key) ?? null,
      );
      return `/sparks/sittings/${sittingId}?decided=${encodeURIComponent(applicationId)}`;
    }),
  );
}

/** What the sitting page is drawn from: the use cases' views, as the API returns them. */
export interface SittingPageData {
  alliance: {
    name: string;
    quorum: number;
    livedExperienceMajority: boolean;
    grantFloor: string;
    grantCeiling: string;
    followUpDays: number;
  };
  sitting: {
    id: string;
    heldOn: string;
    members: { memberId: string; livedExperience: boolean }[];
    conflicts: { applicationId: string; memberId: string }[];
  };
  names: Map<string, string | null>;
  waiting: {
    id: string;
    applicantId: string;
    amountAsked: string;
    domain: string;
    receivedOn: string;
    status: string;
    waitingDays: number;
    purpose?: string | null;
    notes?: string | null;
  }[];
  /** A fresh idempotency key per form, so pressing the button twice decides once. */
  key: (applicationId: string) => string;
  notice: string | null;
  problem: { applicationId: string | null; detail: string } | null;
}

/** Opening a sitting: the date and who is present. */
export function newSittingForm(
  today: string,
  members: { id: string; name: string | null; livedExperience: boolean }[],
  key: string,
): Html {
  return h`<h1>Open a panel sitting</h1>
<form method="post" action="/sparks/sittings" class="card">
<input type="hidden" name="key" value="${key}">
<label for="heldOn">Date of the sitting</label>
<input id="heldOn" name="heldOn" type="date" value="${today}" required>
<fieldset><legend>Who is present</legend>
${members.length ? members.map((m) => h`<label><input type="checkbox" name="memberIds" value="${m.id}"> ${m.name ?? m.id}${m.livedExperience ? h` <span class="muted">(lived experience)</span>` : ''}</label>`) : h`<p class="muted">The alliance has no panel members yet: a coordinator adds them.</p>`}
</fieldset>
<p><button type="submit">Open the sitting</button></p>
</form>`;
}

/**
 * A sitting as the panel works through it: who sat, and each application waiting for a
 * decision with what was asked and why, who has declared a conflict, and the decision form.
 */
export function sittingPage(d: SittingPageData): Html {
  const { sitting, alliance } = d;
  const lived = sitting.members.filter((m) => m.livedExperience).length;
  const name = (id: string) => d.names.get(id) ?? id;
  return h`<h1>Panel sitting, ${longDate(sitting.heldOn)}</h1>
${d.notice ? h`<p class="notice" role="status">${d.notice}</p>` : ''}
${d.problem && !d.problem.applicationId ? h`<p class="error" role="alert">${d.problem.detail}</p>` : ''}
<p>Present: ${sitting.members.map((m, i) => h`${i ? ', ' : ''}${name(m.memberId)}`)} (${sitting.members.length}, ${lived} with lived experience).
Quorum ${alliance.quorum}${alliance.livedExperienceMajority ? '; people with lived experience must be the majority of those deciding' : ''}.
Grants from ${pounds(alliance.grantFloor)} to ${pounds(alliance.grantCeiling)}; follow-up within ${alliance.followUpDays} days.</p>
<p class="muted">Reference ${sitting.id}: keep this page's address to come back to the sitting.</p>
<h2>Waiting for a decision (${d.waiting.length})</h2>
${d.waiting.length ? d.waiting.map((a) => application(d, a, name)) : h`<p class="muted">No applications are waiting.</p>`}`;
}

function application(
  d: SittingPageData,
  a: SittingPageData['waiting'][number],
  name: (id: string) => string,
): Html {
  const conflicted = d.sitting.conflicts
    .filter((c) => c.applicationId === a.id)
    .map((c) => c.memberId);
  const deciding = d.sitting.members.filter((m) => !conflicted.includes(m.memberId));
  const free = d.sitting.members.filter((m) => !conflicted.includes(m.memberId));
  const problem = d.problem?.applicationId === a.id ? d.problem.detail : null;
  return h`<section class="card" id="${a.id}" aria-labelledby="h-${a.id}">
<h3 id="h-${a.id}">${pounds(a.amountAsked)} for ${a.domain} <span class="muted">(<a href="/sparks/applications/${a.id}">${a.id}</a>, applicant ${a.applicantId})</span></h3>
${problem ? h`<p class="error" role="alert">${problem}</p>` : ''}
<p>${a.purpose ?? ''}${a.notes ? h`<br><span class="muted">Notes: ${a.notes}</span>` : ''}</p>
<p class="muted">Received ${longDate(a.receivedOn)}, ${a.waitingDays} days ago${a.status === 'deferred' ? '; deferred before' : ''}.
Deciding: ${deciding.length} of ${d.sitting.members.length}${conflicted.length ? h`; conflicts declared by ${conflicted.map((id, i) => h`${i ? ', ' : ''}${name(id)}`)}` : ''}.</p>
<form method="post" action="/sparks/sittings/${d.sitting.id}/decisions">
<input type="hidden" name="applicationId" value="${a.id}"><input type="hidden" name="key" value="${d.key(a.id)}">
<div class="inline">
<div><label for="o-${a.id}">Decision</label><select id="o-${a.id}" name="outcome"><option value="award">Award</option><option value="decline">Decline</option><option value="defer">Defer</option></select></div>
<div><label for="a-${a.id}">Amount (£)</label><input id="a-${a.id}" name="amount" inputmode="decimal" value="${a.amountAsked}" size="8"></div>
<div><label for="p-${a.id}">For (an award)</label><input id="p-${a.id}" name="purpose" value="${a.purpose ?? ''}" size="30"></div>
<div><label for="r-${a.id}">Reason (a decline)</label><input id="r-${a.id}" name="reason" size="24"></div>
<button type="submit">Record the decision</button>
</div>
</form>
${
  free.length
    ? h`<form method="post" action="/sparks/sittings/${d.sitting.id}/conflicts" class="inline" style="margin-top:.6rem">
<input type="hidden" name="applicationId" value="${a.id}">
<div><label for="c-${a.id}">A member has a conflict</label><select id="c-${a.id}" name="memberId">${free.map((m) => h`<option value="${m.memberId}">${name(m.memberId)}</option>`)}</select></div>
<button type="submit" class="link">Declare it</button>
</form>`
    : ''
}
</section>`;
}
