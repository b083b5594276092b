import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { Health as HealthBody, Readiness } from '../schema/common.js';
import { APIResource } from './resource.js';

/** Liveness and readiness of the server. */
export class Health extends APIResource {
  /** `GET /healthz`: the process is up. */
  live(options?: RequestOptions): APIPromise<HealthBody> {
    return this.client.call('health.live', {}, options);
  }

  /** `GET /readyz`: the database answers (a 503 while it does not is retried, then thrown). */
  ready(options?: RequestOptions): APIPromise<Readiness> {
    return this.client.call('health.ready', {}, options);
  }
}
