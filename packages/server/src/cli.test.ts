import { execFile } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** Runs the real CLI in a child process, as `pnpm kepu` does. */
function kepu(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@kepu/source', '--import', 'tsx', CLI, ...args],
      { env: { ...process.env, LOG_LEVEL: 'silent', CI: '1', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('kepu CLI', () => {
  it('documents every command with --help', async () => {
    const top = await kepu(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed']) expect(top.stdout).toContain(command);
    const serve = await kepu(['serve', '--help']);
    expect(serve.stdout).toMatch(/--data-dir/);
    expect(serve.stdout).toMatch(/--database-url/);
    expect(serve.stdout).toMatch(/--port/);
  });

  it('stops on invalid configuration with a clear message and exit code 1', async () => {
    const result = await kepu(['migrate'], { PORT: 'eighty', KEPU_DATA_DIR: 'memory://' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT="eighty"');
    expect(result.stderr).toContain('Example of a good value');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a data directory that is not a Kepu database, changing nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kepu-cli-'));
    await writeFile(path.join(dir, 'thesis.docx'), 'irreplaceable');
    const result = await kepu(['migrate', '--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not a Kepu (PGlite) database');
    expect(await readdir(dir)).toEqual(['thesis.docx']);
  });

  it('exits non-zero when PostgreSQL is unreachable at start', async () => {
    const result = await kepu(['migrate', '--database-url', 'postgres://kepu:pw@127.0.0.1:1/kepu']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Could not connect to PostgreSQL');
  });

  it('rejects a bad --port flag', async () => {
    const result = await kepu(['serve', '--port', '99999']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('must be a port number');
  });

  it('migrates a fresh data directory, idempotently', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'kepu-cli-')), 'data');
    const first = await kepu(['migrate', '--data-dir', dir]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Migrations applied');
    const second = await kepu(['migrate', '--data-dir', dir]);
    expect(second.code).toBe(0);
  });
});
