import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type { CreateExpert, Expert, ExpertListQuery, UpdateExpert } from '../schema/experts.js';
import type { QueryParams } from './params.js';
import { APIResource } from './resource.js';

/** The health science expert pool: the people who review rumour entries. */
export class Experts extends APIResource {
  /**
   * `GET /v1/experts`: public profiles.
   * @example for await (const expert of kepu.experts.list()) console.log(expert.name)
   */
  list(query: QueryParams<typeof ExpertListQuery> = {}, options?: RequestOptions): PagePromise<Expert> {
    return this.client.paginate('experts.list', { query }, options);
  }

  /** `GET /v1/experts/{id}`. */
  retrieve(id: string, options?: RequestOptions): APIPromise<Expert> {
    return this.client.call('experts.retrieve', { path: { id } }, options);
  }

  /** `POST /v1/experts` (staff). */
  create(body: z.input<typeof CreateExpert>, options?: RequestOptions): APIPromise<Expert> {
    return this.client.call('experts.create', { body }, options);
  }

  /** `PATCH /v1/experts/{id}` (staff): profile, verification or reviewer role. */
  update(id: string, body: z.input<typeof UpdateExpert>, options?: RequestOptions): APIPromise<Expert> {
    return this.client.call('experts.update', { path: { id }, body }, options);
  }

  /** `DELETE /v1/experts/{id}` (staff): out of the pool, the reviewers and the assistant; kept for past reviews. */
  remove(id: string, options?: RequestOptions): APIPromise<Expert> {
    return this.client.call('experts.remove', { path: { id } }, options);
  }
}
