import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../test/app.js';
import { EvalInputError, evalRumours } from './eval-command.js';

let dir: string;
const file = (name: string) => path.join(dir, name);
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kepu-eval-'));
  await writeFile(
    file('kb.jsonl'),
    jsonl([
      {
        externalId: 'k1',
        claim: '喝醋能软化血管',
        rating: 'false',
        explanation: '醋进入消化道后被中和，不能软化血管。',
      },
      { externalId: 'k2', claim: '吃胡萝卜能让近视眼恢复', rating: 'false', explanation: '胡萝卜不能逆转近视。' },
      {
        externalId: 'k3',
        claim: '晒太阳能帮助身体合成维生素D',
        rating: 'true',
        explanation: '皮肤经紫外线照射可合成维生素D。',
      },
    ]),
  );
  await writeFile(
    file('queries.jsonl'),
    jsonl([
      { query: '转发：每天喝一勺醋，血管就软化了，这是真的吗？', expectedExternalId: 'k1' },
      { query: '多吃胡萝卜，近视的孩子视力就能恢复！！', expectedExternalId: 'k2' },
      { query: '明天全市停水停电，请提前储水', expectedExternalId: null },
    ]),
  );
  await writeFile(file('bad.jsonl'), `${jsonl([{ query: '隔夜菜', expectedExternalId: 'k1' }])}\n{"query": ""}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kepu eval rumours', () => {
  it('loads --kb into a fresh database and prints the figures, the last line being the JSON object', async () => {
    let out = '';
    const report = await evalRumours(
      { queries: file('queries.jsonl'), kb: file('kb.jsonl'), json: true, baseline: true, train: true },
      () => testConfig(),
      (s) => {
        out += s;
      },
    );
    expect(report).toMatchObject({ n: 3, covered: 2, uncovered: 1, recallAt1: 1, recallAt5: 1, falseMatchRate: 0 });
    const lines = out.trim().split('\n');
    const last = JSON.parse(lines.at(-1) ?? '');
    expect(Object.keys(last)).toEqual([
      'n',
      'recallAt1',
      'recallAt5',
      'mrrAt10',
      'falseMatchRate',
      'matchPrecision',
      'matchRecall',
      'p50Ms',
      'p95Ms',
    ]);
    expect(last.n).toBe(3);
    expect(out).toContain('Baseline (MiniSearch');
    // --train: both models learned on these queries, printed as weights for DEFAULT_RERANK_WEIGHTS.
    const weightsLine = lines.find((l) => l.trim().startsWith('weights: ')) ?? '';
    const weights = JSON.parse(weightsLine.trim().slice('weights: '.length));
    expect(Object.keys(weights)).toEqual(['lexicalOnly', 'withVector']);
    expect(weights.lexicalOnly.vector).toBe(0);
    expect(Number.isFinite(weights.withVector.lexical)).toBe(true);
    expect(out).toMatch(/lexicalOnly: in-sample Recall@1 1\.000/);
    // The configured embedder's vectors (the test configuration's local one) are the ones trained with.
    expect(out).toMatch(/vectors of kepu-local-hash-v1-\d+/);
  });

  it('names the file and line of a bad query, and refuses a bad base', async () => {
    await expect(
      evalRumours(
        { queries: file('bad.jsonl'), kb: file('kb.jsonl'), json: false, baseline: false },
        () => testConfig(),
        () => {},
      ),
    ).rejects.toThrow(/bad\.jsonl line 2: query/);
    await writeFile(
      file('bad-kb.jsonl'),
      jsonl([{ externalId: 'k1', claim: '某说法', rating: 'wrong', explanation: 'x' }]),
    );
    const refused = evalRumours(
      { queries: file('queries.jsonl'), kb: file('bad-kb.jsonl'), json: false, baseline: false },
      () => testConfig(),
      () => {},
    );
    await expect(refused).rejects.toBeInstanceOf(EvalInputError);
    await expect(refused).rejects.toThrow(/row 1 rating/);
  });
});
