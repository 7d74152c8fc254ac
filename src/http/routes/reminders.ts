import { ContactView, ReminderPage, ReplyAnswer } from '../schemas-misc.js';
import { parseCursor } from '../../core/paging.js';
import { ok } from '../schemas-views.js';
import { createRoute, z } from '@hono/zod-openapi';
import {
  getContact,
  listReminders,
  recordReply,
  setContact,
  type ContactDeps,
} from '../../core/reminders/contacts.js';
import type { RemindersStore } from '../../core/reminders/store.js';
import { createRouter, type AppDeps } from '../router.js';
import { PageQuery, problemResponses } from '../schemas.js';
import { OptionalIdempotencyKey, onceFrom } from '../idempotency.js';
import { ctx, Id, jsonBody, security, type Handlers } from './kit.js';

const tags = ['Reminders'];
const errors = problemResponses(400, 401, 403, 404, 422);
const AllianceParam = z.object({ alliance: Id('alliance', 'crawley') });
const ContactParams = AllianceParam.extend({ subject: Id('subject', 'apl_01') });

const routes = {
  setContact: createRoute({
    method: 'put',
    path: '/alliances/{alliance}/contacts/{subject}',
    tags,
    summary: 'Record how an applicant or budget holder wants reminders (coordinators, panel)',
    security,
    request: {
      params: ContactParams,
      ...jsonBody(
        z
          .object({
            channel: z.enum(['sms', 'email', 'none']),
            address: z.string().max(254).optional(),
            consent: z.boolean(),
          })
          .strict(),
      ),
    },
    responses: { ...ok(ContactView, 'Recorded'), ...errors },
  }),
  getContact: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/contacts/{subject}',
    tags,
    summary: 'How a person wants reminders (coordinators, panel)',
    security,
    request: { params: ContactParams },
    responses: { ...ok(ContactView, 'The choice'), ...errors },
  }),
  reply: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/reminders/replies',
    tags,
    summary: 'A reply the gateway received; STOP stops reminders to that number (coordinators)',
    security,
    request: {
      params: AllianceParam,
      headers: OptionalIdempotencyKey,
      ...jsonBody(z.object({ from: z.string().min(3).max(254), text: z.string().max(1600) })),
    },
    responses: { ...ok(ReplyAnswer, 'Handled'), ...errors },
  }),
  list: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/reminders',
    tags,
    summary: 'Reminders sent, failed, waiting or cancelled, newest first, a page at a time',
    description: 'Coordinators. Keyset pages on (decidedAt, id), newest first.',
    security,
    request: {
      params: AllianceParam,
      query: PageQuery.extend({
        status: z.enum(['waiting', 'sent', 'failed', 'cancelled']).optional(),
      }),
    },
    responses: { ...ok(ReminderPage, 'A page of reminders, newest first'), ...errors },
  }),
};

/** The app's deps (for the service context) and what the reminder services are given. */
type Deps = { app: AppDeps; contacts: ContactDeps };

const handlers: Handlers<typeof routes, Deps> = {
  setContact: (d) => async (c) => {
    const p = c.req.valid('param');
    return c.json(
      await setContact(d.contacts, ctx(c, d.app), p.alliance, p.subject, c.req.valid('json')),
      200,
    );
  },
  getContact: (d) => async (c) => {
    const p = c.req.valid('param');
    return c.json(await getContact(d.contacts, ctx(c, d.app), p.alliance, p.subject), 200);
  },
  reply: (d) => async (c) =>
    c.json(
      await recordReply(
        d.contacts,
        ctx(c, d.app),
        c.req.valid('param').alliance,
        c.req.valid('json'),
        onceFrom(c),
      ),
      200,
    ),
  list: (d) => async (c) => {
    const q = c.req.valid('query');
    return c.json(
      await listReminders(
        d.contacts,
        ctx(c, d.app),
        c.req.valid('param').alliance,
        { status: q.status ?? null },
        { after: parseCursor(q.after), limit: q.limit },
      ),
      200,
    );
  },
};

/** How people are reminded, the outbox coordinators watch, and STOP replies from the gateway. */
export function reminderRoutes(app: AppDeps, reminders: RemindersStore) {
  const d: Deps = {
    app,
    contacts: {
      store: app.store,
      hasher: app.hasher,
      reminders,
      sparks: app.store.sparks,
      budgets: app.store.budgets,
    },
  };
  return createRouter()
    .openapi(routes.setContact, handlers.setContact(d))
    .openapi(routes.getContact, handlers.getContact(d))
    .openapi(routes.reply, handlers.reply(d))
    .openapi(routes.list, handlers.list(d));
}
