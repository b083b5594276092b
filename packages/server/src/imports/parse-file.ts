import type { ImportFormat } from '@kepu/sdk/schema';
import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ImportFileError } from './import-error.js';

/** A cell as read from a file: CSV gives strings, XLSX numbers/dates/booleans too, JSONL any JSON value. */
export type CellValue = string | number | boolean | Date | null | readonly unknown[] | Record<string, unknown>;

/** One data row: its number as the user sees it and its cells by the column name written in the file. */
export interface RawRow {
  row: number;
  cells: Map<string, CellValue>;
  /** Set when the row itself could not be read (a JSONL line that is not a JSON object). */
  error?: string;
}

export interface ParsedFile {
  format: ImportFormat;
  /** Column names in file order (for JSONL: every key seen). */
  headers: string[];
  rows: RawRow[];
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Picks the format from an explicit choice, then the file name, then the content type, then the first bytes.
 * @example detectFormat({ fileName: '名录.xlsx' }) // 'xlsx'
 */
export function detectFormat(input: {
  format?: ImportFormat;
  fileName?: string;
  contentType?: string;
  bytes?: Uint8Array;
}): ImportFormat {
  if (input.format) return input.format;
  const ext = input.fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext === 'xls' || ext === 'et' || ext === 'numbers') {
    throw new ImportFileError(
      `.${ext} files are not supported. Save the spreadsheet as .xlsx (Excel 2007+) or .csv (UTF-8) and import that.`,
      415,
    );
  }
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  const type = input.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === XLSX_MIME) return 'xlsx';
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/x-jsonlines') {
    return 'jsonl';
  }
  const b = input.bytes;
  if (b && b[0] === 0x50 && b[1] === 0x4b) return 'xlsx'; // "PK": a zip container
  if (b && b[0] === 0x7b) return 'jsonl'; // "{"
  if (type && type !== 'application/octet-stream' && type !== 'text/plain') {
    throw new ImportFileError(
      `Content-Type ${type} is not an import format. Send text/csv, ${XLSX_MIME} or application/x-ndjson, or name the format with ?format=csv|xlsx|jsonl.`,
      415,
    );
  }
  return 'csv';
}

/** Size guard shared by the HTTP route and the CLI. */
export function assertImportSize(size: number, limitBytes: number): void {
  if (size > limitBytes) {
    throw new ImportFileError(
      `The file is ${size} bytes, larger than the import limit of ${limitBytes} bytes (KEPU_UPLOAD_LIMIT_BYTES). Split it into smaller files.`,
      413,
    );
  }
}

/**
 * Reads CSV, XLSX or JSONL into rows. Malformed files throw `ImportFileError` with the reason and, where known, the line.
 * CSV may be UTF-8 (with or without BOM) or GB18030/GBK, which is what Excel on a Chinese Windows writes.
 */
export async function parseImportFile(bytes: Uint8Array, format: ImportFormat): Promise<ParsedFile> {
  if (bytes.byteLength === 0) throw new ImportFileError('The file is empty.', 400, format);
  if (format === 'csv') return parseCsvFile(decodeText(bytes, format));
  if (format === 'jsonl') return parseJsonl(decodeText(bytes, format));
  return parseXlsx(bytes);
}

function decodeText(bytes: Uint8Array, format: ImportFormat): string {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03) {
    throw new ImportFileError(
      `The file looks like a spreadsheet (zip), not ${format.toUpperCase()} text. Import it as .xlsx, or export CSV from the spreadsheet.`,
      400,
      format,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Not UTF-8: Excel on Chinese Windows saves "CSV" as GBK, which GB18030 decodes.
    const text = new TextDecoder('gb18030').decode(bytes);
    if (text.includes('\uFFFD')) {
      throw new ImportFileError('The file is neither UTF-8 nor GB18030/GBK text. Save it as CSV UTF-8.', 400, format);
    }
    return text;
  }
}

function parseCsvFile(text: string): ParsedFile {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const reason = error instanceof CsvError ? error.message : String(error);
    throw new ImportFileError(`The CSV file is malformed: ${reason}`, 400, 'csv');
  }
  const [head, ...body] = records;
  if (!head) throw new ImportFileError('The CSV file has no header row.', 400, 'csv');
  const headers = checkHeaders(head.record, 'csv');
  const rows: RawRow[] = [];
  for (const { record, info } of body) {
    if (record.every((v) => v === '')) continue;
    const row: RawRow = { row: info.lines, cells: new Map() };
    if (record.length > headers.length && record.slice(headers.length).some((v) => v !== '')) {
      row.error = `the row has ${record.length} cells but the header has ${headers.length} columns (an unquoted comma?)`;
    }
    headers.forEach((h, i) => {
      if (h) row.cells.set(h, record[i] ?? null);
    });
    rows.push(row);
  }
  return { format: 'csv', headers: headers.filter(Boolean), rows };
}

function checkHeaders(raw: readonly unknown[], format: ImportFormat): string[] {
  const headers = raw.map((h) => (h == null ? '' : String(h).trim()));
  if (!headers.some(Boolean)) throw new ImportFileError('The header row is empty.', 400, format);
  const seen = new Set<string>();
  for (const h of headers) {
    if (!h) continue;
    if (seen.has(h)) throw new ImportFileError(`The column "${h}" appears twice in the header row.`, 400, format);
    seen.add(h);
  }
  return headers;
}

function parseJsonl(text: string): ParsedFile {
  const headers = new Set<string>();
  const rows: RawRow[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const row: RawRow = { row: index + 1, cells: new Map() };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      row.error = `not valid JSON: ${(error as Error).message}`;
      rows.push(row);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      row.error = 'each line must be one JSON object, e.g. {"name": "…", "kind": "venue"}';
    } else {
      for (const [k, v] of Object.entries(value)) {
        headers.add(k);
        row.cells.set(k, v as CellValue);
      }
    }
    rows.push(row);
  });
  return { format: 'jsonl', headers: [...headers], rows };
}

async function parseXlsx(bytes: Uint8Array): Promise<ParsedFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings predate Buffer's generic parameter; the bytes are what it reads.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (error) {
    throw new ImportFileError(
      `The XLSX file cannot be read: ${(error as Error).message}. Save it again as .xlsx (Excel 2007+), or export CSV.`,
      400,
      'xlsx',
    );
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw new ImportFileError('The XLSX file has no sheet with data.', 400, 'xlsx');
  let headers: string[] | undefined;
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (excelRow, rowNumber) => {
    const values: CellValue[] = [];
    for (let col = 1; col <= excelRow.cellCount; col++) values.push(cellValue(excelRow.getCell(col).value));
    if (!headers) {
      headers = checkHeaders(values, 'xlsx');
      return;
    }
    const row: RawRow = { row: rowNumber, cells: new Map() };
    headers.forEach((h, i) => {
      if (h) row.cells.set(h, values[i] ?? null);
    });
    if ([...row.cells.values()].every((v) => v === null || v === '')) return;
    rows.push(row);
  });
  if (!headers) throw new ImportFileError('The XLSX file has no header row.', 400, 'xlsx');
  return { format: 'xlsx', headers: (headers as string[]).filter(Boolean), rows };
}

/** Flattens exceljs's cell shapes (rich text, hyperlinks, formulas, errors) to a plain value. */
function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('hyperlink' in value) return typeof value.text === 'string' ? value.text.trim() : value.hyperlink;
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: ExcelJS.CellValue }).result;
      return result === undefined ? null : cellValue(result);
    }
    if ('error' in value) return null;
  }
  return String(value);
}
