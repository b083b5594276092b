import { createRoute, z } from '@hono/zod-openapi';
import type { Embedder } from '@kepu/assistant';
import {
  CreateExpert,
  CreateRumourEntry,
  ErrorEnvelope,
  Expert,
  ExpertList,
  ExpertListQuery,
  ImportQuery,
  ImportReport,
  RumourCheckRequest,
  RumourCheckResponse,
  RumourEntryDetail,
  RumourList,
  RumourListQuery,
  RumourReview,
  RumourTip,
  RumourTipList,
  RumourTipListQuery,
  SubmitRumourTip,
  TriageRumourTip,
  UpdateExpert,
  UpdateRumourEntry,
} from '@kepu/sdk/schema';
import type { Context } from 'hono';
import { recordAudit } from '../../access/audit.js';
import { hasScope } from '../../access/principal.js';
import { access } from '../../access/route-access.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/create-database.js';
import type { AppEnv } from '../../http/app-env.js';
import { ApiError } from '../../http/errors.js';
import { createRouter } from '../../http/openapi-app.js';
import { handleImportRequest, IMPORT_CONTENT_TYPES } from '../../imports/http.js';
import { checkClaim, recordRumourTip } from './claim-check.js';
import {
  createRumourEntry,
  getRumourEntry,
  listRumourEntries,
  reviewRumourEntry,
  submitRumourEntry,
  updateRumourEntry,
} from './entry-service.js';
import { createExpert, getExpert, listExperts, removeExpert, updateExpert } from './expert-service.js';
import { healthResourceRoutes } from './health-resource-routes.js';
import { rumourImporter } from './importer.js';
import { toExpert, toRumourEntryDetail, toRumourTip } from './mappers.js';
import { getRumourTip, listRumourTips, triageRumourTip } from './tip-service.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = (...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429)[]) =>
  Object.fromEntries(statuses.map((s) => [s, json(ErrorEnvelope, 'Error')]));
const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .meta({ param: { name: 'id', in: 'path' }, example: 'rum_06c2…' }),
});

const checkRoute = createRoute({
  method: 'post',
  path: '/rumours/check',
  tags: ['Rumours'],
  summary: 'Check a forwarded message against the expert-reviewed rumour entries',
  description:
    'Paste the text as received (emoji, 转发, links and all). `match`: the first entry reviews this claim — show its ' +
    'verdict. `possible`: related entries, shown as such. `none`: no reviewed answer yet; the text is added to the ' +
    "experts' queue (`tipId`). Verdicts only ever come from published entries reviewed by experts.",
  ...access.client(),
  request: body(RumourCheckRequest),
  responses: { 200: json(RumourCheckResponse, 'The decision and the matching entries'), ...errors(400, 401, 429) },
});

