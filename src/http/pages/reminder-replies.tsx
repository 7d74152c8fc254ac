import { KindlingError } from '../../core/errors.js';
import { recordReply } from '../../core/reminders/contacts.js';
import { requireRole } from '../../core/policy.js';
import { Button, ErrorSummary, Hidden, TextField, type FieldErrors } from './form.js';
import { said, text, typed, type PageContext, type PageKit } from './kit.js';
import { Confirmation } from './layout.js';

/**
 * A reply that came back to the alliance's phone rather than through the gateway (coordinators):
 * recorded through recordReply, as POST /v1/alliances/{a}/reminders/replies is. STOP, and the
 * carriers' synonyms, stops every reminder to that number at once; nothing of the number or the
 * words is kept otherwise.
 */
export function replyRoutes(kit: PageKit): void {
  const form = (
    c: PageContext,
    values: Record<string, string>,
    errors: FieldErrors,
    status: 200 | 422 = 200,
  ) => {
    const done = status === 200 ? c.req.query('stopped') : undefined;
    const title =
      done === '1' ? 'Reminders stopped' : done === '0' ? 'Nothing changed' : 'Record a reply';
    return kit.page(
      c,
      {
        title,
        hasErrors: status !== 200,
        back: { href: '/reminders', label: 'Go back to reminders' },
      },
      <>
        <ErrorSummary errors={errors} />
        {done ? (
          <Confirmation
            title={title}
            body={
              done === '1'
                ? 'No more reminders go to that number'
                : 'The reply did not say STOP, so reminders carry on'
            }
            links={[{ href: '/reminders', label: 'Go back to reminders' }]}
          />
        ) : (
          <h1>Record a reply</h1>
        )}
        <p>
          When someone replies to a reminder on the alliance's phone, record it here. If it says
          STOP, reminders to that number stop at once. Nothing else of the reply is kept.
        </p>
        <form method="post" action="/reminders/replies" novalidate>
          <Hidden name="key" value={values.key ?? kit.deps.ids('form')} />
          <TextField
            id="from"
            label="The number it came from"
            inputmode="tel"
            width="w20"
            value={values.from}
            error={errors.from}
          />
          <TextField
            id="said"
            label="What the reply said"
            hint="For example STOP"
            width="w20"
            value={values.said}
            error={errors.said}
          />
          <Button>Record the reply</Button>
        </form>
      </>,
      status,
    );
  };

  kit.get('/reminders/replies', (c) => {
    requireRole(c.get('actor'), ['coordinator'], 'record replies');
    return form(c, {}, {});
  });

  kit.post('/reminders/replies', async (c) => {
    requireRole(c.get('actor'), ['coordinator'], 'record replies');
    const body = await c.req.parseBody();
    const values = typed(body);
    const from = text(body.from);
    const words = text(body.said);
    const errors: FieldErrors = {};
    if (!from) errors.from = 'Enter the number the reply came from';
    else if (!/^\+?[0-9 ]{7,20}$/.test(from))
      errors.from = 'Enter a phone number, like 07700 900123';
    if (!words) errors.said = 'Enter what the reply said';
    else if (words.length > 160)
      errors.said = 'What the reply said must be 160 characters or fewer';
    if (Object.keys(errors).length) return form(c, values, errors, 422);
    try {
      const { stopped } = await recordReply(
        { ...kit.deps, reminders: kit.deps.store.reminders },
        kit.ctx(c),
        c.get('actor').allianceId,
        { from: from!, text: words! },
        { key: text(body.key) },
      );
      return c.redirect(`/reminders/replies?stopped=${stopped ? 1 : 0}`, 303);
    } catch (error) {
      if (!(error instanceof KindlingError) || error.kind !== 'invalid') throw error;
      return form(c, { ...values, key: kit.deps.ids('form') }, { from: said(error) }, 422);
    }
  });
}
