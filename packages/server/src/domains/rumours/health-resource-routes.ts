import { createRoute, z } from '@hono/zod-openapi';
import {
  CreateHealthResource,
  ErrorEnvelope,
  HealthResource,
  HealthResourceList,
  HealthResourceListQuery,
  HealthReviewQueueQuery,
  HealthReviewSweepResult,
  ReviewHealthResource,
  UpdateHealthResource,
} from '@kepu/sdk/schema';
import { recordAudit } from '../../access/audit.js';
import { hasScope } from '../../access/principal.js';
import { access } from '../../access/route-access.js';
import type { Database } from '../../db/create-database.js';
import { ApiError } from '../../http/errors.js';
import { createRouter } from '../../http/openapi-app.js';
import {
  createHealthResource,
  getHealthResource,
  listHealthResources,
  listHealthReviewQueue,
  presentHealthResource,
  reviewHealthResource,
  sweepOverdueHealthResources,
  updateHealthResource,
  withdrawHealthResource,
} from './health-resource-service.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = (...statuses: (400 | 401 | 403 | 404 | 409 | 429)[]) =>
  Object.fromEntries(statuses.map((s) => [s, json(ErrorEnvelope, 'Error')]));
const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .meta({ param: { name: 'id', in: 'path' }, example: 'hr_06c2…' }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/health-resources',
  tags: ['Experts'],
  summary: 'Reviewed health resources (资源库); overdue ones are flagged',
  ...access.public(),
  request: { query: HealthResourceListQuery },
  responses: { 200: json(HealthResourceList, 'A page of resources'), ...errors(400, 429) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/health-resources/{id}',
  tags: ['Experts'],
  summary: 'One health resource',
  ...access.public(),
  request: { params: IdParam },
  responses: { 200: json(HealthResource, 'The resource'), ...errors(404, 429) },
});

const createRouteDef = createRoute({
  method: 'post',
  path: '/health-resources',
  tags: ['Experts'],
  summary: 'Add a health resource (draft, until an expert reviews it)',
  ...access.scope('rumours:write'),
  request: { body: { required: true, content: { 'application/json': { schema: CreateHealthResource } } } },
  responses: { 201: json(HealthResource, 'The draft'), ...errors(400, 401, 403, 429) },
});

const reviewRoute = createRoute({
  method: 'post',
  path: '/health-resources/{id}/review',
  tags: ['Experts'],
  summary: 'Review (or re-review) a health resource: publishes it until its next review date',
  ...access.scope('rumours:review'),
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: ReviewHealthResource } } },
  },
  responses: { 200: json(HealthResource, 'The resource'), ...errors(400, 401, 403, 404, 409, 429) },
});

const withdrawRoute = createRoute({
  method: 'post',
  path: '/health-resources/{id}/withdraw',
  tags: ['Experts'],
  summary: 'Withdraw a health resource (out of listings and the assistant at once)',
  ...access.scope('rumours:review'),
  request: { params: IdParam },
  responses: { 200: json(HealthResource, 'The resource'), ...errors(401, 403, 404, 429) },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/health-resources/{id}',
  tags: ['Experts'],
  summary: 'Edit a health resource; with reviewerId, (re-)review it in the same request',
  description:
    'Edits need `rumours:write`. A draft is edited freely. A published resource changes only with a review in the ' +
    'same request: `reviewerId` (and optionally `reviewDueAt`), which needs `rumours:review` as well; the ' +
    'assistant index follows in the same transaction. A reviewer-only key re-reviews with POST …/{id}/review.',
  ...access.scope('rumours:write'),
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: UpdateHealthResource } } },
  },
  responses: { 200: json(HealthResource, 'The resource'), ...errors(400, 401, 403, 404, 409, 429) },
});

const queueRoute = createRoute({
  method: 'get',
  path: '/health-resources/review-queue',
  tags: ['Experts'],
  summary: "The experts' re-review queue: overdue resources (and those due soon), most overdue first",
  ...access.scope('rumours:review'),
  request: { query: HealthReviewQueueQuery },
  responses: { 200: json(HealthResourceList, 'A page of resources'), ...errors(400, 401, 403, 429) },
});

