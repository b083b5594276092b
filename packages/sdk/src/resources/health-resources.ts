import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type {
  CreateHealthResource,
  HealthResource,
  HealthResourceListQuery,
  HealthReviewQueueQuery,
  HealthReviewSweepResult,
  ReviewHealthResource,
  UpdateHealthResource,
} from '../schema/health-resources.js';
import type { QueryParams } from './params.js';
import { APIResource } from './resource.js';

/** Reviewed health resources (资源库): articles, videos and guides with a next review date. */
export class HealthResources extends APIResource {
  /**
   * `GET /v1/health-resources`: overdue ones are flagged.
   * @example for await (const item of kepu.healthResources.list()) console.log(item.title)
   */
  list(query: QueryParams<typeof HealthResourceListQuery> = {}, options?: RequestOptions): PagePromise<HealthResource> {
    return this.client.paginate('healthResources.list', { query }, options);
  }

  /** `GET /v1/health-resources/{id}`. */
  retrieve(id: string, options?: RequestOptions): APIPromise<HealthResource> {
    return this.client.call('healthResources.retrieve', { path: { id } }, options);
  }

  /** `POST /v1/health-resources`: a draft until an expert reviews it. */
  create(body: z.input<typeof CreateHealthResource>, options?: RequestOptions): APIPromise<HealthResource> {
    return this.client.call('healthResources.create', { body }, options);
  }

  /** `POST /v1/health-resources/{id}/review`: publishes it until its next review date. */
  review(id: string, body: z.input<typeof ReviewHealthResource>, options?: RequestOptions): APIPromise<HealthResource> {
    return this.client.call('healthResources.review', { path: { id }, body }, options);
  }

  /** `POST /v1/health-resources/{id}/withdraw`: out of listings and the assistant at once. */
  withdraw(id: string, options?: RequestOptions): APIPromise<HealthResource> {
    return this.client.call('healthResources.withdraw', { path: { id } }, options);
  }

  /**
   * `PATCH /v1/health-resources/{id}` (`rumours:write`): edit a draft; with `reviewerId` (also `rumours:review`)
   * change a published resource and re-review it in one step.
   */
  update(id: string, body: z.input<typeof UpdateHealthResource>, options?: RequestOptions): APIPromise<HealthResource> {
    return this.client.call('healthResources.update', { path: { id }, body }, options);
  }

  /**
   * `GET /v1/health-resources/review-queue` (`rumours:review`): overdue resources, most overdue first.
   * @example for await (const item of kepu.healthResources.reviewQueue({ withinDays: 30 })) console.log(item.title)
   */
  reviewQueue(
    query: QueryParams<typeof HealthReviewQueueQuery> = {},
    options?: RequestOptions,
  ): PagePromise<HealthResource> {
    return this.client.paginate('healthResources.reviewQueue', { query }, options);
  }

  /** `POST /v1/health-resources/sweep` (`rumours:review`): flag overdue resources and take them out of the assistant now. */
  sweep(options?: RequestOptions): APIPromise<HealthReviewSweepResult> {
    return this.client.call('healthResources.sweep', {}, options);
  }
}
