import { z } from 'zod';

/**
 * zod building blocks for row schemas: cells arrive as strings (CSV), numbers/dates (XLSX) or JSON values (JSONL),
 * and each helper accepts all of them and yields one type.
 */

/** Separators people use between list items in one cell: 、，,；;｜| and new lines. */
const LIST_SEPARATOR = /[、，,；;｜|\n]+/;

/** Text; numbers (an XLSX cell holding 518000) become their decimal text. */
export const textCell = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.string({ error: 'must be text' }).trim().min(1, 'must not be empty'),
);

/** A number; accepts "113.95" text and full-width digits. */
export const numberCell = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const text = v.normalize('NFKC').trim();
    return text === '' ? undefined : Number(text);
  },
  z.number({ error: 'must be a number' }).finite('must be a number'),
);

/** A list: a JSON array, or one cell with items separated by 、，,；; or |. */
export const listCell = z.preprocess((v) => {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
  if (typeof v === 'string') {
    return v
      .split(LIST_SEPARATOR)
      .map((x) => x.trim())
      .filter(Boolean);
  }
  return v;
}, z.array(z.string()));

/** A yes/no cell: 是/否, true/false, 1/0, y/n. */
export const booleanCell = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const t = v.trim().toLowerCase();
    if (['是', 'true', '1', 'y', 'yes'].includes(t)) return true;
    if (['否', 'false', '0', 'n', 'no'].includes(t)) return false;
    return v;
  },
  z.boolean({ error: 'must be 是/否 (yes/no)' }),
);

/** A calendar date (YYYY-MM-DD); XLSX date cells are converted. */
export const dateCell = z.preprocess(
  (v) => {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === 'string')
      return v
        .trim()
        .replace(/[/.]/g, '-')
        .replace(/^(\d{4})-(\d)-/, '$1-0$2-')
        .replace(/-(\d)$/, '-0$1');
    return v;
  },
  z.iso.date({ error: 'must be a date like 2025-06-30' }),
);
