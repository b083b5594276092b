import { readFile, writeFile } from 'node:fs/promises';
import { AssistantEvalCase, type AssistantEvalReport, scoreAssistant } from '@kepu/assistant';
import type { Command } from 'commander';
import { issueApiKey } from '../access/keys.js';
import { createApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { createDatabase, type Database } from '../db/create-database.js';
import { runMigrations } from '../db/migrate.js';
import { organizations } from '../db/schema/access.js';
import { formatDevSet, generateAssistantDevSet } from '../domains/assistant/dev-set.js';
import { observeCase } from '../domains/assistant/evaluate.js';
import { eventsSeeder } from '../domains/events/seed.js';
import { newId } from '../ids.js';
import { createLogger } from '../logger.js';
import { DEMO_SEEDERS } from '../seed/demo-seeders.js';
import { runSeeders } from '../seed/run-seeders.js';

type DatabaseFlags = { dataDir?: string; databaseUrl?: string };
type ConfigFrom = (flags: DatabaseFlags) => Config;

/** A usage or input problem: printed as one line, exit code 1. */
export class AssistantEvalInputError extends Error {
  override name = 'AssistantEvalInputError';
}

/** Reads and validates the cases; the first bad line is reported with its number and the expected shape. */
export async function readCases(file: string): Promise<AssistantEvalCase[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AssistantEvalInputError(`Cannot read cases file ${file}: ${(error as Error).message}`);
  }
  const cases: AssistantEvalCase[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new AssistantEvalInputError(`${file} line ${i + 1}: not valid JSON.`);
    }
    const parsed = AssistantEvalCase.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AssistantEvalInputError(
        `${file} line ${i + 1}: ${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'} ` +
          '(expected { "question": "…", "context"?, "expectIntent"?, "expectSourceExternalIds"?: [...], "expectRating"?, "expectNoAnswer"? })',
      );
    }
    cases.push(parsed.data);
  }
  if (cases.length === 0) throw new AssistantEvalInputError(`${file} holds no cases.`);
  return cases;
}

const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));

export function describeAssistantReport(r: AssistantEvalReport): string {
  return [
    `Assistant: ${r.cases} cases (${r.errors} errors)`,
    `  intent accuracy ${fmt(r.intentAccuracy)}   source hit@3 ${fmt(r.sourceHitAt3)}   verdict accuracy ${fmt(r.verdictAccuracy)}`,
    `  no-answer precision ${fmt(r.noAnswerPrecision)}   no-answer recall ${fmt(r.noAnswerRecall)}`,
    `  first streamed byte p50 ${r.firstByteP50Ms.toFixed(1)} ms   p95 ${r.firstByteP95Ms.toFixed(1)} ms`,
    `  done p50 ${r.doneP50Ms.toFixed(1)} ms   p95 ${r.doneP95Ms.toFixed(1)} ms`,
  ].join('\n');
}

/** The key set and order of the `--json` line (scripts read it). */
const JSON_KEYS = [
  'cases',
  'errors',
  'intentAccuracy',
  'sourceHitAt3',
  'verdictAccuracy',
  'noAnswerPrecision',
  'noAnswerRecall',
  'firstByteP50Ms',
  'firstByteP95Ms',
  'doneP50Ms',
  'doneP95Ms',
] as const satisfies readonly (keyof AssistantEvalReport)[];

interface EvalAssistantFlags extends DatabaseFlags {
  cases: string;
  json: boolean;
  failures: boolean;
}

/**
 * Runs every case through `POST /v1/assistant/chat` (streaming) of an in-process app. Without --data-dir or
 * --database-url it loads the demo data into a fresh in-memory database, so the figures are reproducible.
 */
