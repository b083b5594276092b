// `pnpm bench [--quick] [--only a,b] [--json file]`: every figure measured in this run, next to its baseline.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FIGURES, type FigureContext } from './figures/index.js';
import { ROOT } from './lib/processes.js';
import { markdownTable, type Row } from './lib/report.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    json: { type: 'string', default: path.join(ROOT, 'bench/results/latest.json') },
  },
});

const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((name) => !FIGURES.some((f) => f.name === name));
if (unknown?.length) {
  process.stderr.write(`Unknown figure(s): ${unknown.join(', ')}. Known: ${FIGURES.map((f) => f.name).join(', ')}\n`);
  process.exit(2);
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const context: FigureContext = { quick: values.quick ?? false, log: (msg) => process.stderr.write(`[bench] ${msg}\n`) };
const rows: Row[] = [];
const failures: string[] = [];
const started = Date.now();
for (const figure of FIGURES) {
  if (only && !only.includes(figure.name)) continue;
  context.log(`${figure.name}…`);
  const figureStarted = Date.now();
  try {
    rows.push(...(await figure.run(context)));
    context.log(`${figure.name} done in ${Math.round((Date.now() - figureStarted) / 1000)} s`);
  } catch (error) {
    failures.push(`${figure.name}: ${(error as Error).message}`);
    context.log(`${figure.name} FAILED: ${(error as Error).stack ?? error}`);
  }
}
const seconds = Math.round((Date.now() - started) / 1000);
const table = markdownTable(rows);
process.stdout.write(`\nMachine: ${machine}\nMode: ${values.quick ? 'quick' : 'full'} · ${seconds} s\n\n${table}\n`);
await mkdir(path.dirname(values.json as string), { recursive: true });
await writeFile(
  values.json as string,
  JSON.stringify({ at: new Date().toISOString(), machine, quick: values.quick, seconds, rows, failures }, null, 2),
);
if (failures.length) {
  process.stderr.write(
    `\n${failures.length} figure(s) failed — no number was printed for them:\n  ${failures.join('\n  ')}\n`,
  );
  process.exit(1);
}