const sweepRoute = createRoute({
  method: 'post',
  path: '/health-resources/sweep',
  tags: ['Experts'],
  summary: 'Run the review sweep now: flag overdue resources and take them out of the assistant index',
  description: 'The server also runs it at start and every KEPU_REVIEW_SWEEP_MINUTES; running it again is harmless.',
  ...access.scope('rumours:review'),
  responses: { 200: json(HealthReviewSweepResult, 'What the sweep did'), ...errors(401, 403, 429) },
});

/** `/v1/health-resources…`. */
export function healthResourceRoutes(deps: { database: Database; now?: () => Date }) {
  const { db } = deps.database;
  const now = deps.now ?? (() => new Date());
  return createRouter()
    .openapi(queueRoute, async (c) => c.json(await listHealthReviewQueue(db, c.req.valid('query'), now()), 200))
    .openapi(sweepRoute, async (c) =>
      c.json(
        await sweepOverdueHealthResources(db, now(), {
          audit: (tx, entry) => recordAudit(tx, c, entry),
          auditRun: true,
        }),
        200,
      ),
    )
    .openapi(updateRoute, async (c) => {
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      if (patch.reviewerId !== undefined && !hasScope(c.get('principal'), 'rumours:review')) {
        throw new ApiError(
          403,
          'forbidden',
          'Reviewing in a PATCH (reviewerId, reviewDueAt) needs a key with rumours:review as well as rumours:write; ' +
            'without it, send only content changes to a draft.',
        );
      }
      const row = await db.transaction(async (tx) => {
        const { row: updated, reviewed } = await updateHealthResource(tx, id, patch, now());
        await recordAudit(tx, c, {
          action: reviewed ? 'health_resource.update.review' : 'health_resource.update',
          targetType: 'health_resource',
          targetId: id,
          details: {
            fields: Object.keys(patch),
            ...(reviewed ? { reviewerId: patch.reviewerId, reviewDueAt: updated.reviewDueAt?.toISOString() } : {}),
          },
        });
        return updated;
      });
      return c.json(await presentHealthResource(db, row, now()), 200);
    })
    .openapi(listRoute, async (c) => c.json(await listHealthResources(db, c.req.valid('query'), now()), 200))
    .openapi(getRoute, async (c) => {
      const principal = c.get('principal');
      const staff = hasScope(principal, 'rumours:write') || hasScope(principal, 'rumours:review');
      const row = await getHealthResource(db, c.req.valid('param').id, staff);
      return c.json(await presentHealthResource(db, row, now()), 200);
    })
    .openapi(createRouteDef, async (c) => {
      const input = c.req.valid('json');
      const row = await db.transaction(async (tx) => {
        const created = await createHealthResource(tx, input, now());
        await recordAudit(tx, c, {
          action: 'health_resource.create',
          targetType: 'health_resource',
          targetId: created.id,
        });
        return created;
      });
      return c.json(await presentHealthResource(db, row, now()), 201);
    })
    .openapi(reviewRoute, async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const row = await db.transaction(async (tx) => {
        const reviewed = await reviewHealthResource(tx, id, input, now());
        await recordAudit(tx, c, {
          action: 'health_resource.review',
          targetType: 'health_resource',
          targetId: id,
          details: { reviewerId: input.reviewerId, reviewDueAt: reviewed.reviewDueAt?.toISOString() },
        });
        return reviewed;
      });
      return c.json(await presentHealthResource(db, row, now()), 200);
    })
    .openapi(withdrawRoute, async (c) => {
      const { id } = c.req.valid('param');
      const row = await db.transaction(async (tx) => {
        const withdrawn = await withdrawHealthResource(tx, id, now());
        await recordAudit(tx, c, { action: 'health_resource.withdraw', targetType: 'health_resource', targetId: id });
        return withdrawn;
      });
      return c.json(await presentHealthResource(db, row, now()), 200);
    });
}
