import { createRoute, z } from '@hono/zod-openapi';
import {
  AssessmentInput,
  Designation,
  DesignationInput,
  DesignationListQuery,
  DesignationPage,
  DesignationUpdate,
  ErrorEnvelope,
  RouteListQuery,
  ScienceRoute,
  ScienceRouteInput,
  ScienceRoutePage,
} from '@kepu/sdk/schema';
import { access } from '../../access/route-access.js';
import type { Config } from '../../config.js';
import { createRouter } from '../../http/openapi-app.js';
import { actorOf } from './context.js';
import { addAssessment, grantDesignation, listDesignations, updateDesignationStatus } from './designation-service.js';
import { routeJsonLd } from './json-ld.js';
import { createScienceRoute, getScienceRoute, listScienceRoutes } from './science-routes.js';
import type { RegistryDeps } from './service.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string) => json(ErrorEnvelope, description);
const IdParam = z.object({ id: z.string().min(1).max(64) });

const listRoutesRoute = createRoute({
  method: 'get',
  path: '/routes',
  ...access.public(),
  tags: ['Registry'],
  summary: 'Science-tourism routes (科普旅游路线)',
  request: {
    query: RouteListQuery,
  },
  responses: { 200: json(ScienceRoutePage, 'Routes'), 400: error('Unknown topic') },
});
const getRouteRoute = createRoute({
  method: 'get',
  path: '/routes/{id}',
  ...access.public(),
  tags: ['Registry'],
  summary: 'One route with its ordered stops and schema.org TouristTrip JSON-LD',
  request: { params: IdParam },
  responses: { 200: json(ScienceRoute, 'The route'), 404: error('No such route') },
});
const createRouteRoute = createRoute({
  method: 'post',
  path: '/routes',
  ...access.scope('registry:write'),
  tags: ['Registry'],
  summary: 'Create a route from published entries',
  request: { body: { required: true, content: { 'application/json': { schema: ScienceRouteInput } } } },
  responses: { 201: json(ScienceRoute, 'Created'), 400: error('Invalid route'), 409: error('externalId in use') },
});
const listDesignationsRoute = createRoute({
  method: 'get',
  path: '/designations',
  ...access.public(),
  tags: ['Registry'],
  summary: 'Designations (认定) of published entries, with annual assessments and the effective status',
  request: { query: DesignationListQuery },
  responses: { 200: json(DesignationPage, 'Designations'), 400: error('Unknown scheme') },
});
const grantRoute = createRoute({
  method: 'post',
  path: '/resources/{id}/designations',
  ...access.scope('registry:review'),
  tags: ['Registry'],
  summary: 'Grant a designation to an entry',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: DesignationInput } } } },
  responses: {
    201: json(Designation, 'Granted'),
    400: error('Unknown scheme'),
    404: error('No such entry'),
    409: error('Already granted'),
  },
});
const updateDesignationRoute = createRoute({
  method: 'patch',
  path: '/designations/{id}',
  ...access.scope('registry:review'),
  tags: ['Registry'],
  summary: 'Suspend, revoke, reinstate or expire a designation',
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: DesignationUpdate } } },
  },
  responses: { 200: json(Designation, 'Updated'), 404: error('No such designation') },
});
const assessRoute = createRoute({
  method: 'post',
  path: '/designations/{id}/assessments',
  ...access.scope('registry:review'),
  tags: ['Registry'],
  summary: 'Record the annual assessment (优秀/合格/限期整改/不合格)',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: AssessmentInput } } } },
  responses: {
    201: json(Designation, 'Recorded'),
    404: error('No such designation'),
    409: error('Year already assessed'),
  },
});

/** Routes (科普旅游路线) and designations (认定, annual assessments). */
export function registryExtraRoutes(registry: RegistryDeps, config: Config) {
  return createRouter()
    .openapi(listRoutesRoute, async (c) => c.json(await listScienceRoutes(registry, c.req.valid('query')), 200))
    .openapi(getRouteRoute, async (c) => {
      const route = await getScienceRoute(registry, c.req.valid('param').id);
      const url = `${config.publicUrl}/v1/routes/${route.id}`;
      return c.json(
        { ...route, jsonLd: routeJsonLd(route, url, (id) => `${config.publicUrl}/v1/resources/${id}`) },
        200,
      );
    })
    .openapi(createRouteRoute, async (c) =>
      c.json(await createScienceRoute(registry, actorOf(c), c.req.valid('json')), 201),
    )
    .openapi(listDesignationsRoute, async (c) => c.json(await listDesignations(registry, c.req.valid('query')), 200))
    .openapi(grantRoute, async (c) =>
      c.json(await grantDesignation(registry, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
    )
    .openapi(updateDesignationRoute, async (c) =>
      c.json(await updateDesignationStatus(registry, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(assessRoute, async (c) =>
      c.json(await addAssessment(registry, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
    );
}
