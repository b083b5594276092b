import { badRequest } from './errors.js';

/**
 * Opaque keyset cursors: the sort key of the last row of a page, as base64url JSON. Clients must not build them.
 * @example encodeCursor(['2026-01-01T00:00:00Z', 'evt_…'])
 */
export function encodeCursor(position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` with `length` parts; a forged or stale cursor is a 400, not a 500. */
export function decodeCursor(cursor: string, length: number): (string | number)[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === length &&
      value.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return value as (string | number)[];
    }
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('The cursor is not valid. Use `nextCursor` from the previous page unchanged, or omit it.', [
    { path: 'query.cursor', message: 'not a cursor issued by this API' },
  ]);
}
