import { createRoute, z } from '@hono/zod-openapi';
import type { Embedder } from '@kepu/assistant';
import {
  ErrorEnvelope,
  ImportQuery,
  ImportReport,
  ResourceDetail,
  ResourceExportQuery,
  ResourceInput,
  ResourceListQuery,
  ResourcePage,
  ResourcePatch,
  Resource as ResourceSchema,
  ResourceStats,
  ReviewRequest,
  RevisionResult,
  SubmissionResult,
  TaxonomyView,
  TransitionPage,
} from '@kepu/sdk/schema';
import { hasScope } from '../../access/principal.js';
import { access } from '../../access/route-access.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/create-database.js';
import { ApiError } from '../../http/errors.js';
import { createRouter } from '../../http/openapi-app.js';
import { handleImportRequest, IMPORT_CONTENT_TYPES } from '../../imports/http.js';
import type { Logger } from '../../logger.js';
import { actorOf, registryDeps } from './context.js';
import { localToday } from './designations.js';
import { exportResources } from './export.js';
import { registryExtraRoutes } from './extra-routes.js';
import { resourcesImporter } from './importer.js';
import { resourceJsonLd } from './json-ld.js';
import { listResources } from './list-resources.js';
import { KIND_NAMES } from './mapping.js';
import {
  getResource,
  resourceHistory,
  resourceView,
  reviewResource,
  reviseResource,
  submitResource,
} from './service.js';
import { resourceStats } from './stats.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string) => json(ErrorEnvelope, description);
const IdParam = z.object({ id: z.string().min(1).max(64).meta({ example: 'res_06c2…' }) });

const listRoute = createRoute({
  method: 'get',
  path: '/resources',
  ...access.public(),
  tags: ['Registry'],
  summary: 'Search the registry of science-popularization resources (科普资源名录)',
  description:
    'Published entries. `q` is segmented with jieba and ranked; `near` sorts by distance; facets count the filtered set. ' +
    'Unknown kinds, districts, topics or schemes are a 400 listing the allowed values.',
  request: { query: ResourceListQuery },
  responses: {
    200: json(ResourcePage, 'A page of entries'),
    400: error('Invalid filter'),
    403: error('status needs a staff key'),
    503: error('A cursor of a semantically ranked search while the embedder does not answer (retry)'),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/resources/{id}',
  ...access.public(),
  tags: ['Registry'],
  summary: 'One entry, with schema.org JSON-LD',
  request: { params: IdParam },
  responses: { 200: json(ResourceDetail, 'The entry'), 404: error('No such published entry') },
});

const submitRoute = createRoute({
  method: 'post',
  path: '/resources',
  ...access.client(),
  tags: ['Registry'],
  summary: 'Submit an entry (public call / partner); it awaits review',
  description: 'Possible duplicates (same normalised name and district, or same address) are returned in `duplicates`.',
  request: { body: { required: true, content: { 'application/json': { schema: ResourceInput } } } },
  responses: { 201: json(SubmissionResult, 'Submitted'), 400: error('Invalid entry'), 409: error('externalId in use') },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/resources/{id}',
  ...access.client(),
  tags: ['Registry'],
  summary: 'Change an entry (submitter or registry:write); on a published entry this creates a revision to review',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: ResourcePatch } } } },
  responses: {
    200: json(RevisionResult, 'Changed, or revision created'),
    400: error('Invalid change'),
    403: error('Not yours'),
    404: error('No such entry'),
    409: error('Rejected or archived'),
  },
});

const reviewRoute = createRoute({
  method: 'post',
  path: '/resources/{id}/review',
  ...access.scope('registry:review'),
  tags: ['Registry'],
  summary: 'Approve, reject, request changes, or archive',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: ReviewRequest } } } },
  responses: {
    200: json(ResourceSchema, 'The entry after the decision'),
    403: error('Own organisation'),
    404: error('No such entry'),
    409: error('Nothing in review'),
  },
});

const historyRoute = createRoute({
  method: 'get',
  path: '/resources/{id}/history',
  ...access.client(),
  tags: ['Registry'],
  summary: 'Workflow transitions of an entry (who, when, why): staff and the submitter',
  request: { params: IdParam },
  responses: { 200: json(TransitionPage, 'Transitions, oldest first'), 404: error('No such entry') },
});

