import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { WidgetSession } from '../schema/access.js';
import { APIResource } from './resource.js';

/** Short-lived widget sessions, bound to the page's origin. */
export class Sessions extends APIResource {
  /**
   * `POST /v1/sessions` with a publishable key from one of its allowed origins (a browser sends `Origin` itself).
   * @example const { token } = await kepu.sessions.create(); const session = new Kepu({ apiKey: token, baseURL })
   */
  create(options?: RequestOptions): APIPromise<WidgetSession> {
    return this.client.call('sessions.create', { body: {} }, options);
  }
}
