import type { z } from 'zod';
import type { Config } from '../config.js';
import type { Db, Tx } from '../db/create-database.js';
import type { ImportColumn } from './columns.js';

/** Who runs an import and how; passed to every `writeRow`. */
export interface ImportContext {
  now: Date;
  /** The server configuration (e.g. the taxonomy profile the registry validates against). */
  config: Config;
  /** The key (HTTP) or null (CLI, run by the operator on the server). */
  keyId: string | null;
  organizationId: string | null;
  requestId: string | null;
  /** Publish imported records at once where the kind has a review workflow; otherwise they await review. */
  publish: boolean;
}

/** What writing one row did. */
export type RowOutcome = 'created' | 'updated' | 'unchanged';

/** A valid row ready to write: its number in the file and the value its row schema produced. */
export interface ValidRow<Row> {
  row: number;
  value: Row;
}

/**
 * One kind of import (`resources`, `events`, `rumours`…). See `src/imports/index.ts` for how to add one.
 */
export interface Importer<Row> {
  /** The `<kind>` of `pnpm kepu import <kind>` and of the audit action `import.<kind>`. */
  kind: string;
  description: string;
  columns: readonly ImportColumn[];
  /**
   * The schema of one row, keyed by field name. Async so that it can load allowed values (taxonomies) from the
   * database once per import. Its messages are what the user reads in the row report.
   */
  rowSchema(db: Db, ctx: ImportContext): Promise<z.ZodType<Row>> | z.ZodType<Row>;
  /** Identity of a row across imports: the external id, else a natural key. Equal keys in one file are an error. */
  key(row: Row): string;
  /**
   * Creates or updates the record of one row, idempotently by `key`. Runs inside the import's transaction (in a
   * savepoint); throw `ImportRowError` for problems only the database sees.
   */
  writeRow(tx: Tx, row: ValidRow<Row>, ctx: ImportContext): Promise<RowOutcome>;
}

/** An importer with its row type erased, so importers of different kinds sit in one registry. */
export type AnyImporter = Importer<never> & {
  rowSchema(db: Db, ctx: ImportContext): Promise<z.ZodType<unknown>> | z.ZodType<unknown>;
  key(row: unknown): string;
  writeRow(tx: Tx, row: ValidRow<unknown>, ctx: ImportContext): Promise<RowOutcome>;
};

/** Type-checks an importer against its row type and erases that type for the registry. */
export function defineImporter<Row>(importer: Importer<Row>): AnyImporter {
  return importer as unknown as AnyImporter;
}
