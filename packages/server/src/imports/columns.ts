import { ImportFileError } from './import-error.js';
import type { CellValue, ParsedFile } from './parse-file.js';

/** One column an importer understands, by its English field name and the Chinese label of the collection form. */
export interface ImportColumn {
  /** English field name, also the key in JSONL, e.g. `district`. */
  field: string;
  /** Chinese label on the collection form, e.g. `所属区`. */
  label: string;
  /** Other spellings people use (`区`, `行政区`). */
  aliases?: readonly string[];
  required?: boolean;
  /** Shown in the template and docs: format and allowed values. */
  description?: string;
}

/** Header spelling differences that should not matter: case, spaces, full-width forms, "*" or "（必填）" marks. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\((必填|选填|可选|required|optional)\)/g, '')
    .replace(/[\s*_\-：:]/g, '');
}

export interface ColumnMapping {
  /** File column name → field. */
  byHeader: Map<string, ImportColumn>;
  ignoredColumns: string[];
}

/**
 * Matches the file's columns to the importer's fields. A required column missing from the header of a CSV/XLSX file
 * is a file error naming both spellings (every row would fail otherwise).
 */
export function mapColumns(file: ParsedFile, columns: readonly ImportColumn[]): ColumnMapping {
  const lookup = new Map<string, ImportColumn>();
  for (const column of columns) {
    for (const name of [column.field, column.label, ...(column.aliases ?? [])])
      lookup.set(normalizeHeader(name), column);
  }
  const byHeader = new Map<string, ImportColumn>();
  const ignoredColumns: string[] = [];
  const claimed = new Map<string, string>();
  for (const header of file.headers) {
    const column = lookup.get(normalizeHeader(header));
    if (!column) {
      ignoredColumns.push(header);
      continue;
    }
    const earlier = claimed.get(column.field);
    // JSONL lines may each spell a field their own way; only a header row can hold two spellings at once.
    if (earlier !== undefined && file.format !== 'jsonl') {
      throw new ImportFileError(
        `The columns "${earlier}" and "${header}" both mean ${column.field} (${column.label}). Keep one of them.`,
        400,
        file.format,
      );
    }
    if (earlier === undefined) claimed.set(column.field, header);
    byHeader.set(header, column);
  }
  if (file.format !== 'jsonl') {
    const missing = columns.filter((c) => c.required && !claimed.has(c.field));
    if (missing.length) {
      throw new ImportFileError(
        `Required columns are missing: ${missing.map((c) => `${c.label} (${c.field})`).join(', ')}. ` +
          'Add them to the header row, in Chinese or in English.',
        400,
        file.format,
      );
    }
    if (byHeader.size === 0) {
      throw new ImportFileError(
        `No column of the file is known. Expected columns such as ${columns
          .slice(0, 5)
          .map((c) => `${c.label}/${c.field}`)
          .join(', ')}.`,
        400,
        file.format,
      );
    }
  }
  return { byHeader, ignoredColumns };
}

/** The row's cells keyed by field name, blanks left out, so row schemas see `undefined` for an empty cell. */
export function recordOf(cells: Map<string, CellValue>, mapping: ColumnMapping): Record<string, CellValue> {
  const record: Record<string, CellValue> = {};
  for (const [header, value] of cells) {
    const column = mapping.byHeader.get(header);
    if (!column) continue;
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
    record[column.field] = typeof value === 'string' ? value.trim() : value;
  }
  return record;
}
