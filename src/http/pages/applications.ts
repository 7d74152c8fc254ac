import { KindlingError, invalid } from '../../core/errors.js';
import { isIsoDate, isoDateOf } from '../../core/ledger/model.js';
import { requireRole } from '../../core/policy.js';
import { PANEL_WORK } from '../../core/sparks/common.js';
import {
  DISBURSEMENT_METHODS,
  DOMAINS,
  type DisbursementMethod,
  type Domain,
} from '../../core/sparks/model.js';
import {
  disburse,
  getApplication,
  getAward,
  recordApplication,
  recordHeard,
} from '../../core/sparks/grants.js';
import { COORDINATORS } from '../../core/sparks/common.js';
import { getApplicant, listApplicants, registerApplicant } from '../../core/sparks/people.js';
import { h, longDate, pounds, type Html } from './html.js';
import { formAmount, text, texts, type PageContext, type PageKit } from './kit.js';

const DOMAIN_NAMES: Record<Domain, string> = {
  housing: 'Housing',
  health: 'Health',
  'purposeful-activity': 'Purposeful activity (work, learning, volunteering)',
  'peer-support': 'Peer support',
  'friends-family': 'Friends and family',
  community: 'Community',
};

/**
 * What a panel member records by hand: an application made in person (registering the person if
 * they are new, with the minimum they choose to give), and the follow-up when they come back.
 * Each application has a page with its whole timeline. Narratives are drawn only for those who
 * may see them: the use cases leave them out of what an auditor gets.
 */
