import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../lib/processes.js';
import type { Row } from '../lib/report.js';
import type { FigureContext } from './index.js';

interface SizeReport {
  ours: { minified: number; gzip: number };
  openai: { minified: number; gzip: number; version: string };
  budget: number;
}

/**
 * Figure 6: the SDK's client entry next to its 10 KB budget and to openai-node's client entry, both bundled and
 * compressed the same way in this run (by the SDK's own `size` script, so the bench and the package agree).
 */
export async function sdkSize(context: FigureContext): Promise<Row[]> {
  context.log('sdk: bundling the client entry and openai-node');
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/test/print-bundle-size.ts', '--json'], {
    cwd: path.join(ROOT, 'packages/sdk'),
    encoding: 'utf8',
  });
  const report = JSON.parse(out.trim().split('\n').at(-1) ?? '') as SizeReport;
  const figure = 'SDK size';
  const kb = (bytes: number) => bytes / 1024;
  return [
    {
      figure,
      metric: 'client entry gzip',
      ours: kb(report.ours.gzip),
      baseline: kb(report.budget),
      baselineName: 'budget',
      unit: 'KB',
    },
    {
      figure,
      metric: 'client entry gzip vs openai-node',
      ours: kb(report.ours.gzip),
      baseline: kb(report.openai.gzip),
      baselineName: `openai@${report.openai.version} client entry`,
      unit: 'KB',
    },
    {
      figure,
      metric: 'client entry minified vs openai-node',
      ours: kb(report.ours.minified),
      baseline: kb(report.openai.minified),
      baselineName: `openai@${report.openai.version} client entry`,
      unit: 'KB',
    },
  ];
}
