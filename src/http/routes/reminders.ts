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
import { createRouter, serviceContext, type AppDeps } from '../router.js';
import { PageQuery, problemResponses } from '../schemas.js';
import { OptionalIdempotencyKey, onceFrom } from '../idempotency.js';

const security = [{ bearerAuth: [] }];
const tags = ['Reminders'];
const errors = problemResponses(400, 401, 403, 404, 422);
const Param = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name, in: 'path' }, example });
const AllianceParam = z.object({ alliance: Param('alliance', 'crawley') });

/** How people are reminded, the outbox coordinators watch, and STOP replies from the gateway. */
export function reminderRoutes(appDeps: AppDeps, reminders: RemindersStore) {
  const deps: ContactDeps = {
    store: appDeps.store,
    hasher: appDeps.hasher,
    reminders,
    sparks: appDeps.store.sparks,
    budgets: appDeps.store.budgets,
  };
  const app = createRouter();
  const ctx = (c: Parameters<typeof serviceContext>[0]) => serviceContext(c, appDeps);
  const ContactParams = AllianceParam.extend({ subject: Param('subject', 'apl_01') });

  app.openapi(
    createRoute({
      method: 'put',
      path: '/alliances/{alliance}/contacts/{subject}',
      tags,
      summary: 'Record how an applicant or budget holder wants reminders (coordinators, panel)',
      security,
      request: {
        params: ContactParams,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z
                .object({
                  channel: z.enum(['sms', 'email', 'none']),
                  address: z.string().max(254).optional(),
                  consent: z.boolean(),
                })
                .strict(),
            },
          },
        },
      },
      responses: { ...ok(ContactView, 'Recorded'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(
        await setContact(deps, ctx(c), p.alliance, p.subject, c.req.valid('json')),
        200,
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alliances/{alliance}/contacts/{subject}',
      tags,
      summary: 'How a person wants reminders (coordinators, panel)',
      security,
      request: { params: ContactParams },
      responses: { ...ok(ContactView, 'The choice'), ...errors },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getContact(deps, ctx(c), p.alliance, p.subject), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/alliances/{alliance}/reminders/replies',
      tags,
      summary: 'A reply the gateway received; STOP stops reminders to that number (coordinators)',
      security,
      request: {
        params: AllianceParam,
        headers: OptionalIdempotencyKey,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({ from: z.string().min(3).max(254), text: z.string().max(1600) }),
            },
          },
        },
      },
      responses: { ...ok(ReplyAnswer, 'Handled'), ...errors },
    }),
    async (c) =>
      c.json(
        await recordReply(
          deps,
          ctx(c),
          c.req.valid('param').alliance,
          c.req.valid('json'),
          onceFrom(c),
        ),
        200,
      ),
  );
  app.openapi(
    createRoute({
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
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await listReminders(
          deps,
          ctx(c),
          c.req.valid('param').alliance,
          { status: q.status ?? null },
          { after: parseCursor(q.after), limit: q.limit },
        ),
        200,
      );
    },
  );
  return app;
}