const importRoute = createRoute({
  method: 'post',
  path: '/resources/import',
  ...access.scope('registry:write'),
  tags: ['Registry'],
  summary: 'Import entries from CSV, XLSX or JSONL',
  description:
    'Columns by English field name or the Chinese label of the collection form (名称, 类型, 所属区, 地址, 经度, 纬度, 主题, 适宜年龄, 开放时间, 简介, 网址, 认定). ' +
    'Send the file as the body (Content-Type names the format) or as the `file` field of a multipart form. ' +
    '`publish=true` needs `registry:review` too. 422 when `all-or-nothing` refused bad rows (one detail per problem).',
  request: {
    query: ImportQuery,
    body: {
      required: true,
      content: {
        ...Object.fromEntries(
          IMPORT_CONTENT_TYPES.filter((t) => t !== 'multipart/form-data').map((t) => [
            t,
            { schema: z.string().meta({ format: 'binary' }) },
          ]),
        ),
        // A form schema that accepts anything: the import framework reads and checks the file itself.
        'multipart/form-data': {
          schema: z.object({ file: z.unknown().optional().meta({ type: 'string', format: 'binary' }) }),
        },
      },
    },
  },
  responses: {
    200: json(ImportReport, 'Imported (or dry run)'),
    400: error('Malformed file or missing columns'),
    413: error('File too large'),
    415: error('Unsupported format'),
    422: error('Bad rows; nothing written'),
  },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/resources/export',
  ...access.public(),
  tags: ['Registry'],
  summary: 'Export the published entries as CSV (Chinese headers, re-importable) or JSONL',
  request: { query: ResourceExportQuery },
  responses: {
    200: {
      description: 'The file',
      content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } },
    },
  },
});

const taxonomyRoute = createRoute({
  method: 'get',
  path: '/taxonomies',
  ...access.public(),
  tags: ['Registry'],
  summary: 'Districts, topics, audience groups, designation schemes (with criteria) and kinds of this city',
  responses: { 200: json(TaxonomyView, 'The taxonomy profile') },
});

const statsRoute = createRoute({
  method: 'get',
  path: '/stats/resources',
  ...access.scope('stats:read'),
  tags: ['Registry'],
  summary: 'Counts by status, kind, district and active designation (统计监测)',
  responses: { 200: json(ResourceStats, 'Counts') },
});

export function registryRoutes(deps: { config: Config; database: Database; logger?: Logger; embedder?: Embedder }) {
  const registry = registryDeps(deps.config, deps.database.db, deps.logger, deps.embedder);
  const viewerOf = actorOf;
  return createRouter()
    .openapi(listRoute, async (c) => c.json(await listResources(registry, c.req.valid('query'), viewerOf(c)), 200))
    .openapi(importRoute, async (c) => {
      const query = c.req.valid('query');
      const principal = c.get('principal');
      if (query.publish && !hasScope(principal, 'registry:review')) {
        throw new ApiError(
          403,
          'forbidden',
          'publish=true needs the `registry:review` scope as well; without it, imported entries await review.',
        );
      }
      const report = await handleImportRequest(c, deps.database.db, resourcesImporter, {
        config: deps.config,
        query,
        publish: query.publish ?? false,
      });
      return c.json(report, 200);
    })
    .openapi(exportRoute, async (c) => {
      const { format } = c.req.valid('query');
      const body = await exportResources(registry, format);
      const date = localToday(registry.timeZone);
      c.header('content-disposition', `attachment; filename="kepu-resources-${date}.${format}"`);
      if (format === 'csv') return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8' });
      return c.body(body, 200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
    })
    .openapi(getRoute, async (c) => {
      const { id } = c.req.valid('param');
      const resource = await getResource(registry, id, viewerOf(c));
      const url = `${deps.config.publicUrl}/v1/resources/${resource.id}`;
      return c.json({ ...resource, jsonLd: resourceJsonLd(resource, url, registry.taxonomy.profile.city) }, 200);
    })
    .openapi(submitRoute, async (c) => {
      const { row, duplicates } = await submitResource(registry, actorOf(c), c.req.valid('json'));
      return c.json({ resource: await resourceView(registry, row), duplicates }, 201);
    })
    .openapi(patchRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { row, revision } = await reviseResource(registry, actorOf(c), id, c.req.valid('json'));
      return c.json({ resource: await resourceView(registry, row), revision }, 200);
    })
    .openapi(reviewRoute, async (c) => {
      const { id } = c.req.valid('param');
      const row = await reviewResource(registry, actorOf(c), id, c.req.valid('json'));
      return c.json(await resourceView(registry, row), 200);
    })
    .openapi(historyRoute, async (c) => {
      const { id } = c.req.valid('param');
      return c.json({ data: await resourceHistory(registry, id, viewerOf(c)) }, 200);
    })
    .openapi(taxonomyRoute, (c) => {
      const p = registry.taxonomy.profile;
      return c.json(
        {
          id: p.id,
          city: p.city,
          districts: p.districts,
          topics: p.topics,
          audiences: p.audiences,
          designationSchemes: p.designationSchemes,
          kinds: Object.entries(KIND_NAMES).map(([code, name]) => ({ code: code as keyof typeof KIND_NAMES, name })),
        },
        200,
      );
    })
    .openapi(statsRoute, async (c) => c.json(await resourceStats(registry), 200))
    .route('/', registryExtraRoutes(registry, deps.config));
}
