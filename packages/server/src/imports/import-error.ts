import type { ImportFormat } from '@kepu/sdk/schema';

/**
 * The file as a whole cannot be imported (malformed CSV/XLSX, unknown format, too large, missing required columns).
 * Routes render it as 400 (413 when too large); the CLI prints the message.
 */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  constructor(
    message: string,
    readonly status: 400 | 413 | 415 = 400,
    readonly format?: ImportFormat,
  ) {
    super(message);
  }
}

/** Thrown by an importer's `writeRow` for a problem of one row that only the database can see (e.g. a bad reference). */
export class ImportRowError extends Error {
  override name = 'ImportRowError';
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}
