import { createRoute, z } from '@hono/zod-openapi';
import { createAlliance, getAlliance, updateAlliance } from '../../../core/sparks/alliances.js';
import { onceFrom, OptionalIdempotencyKey } from '../../idempotency.js';
import { createRouter } from '../../router.js';
import { PositiveAmount as Positive, amountMinor } from '../../schemas.js';
import { AllianceView } from '../../schemas-sparks.js';
import { ok } from '../../schemas-views.js';
import { ctx, errors, jsonBody, security, Text, type Handlers } from '../kit.js';
import { AllianceParam, tags, type Deps } from './shared.js';

const Settings = {
  grantCeiling: Positive.optional(),
  grantFloor: Positive.optional(),
  followUpDays: z.number().int().min(1).max(365).optional(),
  quorum: z.number().int().min(1).max(20).optional(),
  livedExperienceMajority: z.boolean().optional(),
  allowAwardWhenOverdue: z.boolean().optional(),
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .openapi({ description: 'IANA zone whose local date is "today" (default Europe/London)' }),
  bankName: z.string().trim().min(1).max(80).nullable().optional(),
  bankAccountEnding: z
    .string()
    .regex(/^[0-9]{2,4}$/)
    .nullable()
    .optional()
    .openapi({ description: 'Last 2–4 digits of the bank account, printed on statements' }),
  contactLine: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .nullable()
    .optional()
    .openapi({ description: 'Who to contact if something on a statement looks wrong' }),
  retentionYears: z.number().int().min(1).max(50).optional().openapi({
    description:
      'Years a person’s personal data is kept after their last activity before the retention job erases it (default 6)',
  }),
};

function settingsInput(body: {
  grantCeiling?: string | undefined;
  grantFloor?: string | undefined;
  followUpDays?: number | undefined;
  quorum?: number | undefined;
  livedExperienceMajority?: boolean | undefined;
  allowAwardWhenOverdue?: boolean | undefined;
  timeZone?: string | undefined;
  bankName?: string | null | undefined;
  bankAccountEnding?: string | null | undefined;
  contactLine?: string | null | undefined;
  retentionYears?: number | undefined;
}) {
  return {
    grantCeilingMinor: body.grantCeiling === undefined ? undefined : amountMinor(body.grantCeiling),
    grantFloorMinor: body.grantFloor === undefined ? undefined : amountMinor(body.grantFloor),
    followUpDays: body.followUpDays,
    quorum: body.quorum,
    livedExperienceMajority: body.livedExperienceMajority,
    allowAwardWhenOverdue: body.allowAwardWhenOverdue,
    timeZone: body.timeZone,
    bankName: body.bankName,
    bankAccountEnding: body.bankAccountEnding,
    contactLine: body.contactLine,
    retentionYears: body.retentionYears,
  };
}

const routes = {
  create: createRoute({
    method: 'post',
    path: '/alliances',
    tags,
    summary: 'Set up your alliance with its settings and accounts (coordinators)',
    security,
    request: {
      headers: OptionalIdempotencyKey,
      ...jsonBody(z.object({ id: z.string().max(63), name: Text(120), ...Settings }).strict()),
    },
    responses: { ...ok(AllianceView, 'Created', 201), ...errors },
  }),
  read: createRoute({
    method: 'get',
    path: '/alliances/{alliance}',
    tags,
    summary: 'Alliance settings',
    security,
    request: { params: AllianceParam },
    responses: { ...ok(AllianceView, 'The alliance'), ...errors },
  }),
  update: createRoute({
    method: 'patch',
    path: '/alliances/{alliance}',
    tags,
    summary: 'Change settings (coordinators)',
    security,
    request: {
      params: AllianceParam,
      ...jsonBody(z.object({ name: Text(120).optional(), ...Settings }).strict()),
    },
    responses: { ...ok(AllianceView, 'Updated'), ...errors },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  create: (deps) => async (c) => {
    const body = c.req.valid('json');
    return c.json(
      await createAlliance(
        deps,
        ctx(c, deps),
        { id: body.id, name: body.name, ...settingsInput(body) },
        onceFrom(c),
      ),
      201,
    );
  },
  read: (deps) => async (c) =>
    c.json(await getAlliance(deps, ctx(c, deps), c.req.valid('param').alliance), 200),
  update: (deps) => async (c) => {
    const body = c.req.valid('json');
    return c.json(
      await updateAlliance(deps, ctx(c, deps), c.req.valid('param').alliance, {
        name: body.name,
        ...settingsInput(body),
      }),
      200,
    );
  },
};

/** An alliance and its settings. */
export function allianceRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.create, handlers.create(deps))
    .openapi(routes.read, handlers.read(deps))
    .openapi(routes.update, handlers.update(deps));
}
