import type { ImportFormat, ImportMode, ImportReport, ImportRowIssue } from '@kepu/sdk/schema';
import type { Db, Tx } from '../db/create-database.js';
import { auditLog } from '../db/schema/access.js';
import { newId } from '../ids.js';
import { mapColumns, recordOf } from './columns.js';
import { ImportRowError } from './import-error.js';
import type { AnyImporter, ImportContext, RowOutcome, ValidRow } from './importer.js';
import { parseImportFile } from './parse-file.js';

export interface RunImportOptions {
  format: ImportFormat;
  mode?: ImportMode;
  dryRun?: boolean;
  context: ImportContext;
}

/** Thrown inside the transaction to roll it back when nothing may be written; never escapes `runImport`. */
class Rollback extends Error {}

const MAX_VALUE_LENGTH = 80;

function show(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}

/**
 * Parses, validates and writes an import file in one transaction.
 * - Every bad row is reported (row number, column, reason), whether it failed its schema, repeats an earlier row's
 *   key, or was refused by the database.
 * - `all-or-nothing` commits only when no row is bad; `skip-invalid` commits the good rows; `dryRun` commits nothing.
 * - Re-importing the same file is idempotent: importers upsert by `key`.
 * File-level problems throw `ImportFileError`.
 */
export async function runImport(
  db: Db,
  importer: AnyImporter,
  bytes: Uint8Array,
  options: RunImportOptions,
): Promise<ImportReport> {
  const mode = options.mode ?? 'all-or-nothing';
  const dryRun = options.dryRun ?? false;
  const file = await parseImportFile(bytes, options.format);
  const mapping = mapColumns(file, importer.columns);
  const labelOf = new Map<string, string>(); // field → column as written in the file
  for (const [header, column] of mapping.byHeader) labelOf.set(column.field, header);
  const columnOf = (field: string | null) => (field ? (labelOf.get(field) ?? field) : null);

  const schema = await importer.rowSchema(db, options.context);
  const issues: ImportRowIssue[] = [];
  const valid: ValidRow<unknown>[] = [];
  const firstRowOfKey = new Map<string, number>();

  for (const raw of file.rows) {
    if (raw.error) {
      issues.push({ row: raw.row, column: null, field: null, reason: raw.error });
      continue;
    }
    const record = recordOf(raw.cells, mapping);
    const parsed = schema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.length ? String(issue.path[0]) : null;
        const value = show(field ? record[field] : undefined);
        issues.push({
          row: raw.row,
          column: columnOf(field),
          field,
          ...(value !== undefined ? { value } : {}),
          reason: issue.message,
        });
      }
      continue;
    }
    const key = importer.key(parsed.data);
    const first = firstRowOfKey.get(key);
    if (first !== undefined) {
      issues.push({
        row: raw.row,
        column: null,
        field: null,
        reason: `repeats row ${first} (same identity: ${key}); keep one of them`,
      });
      continue;
    }
    firstRowOfKey.set(key, raw.row);
    valid.push({ row: raw.row, value: parsed.data });
  }

  const counts: Record<RowOutcome, number> = { created: 0, updated: 0, unchanged: 0 };
  let written = false;
  try {
    await db.transaction(async (tx) => {
      for (const row of valid) {
        try {
          // A savepoint per row: a row the database refuses is reported and undone alone.
          const outcome = await tx.transaction((sp) => importer.writeRow(sp as Tx, row, options.context));
          counts[outcome]++;
        } catch (error) {
          if (!(error instanceof ImportRowError)) throw error;
          issues.push({ row: row.row, column: columnOf(error.field), field: error.field, reason: error.message });
        }
      }
      const bad = issues.length > 0;
      if (dryRun || (bad && mode === 'all-or-nothing')) throw new Rollback();
      await tx.insert(auditLog).values({
        id: newId('aud'),
        keyId: options.context.keyId,
        organizationId: options.context.organizationId,
        action: `import.${importer.kind}`,
        targetType: importer.kind,
        requestId: options.context.requestId,
        details: { format: file.format, mode, rows: file.rows.length, ...counts, skipped: issues.length },
      });
      written = true;
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  issues.sort((a, b) => a.row - b.row);
  const badRows = new Set(issues.map((i) => i.row)).size;
  return {
    kind: importer.kind,
    format: file.format,
    mode,
    dryRun,
    written,
    totalRows: file.rows.length,
    // A dry run reports what would be written; a refused all-or-nothing import wrote nothing and skipped every row.
    ...(written || dryRun ? counts : { created: 0, updated: 0, unchanged: 0 }),
    skipped: written || dryRun ? badRows : file.rows.length,
    issues,
    ignoredColumns: mapping.ignoredColumns,
  };
}