export function applicationRoutes(kit: PageKit): void {
  const alliance = (c: PageContext) => c.get('actor').allianceId;

  kit.get('/sparks/applications/new', (c) => {
    requireRole(c.get('actor'), PANEL_WORK, 'record applications');
    return kit.page(
      c,
      'Record an application',
      applicationForm({ receivedOn: isoDateOf(kit.deps.clock()), key: kit.deps.ids('form') }, null),
    );
  });

  kit.post('/sparks/applications', async (c) => {
    const form = await c.req.parseBody();
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) if (typeof v === 'string') values[k] = v;
    try {
      // Everything the application needs is checked before a new applicant is registered, so a
      // mistake in the form never leaves a person on file without their application.
      const amountAskedMinor = formAmount(form.amount);
      const domain = text(form.domain);
      if (!domain || !(DOMAINS as readonly string[]).includes(domain))
        throw invalid(
          'invalid_domain',
          'Choose what the grant is for: one of the recovery-capital domains.',
          [{ path: 'domain', message: 'choose one' }],
        );
      const receivedOn = text(form.receivedOn) ?? '';
      if (!isIsoDate(receivedOn))
        throw invalid('invalid_date', 'Give the date the application was made.', [
          { path: 'receivedOn', message: 'not a date' },
        ]);
      const purpose = text(form.purpose);
      if (!purpose)
        throw invalid('validation_failed', 'Say what the grant is for, in the person’s words.', [
          { path: 'purpose', message: 'required' },
        ]);
      const reference = text(form.reference)?.toUpperCase();
      let applicantId: string;
      let newReference: string | null = null;
      if (reference) {
        const known = (await listApplicants(kit.deps, kit.ctx(c), alliance(c))).items.find(
          (a) => a.reference === reference,
        );
        if (!known)
          throw invalid(
            'applicant_not_found',
            `No applicant with the reference ${reference} in this alliance. Leave it empty to register someone new.`,
            [{ path: 'reference', message: 'unknown' }],
          );
        applicantId = known.id;
      } else {
        if (text(form.consent) !== 'yes')
          throw invalid(
            'consent_required',
            'Ask the person whether we may keep these details, and tick the box if they agree; without it we cannot record the application.',
            [{ path: 'consent', message: 'required' }],
          );
        const applicant = await registerApplicant(
          kit.deps,
          kit.ctx(c),
          alliance(c),
          { name: text(form.name) ?? null, contact: text(form.contact) ?? null, consent: true },
          formOnce(form.key, 'applicant'),
        );
        applicantId = applicant.id;
        newReference = applicant.reference;
      }
      const application = await recordApplication(
        kit.deps,
        kit.ctx(c),
        alliance(c),
        {
          applicantId,
          amountAskedMinor,
          purpose,
          domain: domain as Domain,
          receivedOn,
          notes: text(form.notes) ?? null,
        },
        formOnce(form.key, 'application'),
      );
      return c.redirect(
        `/sparks/applications/${application.id}${newReference ? `?reference=${encodeURIComponent(newReference)}` : ''}`,
        303,
      );
    } catch (error) {
      if (error instanceof KindlingError && error.kind === 'invalid')
        return kit.page(c, 'Record an application', applicationForm(values, error.detail), 422);
      throw error;
    }
  });

  kit.get('/sparks/applications/:application', async (c) => {
    const a = await getApplication(kit.deps, kit.ctx(c), alliance(c), c.req.param('application')!);
    const applicant = await getApplicant(kit.deps, kit.ctx(c), alliance(c), a.applicantId);
    const given = c.req.query('reference');
    const name = 'name' in applicant && applicant.name ? applicant.name : null;
    const followUp = a.award?.followUp ?? null;
    const mayRecord = c.get('actor').role === 'panel' || c.get('actor').role === 'coordinator';
    return kit.page(
      c,
      'Application',
      h`<h1>${pounds(a.amountAsked)} for ${DOMAIN_NAMES[a.domain]}</h1>
${given ? h`<p class="notice" role="status">Recorded. The person’s reference is <b>${given}</b>: give it to them to use if they apply again.</p>` : ''}
<p>Applicant ${applicant.reference}${name ? h` (${name})` : ''}${applicant.erased ? ' (personal details erased)' : ''}. Application ${a.id}, ${a.status}.</p>
${'purpose' in a ? h`<p>${a.purpose}${a.notes ? h`<br><span class="muted">Notes: ${a.notes}</span>` : ''}</p>` : ''}
<h2>Timeline</h2>
<table><thead><tr><th>Date</th><th>What happened</th><th class="n">Amount</th><th>Ledger entry</th></tr></thead><tbody>
${a.timeline.map((t) => h`<tr><td>${longDate(t.on)}</td><td>${t.event}${t.detail ? h` <span class="muted">(${t.detail})</span>` : ''}</td><td class="n">${t.amount ? pounds(t.amount) : ''}</td><td>${t.entryId ?? ''}</td></tr>`)}
</tbody></table>
<p class="muted">${a.daysToDecision !== null ? `Decided ${a.daysToDecision} days after it was made. ` : ''}${a.daysToFirstPayment !== null ? `First paid ${a.daysToFirstPayment} days after it was made.` : ''}</p>
${
  a.award
    ? h`<h2>The award</h2>
<p>${pounds(a.award.amount)} awarded ${longDate(a.award.awardedOn)}: ${a.award.status}. Paid ${pounds(a.award.paid)}, still to pay ${pounds(a.award.outstanding)}${a.award.returned !== '0.00' ? h`, handed back ${pounds(a.award.returned)}` : ''}.</p>
${
  followUp
    ? h`<p>Follow-up due ${longDate(followUp.dueOn)}: <span class="${followUp.state === 'overdue' ? 'warn' : ''}">${followUp.state}</span>${followUp.heardOn ? h`, heard ${longDate(followUp.heardOn)}${followUp.inPerson ? ' in person' : ''}` : ''}.
${'difference' in followUp && followUp.difference ? h`<br>What difference it made: ${followUp.difference}` : ''}</p>
${a.award.outstanding !== '0.00' && a.award.status !== 'cancelled' && c.get('actor').role === 'coordinator' ? h`<p><a href="/sparks/awards/${a.award.id}/payments">Pay ${pounds(a.award.outstanding)} still to pay</a></p>` : ''}
${(followUp.state === 'due' || followUp.state === 'overdue') && mayRecord ? h`<p><a href="/sparks/awards/${a.award.id}/follow-up">Record that they came back</a></p>` : ''}`
    : ''
}`
    : ''
}`,
    );
  });

  // Paying an award moves money: coordinators only, each form with its own idempotency key so
  // pressing twice pays once; a refusal (more than is left, a cancelled award) is shown on the form.
  kit.get('/sparks/awards/:award/payments', async (c) => {
    requireRole(c.get('actor'), COORDINATORS, 'pay awards');
    const award = await getAward(kit.deps, kit.ctx(c), alliance(c), c.req.param('award')!);
    return kit.page(
      c,
      'Pay an award',
      paymentForm(award, { key: kit.deps.ids('form'), paidOn: isoDateOf(kit.deps.clock()) }, null),
    );
  });

  kit.post('/sparks/awards/:award/payments', async (c) => {
    requireRole(c.get('actor'), COORDINATORS, 'pay awards');
    const awardId = c.req.param('award')!;
    const form = await c.req.parseBody();
    const award = await getAward(kit.deps, kit.ctx(c), alliance(c), awardId);
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) if (typeof v === 'string') values[k] = v;
    try {
      const method = text(form.method);
      if (!method || !(DISBURSEMENT_METHODS as readonly string[]).includes(method))
        throw invalid('validation_failed', 'Choose how it was paid.', [
          { path: 'method', message: 'choose one' },
        ]);
      const supplier = text(form.supplier);
      const reference = text(form.reference);
      await disburse(
        kit.deps,
        kit.ctx(c),
        alliance(c),
        awardId,
        {
          method: method as DisbursementMethod,
          amountMinor: formAmount(form.amount),
          paidOn: text(form.paidOn) ?? '',
          ...(supplier ? { supplier } : {}),
          ...(reference ? { reference } : {}),
        },
        text(form.key) ?? null,
      );
      return c.redirect(`/sparks/applications/${award.applicationId}`, 303);
    } catch (error) {
      if (
        error instanceof KindlingError &&
        error.kind !== 'forbidden' &&
        error.kind !== 'unauthenticated' &&
        error.kind !== 'not_found'
      ) {
        const fresh = await getAward(kit.deps, kit.ctx(c), alliance(c), awardId);
        return kit.page(
          c,
          'Pay an award',
          paymentForm(fresh, { ...values, key: kit.deps.ids('form') }, error.detail),
          error.kind === 'invalid' ? 422 : 409,
        );
      }
      throw error;
    }
  });

  kit.get('/sparks/awards/:award/follow-up', async (c) => {
    requireRole(c.get('actor'), PANEL_WORK, 'record follow-ups');
    const award = await getAward(kit.deps, kit.ctx(c), alliance(c), c.req.param('award')!);
    return kit.page(
      c,
      'Follow-up',
      followUpForm(award, { heardOn: isoDateOf(kit.deps.clock()) }, null),
    );
  });

  kit.post('/sparks/awards/:award/follow-up', async (c) => {
    const awardId = c.req.param('award')!;
    const form = await c.req.parseBody({ all: true });
    const award = await getAward(kit.deps, kit.ctx(c), alliance(c), awardId);
    try {
      const difference = text(form.difference);
      if (!difference)
        throw invalid(
          'validation_failed',
          'Write down what difference the grant made, in the person’s words.',
          [{ path: 'difference', message: 'required' }],
        );
      const domains = texts(form.domainsImproved);
      const unknown = domains.filter((d) => !(DOMAINS as readonly string[]).includes(d));
      if (unknown.length)
        throw invalid('invalid_domain', `Not a recovery-capital domain: ${unknown.join(', ')}.`, [
          { path: 'domainsImproved', message: 'unknown domain' },
        ]);
      await recordHeard(kit.deps, kit.ctx(c), alliance(c), awardId, {
        heardOn: text(form.heardOn) ?? '',
        inPerson: text(form.inPerson) === 'yes',
        difference,
        domainsImproved: domains as Domain[],
      });
      return c.redirect(`/sparks/applications/${award.applicationId}`, 303);
    } catch (error) {
      if (
        error instanceof KindlingError &&
        error.kind !== 'forbidden' &&
        error.kind !== 'unauthenticated' &&
        error.kind !== 'not_found'
      ) {
        const values = {
          heardOn: text(form.heardOn) ?? '',
          difference: text(form.difference) ?? '',
          inPerson: text(form.inPerson) ?? '',
        };
        return kit.page(
          c,
          'Follow-up',
          followUpForm(award, values, error.detail),
          error.kind === 'invalid' ? 422 : 409,
        );
      }
      throw error;
    }
  });
}

