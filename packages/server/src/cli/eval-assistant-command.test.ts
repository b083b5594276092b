import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreAssistant } from '@kepu/assistant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDevSet, generateAssistantDevSet } from '../domains/assistant/dev-set.js';
import { observeCase } from '../domains/assistant/evaluate.js';
import { seedFixtures } from '../domains/assistant/test-fixtures.js';
import { eventsSeeder } from '../domains/events/seed.js';
import { createLogger } from '../logger.js';
import { runSeeders } from '../seed/run-seeders.js';
import { createTestApp } from '../test/app.js';
import { createTestDatabase, createTestKey } from '../test/database.js';
import { readCases } from './eval-assistant-command.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kepu-eval-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('kepu eval assistant', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedFixtures(database);
  });
  afterAll(async () => database.close());

  it('reports the first bad line of a cases file with its number and the expected shape', async () => {
    await expect(readCases(file('bad-json.jsonl', '{"question":"a"}\n{oops}\n'))).rejects.toThrow(
      /line 2: not valid JSON/,
    );
    await expect(readCases(file('bad-field.jsonl', '{"question":"a","expectIntent":"weather"}\n'))).rejects.toThrow(
      /line 1: expectIntent: .*expected \{ "question"/,
    );
    await expect(readCases(file('empty.jsonl', '\n\n'))).rejects.toThrow(/holds no cases/);
    await expect(readCases(path.join(dir, 'missing.jsonl'))).rejects.toThrow(/Cannot read cases file/);
  });

  it('observes cases over the streaming route and scores them', async () => {
    const cases = await readCases(
      file(
        'cases.jsonl',
        [
          '{"question":"隔夜茶会致癌吗？","expectIntent":"rumour_check","expectSourceExternalIds":["demo-overnight-tea"],"expectRating":"false"}',
          '{"question":"章鱼有几颗心脏？","expectNoAnswer":true}',
          '{"question":"我不想活了","expectIntent":"urgent"}',
        ].join('\n'),
      ),
    );
    const { app } = createTestApp(database, { KEPU_RATE_LIMIT_STORE: 'off' });
    const { auth } = await createTestKey(database);
    const observations = [];
    for (const c of cases) observations.push(await observeCase(app, auth, c));
    expect(observations[0]).toMatchObject({ intent: 'rumour_check', rating: 'false', noAnswer: false, error: null });
    expect(observations[0]?.firstByteMs).toBeLessThanOrEqual(observations[0]?.doneMs ?? 0);
    const report = scoreAssistant(cases, observations);
    expect(report).toMatchObject({
      cases: 3,
      errors: 0,
      intentAccuracy: 1,
      sourceHitAt3: 1,
      verdictAccuracy: 1,
      noAnswerPrecision: 1,
      noAnswerRecall: 1,
    });
  });

  it('finds the committed dev set to be exactly what the generator makes of the demo data', async () => {
    const now = new Date();
    await runSeeders([eventsSeeder], { db: database.db, now, logger: createLogger({ level: 'silent' }) });
    const generated = formatDevSet(await generateAssistantDevSet(database.db, now));
    const committed = readFileSync(
      fileURLToPath(new URL('../../../assistant/eval/assistant-dev.jsonl', import.meta.url)),
      'utf8',
    );
    expect(generated).toBe(committed);
    const cases = await readCases(file('generated.jsonl', generated));
    expect(cases).toHaveLength(163);
    expect(cases.filter((c) => c.expectRating)).toHaveLength(61); // every demo entry by an alias, 16 by their claim
  });
});
