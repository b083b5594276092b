import { existsSync } from 'node:fs';
import path from 'node:path';
import { evalRumours } from '../../packages/server/src/cli/eval-command.js';
import { loadConfig } from '../../packages/server/src/config.js';
import { ROOT } from '../lib/processes.js';
import type { Row } from '../lib/report.js';
import type { FigureContext } from './index.js';

const EVAL_DIR = path.resolve(ROOT, '../shared/eval');

/** Figure 4: the rumour evaluation (`kepu eval rumours`) next to MiniSearch+jieba BM25 on the same data, same run. */
export async function claimMatching(context: FigureContext): Promise<Row[]> {
  const kb = path.join(EVAL_DIR, 'rumours-kb.jsonl');
  const queries = path.join(EVAL_DIR, 'rumours-queries.dev.jsonl');
  if (!existsSync(kb) || !existsSync(queries)) {
    throw new Error(`evaluation data not found in ${EVAL_DIR} (rumours-kb.jsonl, rumours-queries.dev.jsonl)`);
  }
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
  const figure = `Claim matching (dev set, ${ours.n} queries)`;
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