const METHOD_NAMES: Record<DisbursementMethod, string> = {
  bank_transfer: 'Bank transfer to the person',
  cash: 'Cash',
  voucher: 'Voucher',
  supplier_purchase: 'Bought from a supplier on their behalf',
};

function paymentForm(
  award: {
    id: string;
    amount: string;
    outstanding: string;
    awardedOn: string;
    applicationId: string;
  },
  v: Record<string, string>,
  problem: string | null,
): Html {
  return h`<h1>Pay an award</h1>
${problem ? h`<p class="error" role="alert">${problem}</p>` : ''}
<p>Award ${award.id}: ${pounds(award.amount)} on ${longDate(award.awardedOn)}; ${pounds(award.outstanding)} still to pay. <a href="/sparks/applications/${award.applicationId}">The application</a></p>
<form method="post" action="/sparks/awards/${award.id}/payments" class="card">
<input type="hidden" name="key" value="${v.key ?? ''}">
<label for="amount">Amount (£)</label>
<input id="amount" name="amount" inputmode="decimal" value="${v.amount ?? award.outstanding}" size="10" required>
<label for="method">How</label>
<select id="method" name="method">${DISBURSEMENT_METHODS.map((m) => h`<option value="${m}"${v.method === m ? h` selected` : ''}>${METHOD_NAMES[m]}</option>`)}</select>
<label for="supplier">Supplier (for a purchase on their behalf)</label>
<input id="supplier" name="supplier" value="${v.supplier ?? ''}" maxlength="120">
<label for="reference">Payment reference (optional)</label>
<input id="reference" name="reference" value="${v.reference ?? ''}" maxlength="120">
<label for="paidOn">Paid on</label>
<input id="paidOn" name="paidOn" type="date" value="${v.paidOn ?? ''}" required>
<p><button type="submit">Record the payment</button></p>
</form>`;
}

