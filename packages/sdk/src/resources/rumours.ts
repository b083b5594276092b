import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type { ImportQuery, ImportReport } from '../schema/imports.js';
import type {
  CreateRumourEntry,
  RumourCheckRequest,
  RumourCheckResponse,
  RumourEntry,
  RumourEntryDetail,
  RumourListQuery,
  RumourReview,
  RumourTip,
  RumourTipListQuery,
  SubmitRumourTip,
  TriageRumourTip,
  UpdateRumourEntry,
} from '../schema/rumours.js';
import type { QueryParams } from './params.js';
import { type ImportFile, importBody } from './registry.js';
import { APIResource } from './resource.js';

/** Claims seen circulating, queued for the experts. */
export class RumourTips extends APIResource {
  /** `POST /v1/rumours/tips` (information officers): report a claim; the answer is the queue item it counts towards. */
  create(body: z.input<typeof SubmitRumourTip>, options?: RequestOptions): APIPromise<RumourTip> {
    return this.client.call('rumours.tips.create', { body }, options);
  }

  /** `GET /v1/rumours/tips` (staff): the experts' queue, most reported first. */
  list(query: QueryParams<typeof RumourTipListQuery> = {}, options?: RequestOptions): PagePromise<RumourTip> {
    return this.client.paginate('rumours.tips.list', { query }, options);
  }

  /** `POST /v1/rumours/tips/{id}/triage` (staff): link to an entry, dismiss, or start a draft. */
  triage(id: string, body: z.input<typeof TriageRumourTip>, options?: RequestOptions): APIPromise<RumourTip> {
    return this.client.call('rumours.tips.triage', { path: { id }, body }, options);
  }
}

/** Expert-reviewed rumour entries (科学辟谣) and the check citizens run against them. */
export class Rumours extends APIResource {
  readonly tips: RumourTips = new RumourTips(this.client);

  /**
   * `POST /v1/rumours/check`: check a forwarded message against the reviewed entries. `decision` says whether the
   * first entry is a match (show its verdict), possibly related, or none (the text went to the experts' queue).
   * @example const { decision, matches } = await kepu.rumours.check({ text: '转发！隔夜菜致癌，千万别吃！' })
   */
  check(body: z.input<typeof RumourCheckRequest>, options?: RequestOptions): APIPromise<RumourCheckResponse> {
    return this.client.call('rumours.check', { body }, options);
  }

  /** `GET /v1/rumours`: published entries, newest first (staff also see other statuses). */
  list(query: QueryParams<typeof RumourListQuery> = {}, options?: RequestOptions): PagePromise<RumourEntry> {
    return this.client.paginate('rumours.list', { query }, options);
  }

  /** `GET /v1/rumours/{id}`: one entry with its ClaimReview JSON-LD. */
  retrieve(id: string, options?: RequestOptions): APIPromise<RumourEntryDetail> {
    return this.client.call('rumours.retrieve', { path: { id } }, options);
  }

  /** `POST /v1/rumours` (scope `rumours:write`): draft an entry. */
  create(body: z.input<typeof CreateRumourEntry>, options?: RequestOptions): APIPromise<RumourEntryDetail> {
    return this.client.call('rumours.create', { body }, options);
  }

  /** `PATCH /v1/rumours/{id}`: edit a draft or an entry in expert review. */
  update(id: string, body: z.input<typeof UpdateRumourEntry>, options?: RequestOptions): APIPromise<RumourEntryDetail> {
    return this.client.call('rumours.update', { path: { id }, body }, options);
  }

  /** `POST /v1/rumours/{id}/submit`: send a draft to expert review. */
  submit(id: string, options?: RequestOptions): APIPromise<RumourEntryDetail> {
    return this.client.call('rumours.submit', { path: { id } }, options);
  }

  /** `POST /v1/rumours/{id}/review` (scope `rumours:review`): publish, return, retract or revise. */
  review(id: string, body: z.input<typeof RumourReview>, options?: RequestOptions): APIPromise<RumourEntryDetail> {
    return this.client.call('rumours.review', { path: { id }, body }, options);
  }

  /** `POST /v1/rumours/import`: JSONL, CSV or XLSX, upserted by `externalId`. */
  import(
    file: ImportFile,
    query: QueryParams<typeof ImportQuery> = {},
    options?: RequestOptions,
  ): APIPromise<ImportReport> {
    return this.client.call('rumours.import', { query, body: importBody(file, query.format) }, options);
  }
}
