import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scoreAssistant } from '@kepu/assistant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeCase } from '../domains/assistant/evaluate.js';
import { seedFixtures } from '../domains/assistant/test-fixtures.js';
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
});
