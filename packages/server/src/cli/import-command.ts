import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ImportFormat, ImportMode, type ImportReport } from '@kepu/sdk/schema';
import { type Command, Option } from 'commander';
import type { Config } from '../config.js';
import { createDatabase } from '../db/create-database.js';
import { runMigrations } from '../db/migrate.js';
import { ImportFileError } from '../imports/import-error.js';
import { findImporter, IMPORTERS } from '../imports/importers.js';
import { assertImportSize, detectFormat } from '../imports/parse-file.js';
import { runImport } from '../imports/run-import.js';

interface ImportFlags {
  mode: ImportMode;
  format?: ImportFormat;
  dryRun: boolean;
  publish: boolean;
  json: boolean;
}

/** Prints the report for people: counts, then one line per bad row. */
export function formatReport(report: ImportReport, fileName: string): string {
  const lines: string[] = [];
  const verdict = report.dryRun
    ? 'Dry run: nothing was written.'
    : report.written
      ? 'Imported.'
      : `Nothing was written: ${new Set(report.issues.map((i) => i.row)).size} bad rows (mode all-or-nothing). Fix them, or use --mode skip-invalid.`;
  lines.push(`${fileName} (${report.format}, ${report.totalRows} rows) → ${report.kind}: ${verdict}`);
  lines.push(
    `  created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, skipped ${report.skipped}`,
  );
  if (report.ignoredColumns.length) lines.push(`  ignored columns: ${report.ignoredColumns.join(', ')}`);
  for (const issue of report.issues) {
    const where = issue.column ? ` ${issue.column}` : '';
    const value = issue.value !== undefined ? ` (value: ${issue.value})` : '';
    lines.push(`  row ${issue.row}${where}: ${issue.reason}${value}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `kepu import <kind> <file>`: imports a CSV, XLSX or JSONL file with the importer of that kind.
 * Exit code 0 when written (or a clean dry run), 1 when refused or the file cannot be read.
 */
export function registerImportCommand(
  program: Command,
  withDatabaseFlags: (command: Command) => Command,
  configFrom: (flags: { dataDir?: string; databaseUrl?: string }) => Config,
): void {
  withDatabaseFlags(program.command('import'))
    .description(`Import a CSV, XLSX or JSONL file. Kinds: ${IMPORTERS.map((i) => i.kind).join(', ') || '(none yet)'}.`)
    .argument('<kind>', 'what the file holds, e.g. resources')
    .argument('<file>', 'path of a .csv (UTF-8 or GBK), .xlsx or .jsonl file')
    .addOption(
      new Option('--mode <mode>', 'all-or-nothing: nothing written if any row is bad; skip-invalid: write good rows')
        .choices(ImportMode.options)
        .default('all-or-nothing'),
    )
    .addOption(
      new Option('--format <format>', 'override the format taken from the file name').choices(ImportFormat.options),
    )
    .option('--dry-run', 'validate and report, write nothing', false)
    .option('--publish', 'publish imported records at once instead of leaving them for review', false)
    .option('--json', 'print the report as JSON', false)
    .action(async (kind: string, file: string, flags: ImportFlags & { dataDir?: string; databaseUrl?: string }) => {
      try {
        await importFile(kind, file, flags, configFrom);
      } catch (error) {
        // A bad file is the user's to fix: one clear line, no stack.
        if (!(error instanceof ImportFileError)) throw error;
        process.stderr.write(`kepu import: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}

async function importFile(
  kind: string,
  file: string,
  flags: ImportFlags & { dataDir?: string; databaseUrl?: string },
  configFrom: (flags: { dataDir?: string; databaseUrl?: string }) => Config,
): Promise<void> {
  const importer = findImporter(kind);
  if (!importer) {
    throw new ImportFileError(
      `unknown kind "${kind}". Known kinds: ${IMPORTERS.map((i) => i.kind).join(', ') || '(none)'}.`,
    );
  }
  const config = configFrom(flags);
  let bytes: Uint8Array;
  try {
    assertImportSize((await stat(file)).size, config.uploadLimitBytes);
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const format = detectFormat({ format: flags.format, fileName: file, bytes });
  const database = await createDatabase(config.database);
  try {
    await runMigrations(database);
    const report = await runImport(database.db, importer, bytes, {
      format,
      mode: flags.mode,
      dryRun: flags.dryRun,
      context: { now: new Date(), config, keyId: null, organizationId: null, requestId: null, publish: flags.publish },
    });
    process.stdout.write(
      flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, path.basename(file)),
    );
    if (!report.written && !(report.dryRun && report.issues.length === 0)) process.exitCode = 1;
  } finally {
    await database.close();
  }
}
