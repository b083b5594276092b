/**
 * The shared import framework: CSV, XLSX and JSONL files → validated rows → one transaction.
 *
 * ## Adding an importer (e.g. events)
 * 1. In your domain, define it with `defineImporter<Row>({ kind, description, columns, rowSchema, key, writeRow })`:
 *    - `columns`: `{ field: 'district', label: '所属区', aliases?: ['区'], required?: true, description? }` — a file
 *      may use the English field name or the Chinese label (case, spaces, full-width forms and `*`/`（必填）` marks
 *      are ignored). Unknown columns are reported in `ignoredColumns`; a missing required column is a 400.
 *    - `rowSchema(db, ctx)`: a zod schema of one row keyed by field (blank cells are absent). Build it from `textCell`,
 *      `numberCell`, `listCell` (splits 、，,；;|), `booleanCell`, `dateCell` (`./cells.js`), which accept strings
 *      (CSV), numbers/dates (XLSX) and JSON values (JSONL). Its messages are what users read in the row report;
 *      the path's first element must be the field.
 *    - `key(row)`: the row's identity across imports (external id, else a natural key). Equal keys in one file → a
 *      row issue on the later row.
 *    - `writeRow(tx, { row, value }, ctx)`: upsert by that key and return `'created' | 'updated' | 'unchanged'`.
 *      It runs in a savepoint inside the import's transaction; throw `ImportRowError(field, reason)` for problems
 *      only the database sees. `ctx` has `now`, `config`, `keyId`, `organizationId`, `requestId`, `publish`.
 * 2. Add it to `IMPORTERS` in `./importers.js` (one line) — the CLI `pnpm kepu import <kind> <file>` finds it there.
 * 3. HTTP: a route `POST /v1/<kind>/import` with `request.query: ImportQuery` (SDK) whose handler is
 *    `return c.json(await handleImportRequest(c, db, importer, { config, query, publish }), 200)`;
 *    it reads a raw body (Content-Type text/csv, XLSX, application/x-ndjson) or a multipart `file` field, enforces
 *    the size limit (413), maps file errors to 400/415 and refused imports to 422 with one detail per bad row.
 *
 * ## Semantics
 * `all-or-nothing` (default) writes nothing if any row is bad; `skip-invalid` writes the good rows; `dryRun`
 * validates (including the database's own checks) and writes nothing. Rows are numbered as a spreadsheet shows them
 * (header = row 1) or by line for JSONL. A successful import is audited as `import.<kind>`.
 */
export { booleanCell, dateCell, listCell, numberCell, textCell } from './cells.js';
export { type ImportColumn, normalizeHeader } from './columns.js';
export { handleImportRequest, IMPORT_CONTENT_TYPES, readImportUpload } from './http.js';
export { ImportFileError, ImportRowError } from './import-error.js';
export {
  type AnyImporter,
  defineImporter,
  type ImportContext,
  type Importer,
  type RowOutcome,
  type ValidRow,
} from './importer.js';
export { findImporter, IMPORTERS } from './importers.js';
export { assertImportSize, detectFormat, parseImportFile } from './parse-file.js';
export { runImport } from './run-import.js';