export async function evalAssistant(
  flags: EvalAssistantFlags,
  configFrom: ConfigFrom,
  write = (s: string) => process.stdout.write(s),
): Promise<AssistantEvalReport> {
  const cases = await readCases(flags.cases);
  const demo = !flags.dataDir && !flags.databaseUrl;
  const base = demo ? loadConfig({ ...process.env, KEPU_DATA_DIR: 'memory://' }) : configFrom(flags);
  // Rate limits would throttle the run, and the evaluation measures the assistant, not the limiter.
  const config: Config = {
    ...base,
    access: { ...base.access, rateLimits: { ...base.access.rateLimits, store: 'off' } },
  };
  const logger = createLogger({ level: 'silent' });
  const database: Database = await createDatabase(config.database);
  try {
    await runMigrations(database);
    if (demo) {
      const started = performance.now();
      await runSeeders(DEMO_SEEDERS, { db: database.db, now: new Date(), logger });
      if (!flags.json) write(`Demo data loaded in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
    }
    const organizationId = newId('org');
    await database.db.insert(organizations).values({ id: organizationId, name: 'kepu eval assistant' });
    const { token } = await issueApiKey(database.db, {
      organizationId,
      name: 'eval',
      kind: 'secret',
      scopes: [],
      allowedOrigins: [],
      expiresAt: null,
    });
    const app = createApp({ config, database, logger });
    const auth = { authorization: `Bearer ${token}` };
    // One warm-up question: the first one pays for loading jieba's dictionary, not the assistant.
    await observeCase(app, auth, { question: '你好' });
    const observations = [];
    for (const c of cases) observations.push(await observeCase(app, auth, c));
    const report = scoreAssistant(cases, observations);
    if (flags.failures) {
      for (const f of report.failures) write(`  ✗ ${f.question}: ${f.problems.join('; ')}\n`);
    }
    write(`${describeAssistantReport(report)}\n`);
    if (flags.json) write(`${JSON.stringify(Object.fromEntries(JSON_KEYS.map((k) => [k, report[k]])))}\n`);
    return report;
  } finally {
    await database.close();
  }
}

/**
 * Writes the assistant dev set generated from the demo data (`generateAssistantDevSet`) to `out`: the demo events
 * are seeded into a fresh in-memory database (the rest comes from the demo modules).
 */
export async function writeAssistantDevSet(out: string, now = new Date()): Promise<number> {
  const config = loadConfig({ ...process.env, KEPU_DATA_DIR: 'memory://' });
  const database = await createDatabase(config.database);
  try {
    await runMigrations(database);
    await runSeeders([eventsSeeder], { db: database.db, now, logger: createLogger({ level: 'silent' }) });
    const cases = await generateAssistantDevSet(database.db, now);
    await writeFile(out, formatDevSet(cases));
    return cases.length;
  } finally {
    await database.close();
  }
}

/** `kepu eval assistant`: added to the `eval` command of the rumour engine (created here when absent). */
export function registerEvalAssistantCommand(
  program: Command,
  withDatabaseFlags: (command: Command) => Command,
  configFrom: ConfigFrom,
): void {
  const evalCommand =
    program.commands.find((c) => c.name() === 'eval') ??
    program.command('eval').description('Measure an engine on an evaluation set.');
  withDatabaseFlags(evalCommand.command('assistant'))
    .description(
      'The assistant end to end over HTTP (SSE): intent accuracy, source hit@3, verdict accuracy, no-answer precision/recall, p50/p95 time to first byte and to done.',
    )
    .option(
      '--cases <file>',
      'JSONL of { "question", "context"?, "expectIntent"?, "expectSourceExternalIds"?, "expectRating"?, "expectNoAnswer"? }',
    )
    .option(
      '--write-dev-set <file>',
      'instead of measuring, write the dev set generated from the demo data (packages/assistant/eval/assistant-dev.jsonl)',
    )
    .option('--json', 'print the figures as one JSON object on the last line', false)
    .option('--failures', 'list the cases that missed, with what was expected and observed', false)
    .action(async (flags: Omit<EvalAssistantFlags, 'cases'> & { cases?: string; writeDevSet?: string }) => {
      try {
        if (flags.writeDevSet) {
          const n = await writeAssistantDevSet(flags.writeDevSet);
          process.stdout.write(`Wrote ${n} cases generated from the demo data to ${flags.writeDevSet}.\n`);
          return;
        }
        if (!flags.cases) throw new AssistantEvalInputError('--cases <file> is required (or --write-dev-set <file>).');
        await evalAssistant({ ...flags, cases: flags.cases }, configFrom);
      } catch (error) {
        if (!(error instanceof AssistantEvalInputError)) throw error;
        process.stderr.write(`kepu eval assistant: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
