import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { EVAL_DIR } from './figures/claim-matching.js';
import type { Row } from './lib/report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// The claim-matching figure needs the team's evaluation set beside the repository; a fresh clone without it still
// runs every other figure (and `pnpm bench` itself fails loudly without it).
const HAS_EVAL_DATA = existsSync(path.join(EVAL_DIR, 'rumours-kb.jsonl'));
const FIGURES = HAS_EVAL_DATA ? ['api', 'retrieval', 'claims', 'widget', 'sdk'] : ['api', 'retrieval', 'widget', 'sdk'];

// Smoke test: `pnpm bench --quick` runs every figure to the end and measures what it claims. The figures' values
// are machine-dependent and not asserted, except the ones that are correctness checks.
it('runs pnpm bench --quick to the end with every figure measured', async () => {
  if (!HAS_EVAL_DATA) console.warn(`bench smoke test: no evaluation data in ${EVAL_DIR}; claim matching not run`);
  const json = path.join(await mkdtemp(path.join(tmpdir(), 'kepu-bench-smoke-')), 'result.json');
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [
        '--conditions=@kepu/source',
        '--import',
        'tsx',
        'bench/run.ts',
        '--quick',
        '--only',
        FIGURES.join(','),
        '--json',
        json,
      ],
      { cwd: ROOT, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 },
      (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }),
    );
  });
  expect(code, stderr.slice(-2000)).toBe(0);
  expect(stdout).toContain('| figure | metric | ours | baseline |');
  const result = JSON.parse(await readFile(json, 'utf8')) as { rows: Row[]; failures: string[] };
  expect(result.failures).toEqual([]);
  const figures = new Set(result.rows.map((r) => r.figure.replace(/ \(.*|@.*| GET.*| POST.*/, '')));
  const expected = ['API', 'Memory', 'Assistant', 'Registration contention', 'Retrieval', 'Widget size', 'SDK size'];
  if (HAS_EVAL_DATA) expected.push('Claim matching');
  for (const name of expected)
    expect(
      [...figures].some((f) => f.startsWith(name)),
      name,
    ).toBe(true);
  const contention = result.rows.filter((r) => r.figure.startsWith('Registration contention'));
  const confirmed = contention.find((r) => r.metric === 'confirmed (database)');
  expect(confirmed?.ours).toBe(confirmed?.baseline);
  expect(contention.find((r) => r.metric === 'errors')?.ours).toBe(0);
  for (const row of result.rows.filter((r) => r.metric === 'errors + non-2xx')) expect(row.ours, row.figure).toBe(0);
}, 660_000);
