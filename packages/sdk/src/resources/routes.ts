import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type {
  AssessmentInput,
  Designation,
  DesignationInput,
  DesignationListQuery,
  DesignationUpdate,
  RouteListQuery,
  ScienceRoute,
  ScienceRouteInput,
} from '../schema/registry.js';
import type { QueryParams } from './params.js';
import { APIResource } from './resource.js';

/** Science-tourism routes (科普旅游路线) through published registry entries. */
export class Routes extends APIResource {
  /**
   * `GET /v1/routes`.
   * @example for await (const route of kepu.routes.list({ topic: '天文' })) console.log(route.name)
   */
  list(query: QueryParams<typeof RouteListQuery> = {}, options?: RequestOptions): PagePromise<ScienceRoute> {
    return this.client.paginate('routes.list', { query }, options);
  }

  /** `GET /v1/routes/{id}`: ordered stops and schema.org TouristTrip JSON-LD. */
  retrieve(id: string, options?: RequestOptions): APIPromise<ScienceRoute> {
    return this.client.call('routes.retrieve', { path: { id } }, options);
  }

  /** `POST /v1/routes` (scope `registry:write`): a route from published entries. */
  create(body: z.input<typeof ScienceRouteInput>, options?: RequestOptions): APIPromise<ScienceRoute> {
    return this.client.call('routes.create', { body }, options);
  }
}

/** Designations (认定) of registry entries, with their annual assessments. */
export class Designations extends APIResource {
  /** `GET /v1/designations`: with the effective status. */
  list(query: QueryParams<typeof DesignationListQuery> = {}, options?: RequestOptions): PagePromise<Designation> {
    return this.client.paginate('designations.list', { query }, options);
  }

  /** `POST /v1/resources/{id}/designations`: grant a designation to an entry. */
  create(
    resourceId: string,
    body: z.input<typeof DesignationInput>,
    options?: RequestOptions,
  ): APIPromise<Designation> {
    return this.client.call('designations.create', { path: { id: resourceId }, body }, options);
  }

  /** `PATCH /v1/designations/{id}`: suspend, revoke, reinstate or expire. */
  update(id: string, body: z.input<typeof DesignationUpdate>, options?: RequestOptions): APIPromise<Designation> {
    return this.client.call('designations.update', { path: { id }, body }, options);
  }

  /** `POST /v1/designations/{id}/assessments`: the annual assessment (优秀/合格/限期整改/不合格). */
  assess(id: string, body: z.input<typeof AssessmentInput>, options?: RequestOptions): APIPromise<Designation> {
    return this.client.call('designations.assess', { path: { id }, body }, options);
  }
}
