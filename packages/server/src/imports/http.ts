import type { ImportFormat, ImportQuery, ImportReport } from '@kepu/sdk/schema';
import type { Context } from 'hono';
import type { Config } from '../config.js';
import type { Db } from '../db/create-database.js';
import type { AppEnv } from '../http/app-env.js';
import { ApiError } from '../http/errors.js';
import { ImportFileError } from './import-error.js';
import type { AnyImporter } from './importer.js';
import { assertImportSize, detectFormat } from './parse-file.js';
import { runImport } from './run-import.js';

/** Content types an import route accepts, for its OpenAPI request body. */
export const IMPORT_CONTENT_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/x-ndjson',
  'multipart/form-data',
] as const;

/**
 * Reads the uploaded file: the raw request body (Content-Type names the format) or a multipart form with a `file`
 * field (its name names the format). Larger than `limitBytes` → 413, before the body is read when the length is known.
 */
export async function readImportUpload(
  c: Context<AppEnv>,
  limitBytes: number,
  format?: ImportFormat,
): Promise<{ bytes: Uint8Array; format: ImportFormat }> {
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (Number.isFinite(declared)) assertImportSize(declared, limitBytes);
  const contentType = c.req.header('content-type') ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    // Parse from the bytes with the request's Content-Type: another middleware may already have read the body
    // (idempotency), and Hono re-creates later reads without the multipart boundary.
    let form: FormData;
    try {
      form = await new Response(await c.req.arrayBuffer(), { headers: { 'content-type': contentType } }).formData();
    } catch (error) {
      throw new ImportFileError(`The multipart form cannot be read: ${(error as Error).message}.`);
    }
    const file = form.get('file');
    if (!(file instanceof File)) {
      throw new ImportFileError('The multipart form has no `file` field holding the file to import.');
    }
    assertImportSize(file.size, limitBytes);
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { bytes, format: detectFormat({ format, fileName: file.name, contentType: file.type, bytes }) };
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  assertImportSize(bytes.byteLength, limitBytes);
  return { bytes, format: detectFormat({ format, contentType, bytes }) };
}

/** Renders a file-level import problem as the API's error envelope (400, 413 or 415). */
export function toApiError(error: unknown): unknown {
  if (!(error instanceof ImportFileError)) return error;
  const code =
    error.status === 413 ? 'payload_too_large' : error.status === 415 ? 'unsupported_media_type' : 'invalid_request';
  return new ApiError(error.status, code, error.message, [{ path: 'body', message: error.message }]);
}

/**
 * The whole of an import route's handler: read, run, answer with the report (200) when written or a dry run.
 * When `all-or-nothing` refuses the file because of bad rows: 422 `unprocessable`, one detail per problem with the
 * path `rows.<row>.<field>` (a dry run returns the same problems as a 200 report).
 * @example return c.json(await handleImportRequest(c, db, resourcesImporter, { config, query, publish }), 200)
 */
export async function handleImportRequest(
  c: Context<AppEnv>,
  db: Db,
  importer: AnyImporter,
  options: { config: Config; query: ImportQuery; publish: boolean },
): Promise<ImportReport> {
  let report: ImportReport;
  try {
    const upload = await readImportUpload(c, options.config.uploadLimitBytes, options.query.format);
    const principal = c.get('principal');
    report = await runImport(db, importer, upload.bytes, {
      format: upload.format,
      mode: options.query.mode,
      dryRun: options.query.dryRun ?? false,
      context: {
        now: new Date(),
        config: options.config,
        keyId: principal.keyId,
        organizationId: principal.organizationId,
        requestId: c.get('requestId') ?? null,
        publish: options.publish,
      },
    });
  } catch (error) {
    throw toApiError(error);
  }
  if (report.written || report.dryRun) return report;
  const badRows = new Set(report.issues.map((i) => i.row)).size;
  throw new ApiError(
    422,
    'unprocessable',
    `${badRows} of ${report.totalRows} rows are bad, so nothing was written (mode all-or-nothing). ` +
      'Fix the rows listed in details, or import with mode=skip-invalid to write the good rows only.',
    report.issues.map((issue) => ({
      path: `rows.${issue.row}${issue.field ? `.${issue.field}` : ''}`,
      message: `${issue.column ? `${issue.column}: ` : ''}${issue.reason}${issue.value !== undefined ? ` (value: ${issue.value})` : ''}`,
      code: 'invalid_row',
    })),
  );
}
