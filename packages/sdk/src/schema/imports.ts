import { z } from 'zod';

/** How an import treats bad rows. */
export const ImportMode = z.enum(['all-or-nothing', 'skip-invalid']).meta({
  id: 'ImportMode',
  description:
    '`all-or-nothing` (default): nothing is written if any row is bad. `skip-invalid`: good rows are written, bad rows are reported and skipped.',
});
export type ImportMode = z.infer<typeof ImportMode>;

export const ImportFormat = z.enum(['csv', 'xlsx', 'jsonl']).meta({ id: 'ImportFormat' });
export type ImportFormat = z.infer<typeof ImportFormat>;

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

/** Query parameters of every `POST /v1/<kind>/import`. The file is the request body. */
export const ImportQuery = z.object({
  mode: ImportMode.default('all-or-nothing'),
  dryRun: booleanFlag.meta({ description: 'Validate and report without writing anything.' }),
  publish: booleanFlag.meta({
    description:
      'Publish imported records at once (needs the review scope of the domain); otherwise they await review.',
  }),
  format: ImportFormat.optional().meta({
    description: 'Overrides the format otherwise taken from Content-Type or the file name.',
  }),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

/** One problem with one row of an import file. */
export const ImportRowIssue = z
  .object({
    row: z.number().int().meta({
      description: 'Row number as a spreadsheet shows it (the header is row 1); the line number for JSONL.',
    }),
    column: z.string().nullable().meta({ description: 'The column as written in the file, e.g. `所属区`.' }),
    field: z.string().nullable().meta({ description: 'The English field name of that column, e.g. `district`.' }),
    value: z.string().optional().meta({ description: 'The offending value (truncated).' }),
    reason: z.string(),
  })
  .meta({ id: 'ImportRowIssue' });
export type ImportRowIssue = z.infer<typeof ImportRowIssue>;

/** What an import did, or would do (`dryRun`). */
export const ImportReport = z
  .object({
    kind: z.string().meta({ example: 'resources' }),
    format: ImportFormat,
    mode: ImportMode,
    dryRun: z.boolean(),
    written: z.boolean().meta({ description: 'Whether anything was committed to the database.' }),
    totalRows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    skipped: z
      .number()
      .int()
      .meta({ description: 'Bad rows left out (`skip-invalid`), or every row when not written.' }),
    issues: z.array(ImportRowIssue),
    ignoredColumns: z.array(z.string()).meta({ description: 'Columns of the file that no field matched.' }),
  })
  .meta({ id: 'ImportReport' });
export type ImportReport = z.infer<typeof ImportReport>;
