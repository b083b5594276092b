import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type { ImportFormat, ImportQuery, ImportReport } from '../schema/imports.js';
import type {
  Resource,
  ResourceDetail,
  ResourceExportQuery,
  ResourceInput,
  ResourceListQuery,
  ResourcePatch,
  ReviewRequest,
  RevisionResult,
  SubmissionResult,
  TaxonomyView,
  TransitionPage,
} from '../schema/registry.js';
import type { QueryParams } from './params.js';
import { APIResource } from './resource.js';

const CONTENT_TYPES: Record<ImportFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jsonl: 'application/x-ndjson',
};

/** An import file: a `Blob`/`File` (its type names the format), bytes, or text; `FormData` with a `file` field. */
export type ImportFile = Blob | FormData | Uint8Array | ArrayBuffer | string;

/** @internal A body the transport sends as is, typed by the format when the file does not say it itself. */
export function importBody(file: ImportFile, format: ImportFormat | undefined): Blob | FormData {
  if (file instanceof FormData) return file;
  if (file instanceof Blob && (file.type || !format)) return file;
  const type = CONTENT_TYPES[format ?? 'csv'];
  return new Blob([file instanceof Uint8Array ? new Uint8Array(file) : file], { type });
}

/** The registry of science-popularization resources (科普资源名录): venues, facilities, works and more. */
export class Resources extends APIResource {
  /**
   * `GET /v1/resources`: search published entries (staff also see drafts and reviews).
   * @example for await (const place of kepu.resources.list({ q: '天文', district: '南山区' })) console.log(place.name)
   */
  list(query: QueryParams<typeof ResourceListQuery> = {}, options?: RequestOptions): PagePromise<Resource> {
    return this.client.paginate('resources.list', { query }, options);
  }

  /** `GET /v1/resources/{id}`: one entry, with schema.org JSON-LD. */
  retrieve(id: string, options?: RequestOptions): APIPromise<ResourceDetail> {
    return this.client.call('resources.retrieve', { path: { id } }, options);
  }

  /** `POST /v1/resources`: submit an entry; it awaits review. Possible duplicates come back in `duplicates`. */
  create(body: z.input<typeof ResourceInput>, options?: RequestOptions): APIPromise<z.infer<typeof SubmissionResult>> {
    return this.client.call('resources.create', { body }, options);
  }

  /** `PATCH /v1/resources/{id}`: on a published entry this creates a revision to review. */
  update(
    id: string,
    body: z.input<typeof ResourcePatch>,
    options?: RequestOptions,
  ): APIPromise<z.infer<typeof RevisionResult>> {
    return this.client.call('resources.update', { path: { id }, body }, options);
  }

  /** `POST /v1/resources/{id}/review` (scope `registry:review`): approve, reject, request changes, or archive. */
  review(id: string, body: z.input<typeof ReviewRequest>, options?: RequestOptions): APIPromise<Resource> {
    return this.client.call('resources.review', { path: { id }, body }, options);
  }

  /** `GET /v1/resources/{id}/history`: workflow transitions (who, when, why), oldest first. */
  history(id: string, options?: RequestOptions): APIPromise<z.infer<typeof TransitionPage>> {
    return this.client.call('resources.history', { path: { id } }, options);
  }

  /**
   * `POST /v1/resources/import`: CSV, XLSX or JSONL. `all-or-nothing` (default) writes nothing if a row is bad.
   * @example const report = await kepu.resources.import(csvText, { format: 'csv', dryRun: true })
   */
  import(
    file: ImportFile,
    query: QueryParams<typeof ImportQuery> = {},
    options?: RequestOptions,
  ): APIPromise<ImportReport> {
    return this.client.call('resources.import', { query, body: importBody(file, query.format) }, options);
  }

  /** `GET /v1/resources/export`: published entries as CSV (Chinese headers, re-importable) or JSONL (text). */
  export(query: QueryParams<typeof ResourceExportQuery> = {}, options?: RequestOptions): APIPromise<string> {
    return this.client.callText('resources.export', { query }, options);
  }
}

/** The city's vocabularies: districts, topics, audience groups, designation schemes and kinds. */
export class Taxonomies extends APIResource {
  /** `GET /v1/taxonomies`. */
  retrieve(options?: RequestOptions): APIPromise<z.infer<typeof TaxonomyView>> {
    return this.client.call('taxonomies.retrieve', {}, options);
  }
}
