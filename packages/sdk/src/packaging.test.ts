import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_GZIP_BUDGET_BYTES, measureClientBundle } from './test/bundle-size.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

describe('the published package', () => {
  beforeAll(async () => {
    // The checks read dist/, so build it from the current sources first (a no-op when up to date).
    await run(fileURLToPath(new URL('../../../node_modules/.bin/tsc', import.meta.url)), ['-b', packageDir]);
  }, 120_000);

  it('passes publint --strict', async () => {
    const { messages, pkg } = await publint({ pkgDir: packageDir, strict: true, pack: 'npm' });
    expect(messages.map((m) => formatMessage(m, pkg))).toEqual([]);
  }, 60_000);

  it('passes @arethetypeswrong/cli (ESM-only: node16 from ESM and bundler resolve every entry with types)', async () => {
    const result = await run(bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'json'], {
      cwd: packageDir,
    }).catch((error: { stdout: string }) => error);
    const report = JSON.parse(result.stdout) as { analysis: { problems: { kind: string; resolutionKind: string }[] } };
    const problems = report.analysis.problems.filter(
      (p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs',
    );
    expect(problems).toEqual([]);
  }, 60_000);
});

describe('the client entry', () => {
  it(`stays under ${CLIENT_GZIP_BUDGET_BYTES / 1024} KB gzipped, without zod or any node: module`, async () => {
    const size = await measureClientBundle();
    expect(size.gzip).toBeLessThan(CLIENT_GZIP_BUDGET_BYTES);
    expect(size.inputs.filter((input) => input.includes('node_modules'))).toEqual([]);
    expect(size.inputs.filter((input) => input.includes('/schema/'))).toEqual([]);
  });
});