function domainOptions(selected: string | undefined): Html {
  return h`<option value="">Choose…</option>${DOMAINS.map((d) => h`<option value="${d}"${selected === d ? h` selected` : ''}>${DOMAIN_NAMES[d]}</option>`)}`;
}

/**
 * The form's own key, made when the form was shown: pressing Send twice (or the browser resending
 * after a lost answer) registers the person and records the application once.
 */
function formOnce(key: unknown, step: string) {
  return { key: typeof key === 'string' && key !== '' ? `${key}:${step}` : null };
}

function applicationForm(v: Record<string, string>, problem: string | null): Html {
  return h`<h1>Record an application</h1>
${problem ? h`<p class="error" role="alert">${problem}</p>` : ''}
<form method="post" action="/sparks/applications" class="card">
<input type="hidden" name="key" value="${v.key ?? ''}">
<h2>Who is asking</h2>
<label for="reference">Their reference, if they have applied before</label>
<input id="reference" name="reference" value="${v.reference ?? ''}" placeholder="SP-XXXX-XXXX" autocomplete="off">
<p class="muted">If they are new, leave the reference empty. Keep only what they choose to give: initials are enough, and contact details are optional. Never write down drug use, offending or health history.</p>
<label for="name">Name or initials, as they choose</label>
<input id="name" name="name" value="${v.name ?? ''}" maxlength="80" autocomplete="off">
<label for="contact">Contact (optional: a mobile number for a discreet reminder)</label>
<input id="contact" name="contact" value="${v.contact ?? ''}" maxlength="120" autocomplete="off">
<label><input type="checkbox" name="consent" value="yes"${v.consent === 'yes' ? h` checked` : ''}> They agree that we keep these details for the scheme</label>
<h2>What they ask for</h2>
<label for="amount">Amount (£)</label>
<input id="amount" name="amount" inputmode="decimal" value="${v.amount ?? ''}" size="10" required>
<label for="purpose">What it is for, in their words</label>
<input id="purpose" name="purpose" value="${v.purpose ?? ''}" size="50" maxlength="500" required>
<label for="domain">Which part of their recovery it helps</label>
<select id="domain" name="domain" required>${domainOptions(v.domain)}</select>
<label for="receivedOn">Date they asked</label>
<input id="receivedOn" name="receivedOn" type="date" value="${v.receivedOn ?? ''}" required>
<label for="notes">Notes for the panel (optional)</label>
<input id="notes" name="notes" value="${v.notes ?? ''}" size="50" maxlength="1000">
<p><button type="submit">Record the application</button></p>
</form>`;
}

function followUpForm(
  award: { id: string; amount: string; awardedOn: string; applicationId: string },
  v: Record<string, string>,
  problem: string | null,
): Html {
  return h`<h1>They came back</h1>
${problem ? h`<p class="error" role="alert">${problem}</p>` : ''}
<p>Award ${award.id}: ${pounds(award.amount)} on ${longDate(award.awardedOn)}. <a href="/sparks/applications/${award.applicationId}">The application</a></p>
<form method="post" action="/sparks/awards/${award.id}/follow-up" class="card">
<label for="heardOn">Date</label>
<input id="heardOn" name="heardOn" type="date" value="${v.heardOn ?? ''}" required>
<label><input type="checkbox" name="inPerson" value="yes"${v.inPerson === 'yes' ? h` checked` : ''}> In person</label>
<label for="difference">What difference it made, in their words</label>
<input id="difference" name="difference" value="${v.difference ?? ''}" size="60" maxlength="2000" required>
<fieldset><legend>Parts of their recovery that improved</legend>
${DOMAINS.map((d) => h`<label><input type="checkbox" name="domainsImproved" value="${d}"> ${DOMAIN_NAMES[d]}</label>`)}
</fieldset>
<p><button type="submit">Record the follow-up</button></p>
</form>`;
}
