import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evalRumours } from '../../packages/server/src/cli/eval-command.js';
import { loadConfig } from '../../packages/server/src/config.js';
import { ROOT } from '../lib/processes.js';
import type { Row } from '../lib/report.js';
import type { FigureContext } from './index.js';

/** The team's evaluation set lives beside the repository (`../shared/eval`), not in it; `KEPU_EVAL_DIR` overrides. */
export const EVAL_DIR = path.resolve(ROOT, process.env.KEPU_EVAL_DIR ?? '../shared/eval');

/**
 * `--quick`: every fourth entry of the base, the covered queries that expect one of them, and all uncovered queries —
 * the same measurement on a quarter of the base, so a development run stays under two minutes.
 */
async function quickSubset(kb: string, queries: string): Promise<{ kb: string; queries: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kepu-claims-quick-'));
  const entries = (await readFile(kb, 'utf8')).split('\n').filter((l) => l.trim());
  const kept = entries.filter((_, i) => i % 4 === 0);
  const ids = new Set(kept.map((l) => (JSON.parse(l) as { externalId: string }).externalId));
  const lines = (await readFile(queries, 'utf8')).split('\n').filter((l) => {
    if (!l.trim()) return false;
    const expected = (JSON.parse(l) as { expectedExternalId: string | null }).expectedExternalId;
    return expected === null || ids.has(expected);
  });
  const out = { kb: path.join(dir, 'kb.jsonl'), queries: path.join(dir, 'queries.jsonl') };
  await writeFile(out.kb, `${kept.join('\n')}\n`);
  await writeFile(out.queries, `${lines.join('\n')}\n`);
  return out;
}

/** Figure 4: the rumour evaluation (`kepu eval rumours`) next to MiniSearch+jieba BM25 on the same data, same run. */
export async function claimMatching(context: FigureContext): Promise<Row[]> {
  const fullKb = path.join(EVAL_DIR, 'rumours-kb.jsonl');
  const fullQueries = path.join(EVAL_DIR, 'rumours-queries.dev.jsonl');
  if (!existsSync(fullKb) || !existsSync(fullQueries)) {
    throw new Error(`evaluation data not found in ${EVAL_DIR} (rumours-kb.jsonl, rumours-queries.dev.jsonl)`);
  }
  const { kb, queries } = context.quick ? await quickSubset(fullKb, fullQueries) : { kb: fullKb, queries: fullQueries };
  let text = '';
  const ours = await evalRumours(
    { queries, kb, json: false, baseline: true },
    (flags) =>
      loadConfig({ ...process.env, LOG_LEVEL: 'silent', ...(flags.dataDir ? { KEPU_DATA_DIR: flags.dataDir } : {}) }),
    (s) => {
      text += s;
      return true;
    },
  );
  context.log(`claims: ${ours.n} queries`);
  const section = text.slice(text.indexOf('Baseline'));
  const number = (label: string) => {
    const m = new RegExp(`${label} ([0-9.]+)`).exec(section);
    if (!m) throw new Error(`baseline figure "${label}" missing from the evaluation output`);
    return Number(m[1]);
  };
  const baselineName = 'MiniSearch+jieba BM25';
  const figure = `Claim matching (dev set${context.quick ? ', quarter of the base' : ''}, ${ours.n} queries)`;
  return [
    {
      figure,
      metric: 'Recall@1',
      ours: ours.recallAt1,
      baseline: number('Recall@1'),
      baselineName,
      higherIsBetter: true,
      note: 'target ≥ 0.95',
    },
    {
      figure,
      metric: 'Recall@5',
      ours: ours.recallAt5,
      baseline: number('Recall@5'),
      baselineName,
      higherIsBetter: true,
      note: 'target ≥ 0.99',
    },
    { figure, metric: 'MRR@10', ours: ours.mrrAt10, baseline: number('MRR@10'), baselineName, higherIsBetter: true },
    {
      figure,
      metric: 'false-match rate',
      ours: ours.falseMatchRate,
      baseline: number('false-match rate'),
      baselineName,
      note: 'target ≤ 0.10',
    },
    { figure, metric: 'p95 per query', ours: ours.p95Ms, baseline: 50, baselineName: 'target', unit: 'ms' },
  ];
}
