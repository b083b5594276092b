import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../core/pagination.js';
import type { AuditEntry, AuditQuery } from '../schema/access.js';
import { APIResource } from './resource.js';

/** The append-only audit log (admin scope). */
export class Audit extends APIResource {
  /**
   * `GET /v1/audit`, newest first.
   * @example for await (const entry of kepu.audit.list({ action: 'key.' })) console.log(entry.at, entry.action)
   */
  list(query: z.input<typeof AuditQuery> = {}, options?: RequestOptions): PagePromise<AuditEntry> {
    return this.client.paginate('audit.list', { query }, options);
  }
}
