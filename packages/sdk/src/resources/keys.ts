import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type { ApiKey, ApiKeyListQuery, CreateApiKey, CreatedApiKey, RevokeApiKey } from '../schema/access.js';
import { APIResource } from './resource.js';

/** API keys of partners (admin scope). */
export class Keys extends APIResource {
  /**
   * `POST /v1/keys`: the answer holds the token, shown this once.
   * @example const { token } = await kepu.keys.create({ organizationId, name: '科技馆官网', kind: 'publishable', allowedOrigins: ['https://www.example.org'] })
   */
  create(body: CreateApiKey, options?: RequestOptions): APIPromise<CreatedApiKey> {
    return this.client.call('keys.create', { body }, options);
  }

  /** `GET /v1/keys`: every key (prefix only, never the token). */
  list(query: z.input<typeof ApiKeyListQuery> = {}, options?: RequestOptions): PagePromise<ApiKey> {
    return this.client.paginate('keys.list', { query }, options);
  }

  /** `POST /v1/keys/{id}/revoke`: idempotent. */
  revoke(id: string, body: z.input<typeof RevokeApiKey> = {}, options?: RequestOptions): APIPromise<ApiKey> {
    return this.client.call('keys.revoke', { path: { id }, body }, options);
  }
}