const listRoute = createRoute({
  method: 'get',
  path: '/rumours',
  tags: ['Rumours'],
  summary: 'List rumour entries (published to everyone; other statuses to staff)',
  ...access.public(),
  request: { query: RumourListQuery },
  responses: { 200: json(RumourList, 'A page of entries, newest first'), ...errors(400, 403, 429) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/rumours/{id}',
  tags: ['Rumours'],
  summary: 'One rumour entry with its ClaimReview JSON-LD',
  ...access.public(),
  request: { params: IdParam },
  responses: { 200: json(RumourEntryDetail, 'The entry'), ...errors(404, 429) },
});

const createRouteDef = createRoute({
  method: 'post',
  path: '/rumours',
  tags: ['Rumours'],
  summary: 'Draft a rumour entry',
  ...access.scope('rumours:write'),
  request: body(CreateRumourEntry),
  responses: { 201: json(RumourEntryDetail, 'The draft'), ...errors(400, 401, 403, 409, 429) },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/rumours/{id}',
  tags: ['Rumours'],
  summary: 'Edit a draft or an entry in expert review',
  ...access.scope('rumours:write'),
  request: { params: IdParam, ...body(UpdateRumourEntry) },
  responses: { 200: json(RumourEntryDetail, 'The entry'), ...errors(400, 401, 403, 404, 409, 429) },
});

const submitRoute = createRoute({
  method: 'post',
  path: '/rumours/{id}/submit',
  tags: ['Rumours'],
  summary: 'Submit a draft for expert review',
  ...access.scope('rumours:write'),
  request: { params: IdParam },
  responses: { 200: json(RumourEntryDetail, 'The entry, now in expert_review'), ...errors(401, 403, 404, 409, 429) },
});

const reviewRoute = createRoute({
  method: 'post',
  path: '/rumours/{id}/review',
  tags: ['Rumours'],
  summary: "An expert's decision: publish, return, retract or revise",
  description:
    'Publishing needs at least one reviewing expert and one source (422 otherwise) and makes the entry answer checks ' +
    'at once; retracting or revising takes it out of checks and out of the assistant in the same transaction.',
  ...access.scope('rumours:review'),
  request: { params: IdParam, ...body(RumourReview) },
  responses: { 200: json(RumourEntryDetail, 'The entry'), ...errors(400, 401, 403, 404, 409, 422, 429) },
});

const importRoute = createRoute({
  method: 'post',
  path: '/rumours/import',
  tags: ['Rumours'],
  summary: 'Import rumour entries (JSONL, CSV or XLSX), upserted by externalId',
  description:
    'One entry per line: externalId, claim, rating, explanation, and optional aliases, analysis, topics, sources, ' +
    'reviewedBy, datePublished. `publish=true` needs `rumours:review`; otherwise entries wait in expert_review.',
  ...access.scope('rumours:write'),
  request: {
    query: ImportQuery,
    body: {
      required: true,
      // Only multipart bodies are parsed by the validator (as a form), with the file optional there, so a raw JSONL
      // body reaches the import framework, which reads and reports on it itself.
      content: Object.fromEntries(
        IMPORT_CONTENT_TYPES.map((t) => [
          t,
          {
            schema:
              t === 'multipart/form-data'
                ? z.object({ file: z.string().meta({ format: 'binary' }).optional() })
                : z.string().meta({ format: 'binary' }),
          },
        ]),
      ),
    },
  },
  responses: { 200: json(ImportReport, 'Imported (or dry run)'), ...errors(400, 401, 403, 413, 415, 422, 429) },
});

const listTipsRoute = createRoute({
  method: 'get',
  path: '/rumours/tips',
  tags: ['Rumours'],
  summary: "The experts' queue of unmatched claims, most reported first",
  ...access.scope('rumours:review'),
  request: { query: RumourTipListQuery },
  responses: { 200: json(RumourTipList, 'A page of tips'), ...errors(400, 401, 403, 429) },
});

const submitTipRoute = createRoute({
  method: 'post',
  path: '/rumours/tips',
  tags: ['Rumours'],
  summary: 'Report a claim seen circulating (information officers)',
  description: 'Similar reports are counted on one queue item. Phone numbers, ID numbers and e-mails are redacted.',
  ...access.client(),
  request: body(SubmitRumourTip),
  responses: { 201: json(RumourTip, 'The queue item the report counts towards'), ...errors(400, 401, 429) },
});

const triageTipRoute = createRoute({
  method: 'post',
  path: '/rumours/tips/{id}/triage',
  tags: ['Rumours'],
  summary: 'Triage a tip: link to an entry, dismiss, or start a draft',
  ...access.scope('rumours:review'),
  request: { params: IdParam, ...body(TriageRumourTip) },
  responses: { 200: json(RumourTip, 'The triaged tip'), ...errors(400, 401, 403, 404, 409, 429) },
});

const listExpertsRoute = createRoute({
  method: 'get',
  path: '/experts',
  tags: ['Experts'],
  summary: 'The health science expert pool (public profiles)',
  description:
    'The public sees verified members; staff (rumours:write or rumours:review) also unverified and removed ones.',
  ...access.public(),
  request: { query: ExpertListQuery },
  responses: { 200: json(ExpertList, 'A page of experts'), ...errors(400, 429) },
});

const getExpertRoute = createRoute({
  method: 'get',
  path: '/experts/{id}',
  tags: ['Experts'],
  summary: "One expert's public profile",
  ...access.public(),
  request: { params: IdParam },
  responses: { 200: json(Expert, 'The expert'), ...errors(404, 429) },
});

const createExpertRoute = createRoute({
  method: 'post',
  path: '/experts',
  tags: ['Experts'],
  summary: 'Add an expert to the pool',
  ...access.scope('rumours:review'),
  request: body(CreateExpert),
  responses: { 201: json(Expert, 'The expert'), ...errors(400, 401, 403, 429) },
});

const updateExpertRoute = createRoute({
  method: 'patch',
  path: '/experts/{id}',
  tags: ['Experts'],
  summary: "Change an expert's profile, verification or reviewer role",
  description:
    "A verified expert's public profile is in the assistant's index; unverifying takes it out in the same transaction.",
  ...access.scope('rumours:review'),
  request: { params: IdParam, ...body(UpdateExpert) },
  responses: { 200: json(Expert, 'The expert'), ...errors(400, 401, 403, 404, 409, 429) },
});

const removeExpertRoute = createRoute({
  method: 'delete',
  path: '/experts/{id}',
  tags: ['Experts'],
  summary: 'Take an expert out of the pool',
  description:
    'No longer public, a reviewer or in the assistant index (same transaction). The record stays for staff, because ' +
    'published entries and resources name the expert as their reviewer at the time. Removing again is a no-op.',
  ...access.scope('rumours:review'),
  request: { params: IdParam },
  responses: { 200: json(Expert, 'The expert, with removedAt'), ...errors(401, 403, 404, 429) },
});

/** Staff who may see entries that are not published. */
function canSeeUnpublished(c: Context<AppEnv>): boolean {
  const principal = c.get('principal');
  return hasScope(principal, 'rumours:write') || hasScope(principal, 'rumours:review');
}

/** `/v1/rumours…`, `/v1/experts…` and `/v1/health-resources…`. */
export function rumoursRoutes(deps: {
  config: Config;
  database: Database;
  now?: () => Date;
  /** Claim checks search this embedder's vectors when it is a semantic one (the app's configured embedder). */
  embedder?: Embedder;
}) {
  const { db } = deps.database;
  const now = deps.now ?? (() => new Date());
  const publicUrl = deps.config.publicUrl;
  return createRouter()
    .route('/', healthResourceRoutes(deps))
    .openapi(checkRoute, async (c) => {
      const { text, limit } = c.req.valid('json');
      const result = await checkClaim(db, text, {
        limit,
        ...(deps.embedder ? { embedder: deps.embedder } : {}),
      });
      if (result.decision !== 'none') return c.json({ ...result, tipId: null }, 200);
      // Nothing reviewed covers it: say so plainly (weak candidates are not shown, so no verdict can be misread as
      // this text's) and queue it for the experts.
      const tip = await recordRumourTip(db, text, 'check', now());
      return c.json({ ...result, matches: [], tipId: tip.id }, 200);
    })
    .openapi(importRoute, async (c) => {
      const query = c.req.valid('query');
      const publish = query.publish ?? false;
      if (publish && !hasScope(c.get('principal'), 'rumours:review')) {
        throw new ApiError(
          403,
          'forbidden',
          'Publishing on import needs the `rumours:review` scope; import without publish=true to leave the entries for expert review.',
        );
      }
      return c.json(await handleImportRequest(c, db, rumourImporter, { config: deps.config, query, publish }), 200);
    })
    .openapi(listTipsRoute, async (c) => c.json(await listRumourTips(db, c.req.valid('query')), 200))
    .openapi(submitTipRoute, async (c) => {
      const { text } = c.req.valid('json');
      const tip = await db.transaction(async (tx) => {
        const recorded = await recordRumourTip(tx, text, 'officer', now());
        await recordAudit(tx, c, { action: 'rumour_tip.submit', targetType: 'rumour_tip', targetId: recorded.id });
        return recorded;
      });
      return c.json(toRumourTip(await getRumourTip(db, tip.id)), 201);
    })
    .openapi(triageTipRoute, async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const tip = await db.transaction(async (tx) => {
        const triaged = await triageRumourTip(tx, id, input, now());
        await recordAudit(tx, c, {
          action: `rumour_tip.${input.action}`,
          targetType: 'rumour_tip',
          targetId: id,
          reason: input.note ?? null,
          details: {
            entryId: triaged.entryId,
            ...(input.action === 'link' && input.alias ? { alias: input.alias } : {}),
          },
        });
        return triaged;
      });
      return c.json(toRumourTip(tip), 200);
    })
    .openapi(listRoute, async (c) =>
      c.json(await listRumourEntries(db, c.req.valid('query'), canSeeUnpublished(c)), 200),
    )
    .openapi(getRoute, async (c) => {
      const row = await getRumourEntry(db, c.req.valid('param').id, canSeeUnpublished(c));
      return c.json(toRumourEntryDetail(row, publicUrl), 200);
    })
    .openapi(createRouteDef, async (c) => {
      const input = c.req.valid('json');
      const row = await db.transaction(async (tx) => {
        const created = await createRumourEntry(tx, input, now());
        await recordAudit(tx, c, { action: 'rumour.create', targetType: 'rumour', targetId: created.id });
        return created;
      });
      return c.json(toRumourEntryDetail(row, publicUrl), 201);
    })
    .openapi(updateRoute, async (c) => {
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      const row = await db.transaction(async (tx) => {
        const updated = await updateRumourEntry(tx, id, patch, now());
        await recordAudit(tx, c, {
          action: 'rumour.update',
          targetType: 'rumour',
          targetId: id,
          details: { fields: Object.keys(patch) },
        });
        return updated;
      });
      return c.json(toRumourEntryDetail(row, publicUrl), 200);
    })
    .openapi(submitRoute, async (c) => {
      const { id } = c.req.valid('param');
      const row = await db.transaction(async (tx) => {
        const submitted = await submitRumourEntry(tx, id, now());
        await recordAudit(tx, c, { action: 'rumour.submit', targetType: 'rumour', targetId: id });
        return submitted;
      });
      return c.json(toRumourEntryDetail(row, publicUrl), 200);
    })
    .openapi(reviewRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { action, note } = c.req.valid('json');
      const row = await db.transaction(async (tx) => {
        const reviewed = await reviewRumourEntry(tx, id, action, now());
        await recordAudit(tx, c, {
          action: `rumour.review.${action}`,
          targetType: 'rumour',
          targetId: id,
          reason: note ?? null,
          details: { status: reviewed.status },
        });
        return reviewed;
      });
      return c.json(toRumourEntryDetail(row, publicUrl), 200);
    })
    .openapi(listExpertsRoute, async (c) =>
      c.json(await listExperts(db, c.req.valid('query'), canSeeUnpublished(c)), 200),
    )
    .openapi(getExpertRoute, async (c) =>
      c.json(toExpert(await getExpert(db, c.req.valid('param').id, canSeeUnpublished(c))), 200),
    )
    .openapi(removeExpertRoute, async (c) => {
      const { id } = c.req.valid('param');
      const row = await db.transaction(async (tx) => {
        const removed = await removeExpert(tx, id, now());
        await recordAudit(tx, c, { action: 'expert.remove', targetType: 'expert', targetId: id });
        return removed;
      });
      return c.json(toExpert(row), 200);
    })
    .openapi(createExpertRoute, async (c) => {
      const input = c.req.valid('json');
      const row = await db.transaction(async (tx) => {
        const created = await createExpert(tx, input, now());
        await recordAudit(tx, c, { action: 'expert.create', targetType: 'expert', targetId: created.id });
        return created;
      });
      return c.json(toExpert(row), 201);
    })
    .openapi(updateExpertRoute, async (c) => {
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      const row = await db.transaction(async (tx) => {
        const updated = await updateExpert(tx, id, patch, now());
        await recordAudit(tx, c, {
          action: 'expert.update',
          targetType: 'expert',
          targetId: id,
          details: { fields: Object.keys(patch) },
        });
        return updated;
      });
      return c.json(toExpert(row), 200);
    });
}
