import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sdk from './index.js';
import { bundleClient } from './test/bundle-size.js';
import { sendJson, startTestServer, type TestServer } from './test/http-server.js';
import { type KepuServer, startKepuServer } from './test/kepu-server.js';
import { runSmoke, type SmokeResult } from './test/runtime-smoke.js';

// The bundled client in Deno and Bun (both installed from npm as devDependencies) against the real server over HTTP:
// the same script runs in Node on the sources, and every runtime must observe the same thing.

const run = promisify(execFile);
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const smokeScript = fileURLToPath(new URL('./test/runtime-smoke.ts', import.meta.url));
/** The version of a runtime as installed from npm (what the run must report about itself). */
async function installed(name: 'deno' | 'bun'): Promise<string> {
  const manifest = await readFile(
    fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url)),
    'utf8',
  );
  return (JSON.parse(manifest) as { version: string }).version;
}

let server: KepuServer;
let flaky: TestServer;
let dir: string;
let entry: string;
let expected: SmokeResult;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kepu-runtimes-'));
  // Per run (x-run header): /healthz drops the connection, then answers 429 with Retry-After, then 200 with the
  // attempt number; /readyz never answers.
  const healthAttempts = new Map<string, number>();
  flaky = await startTestServer((req, res) => {
    if (req.url === '/readyz') return;
    const runId = String(req.headers['x-run']);
    const attempt = (healthAttempts.get(runId) ?? 0) + 1;
    healthAttempts.set(runId, attempt);
    if (attempt === 1) res.socket?.destroy();
    else if (attempt === 2)
      sendJson(res, 429, { error: { code: 'rate_limited', message: 'Slow down.' } }, { 'retry-after': '0' });
    else sendJson(res, 200, { status: 'ok', attempt });
  });
  const startedAt = performance.now();
  const [started, bundle] = await Promise.all([startKepuServer(), bundleClient()]);
  server = started;
  const serverMs = performance.now() - startedAt;
  await writeFile(join(dir, 'kepu.js'), bundle.code);
  // The entry imports the bundle and the shared script; target and key are written in, so Deno needs no env access.
  const target = { baseURL: server.url, apiKey: server.adminKey, flakyURL: flaky.url };
  entry = join(dir, 'entry.ts');
  await writeFile(
    entry,
    `import * as sdk from './kepu.js';\nimport { runSmoke } from ${JSON.stringify(smokeScript)};\n` +
      `console.log(JSON.stringify(await runSmoke(sdk, ${JSON.stringify(target)})));\n`,
  );
  const nodeAt = performance.now();
  expected = await runSmoke(sdk, target);
  console.info(
    `kepu serve --demo ready in ${Math.round(serverMs)} ms; node run: ${Math.round(performance.now() - nodeAt)} ms`,
  );
}, 120_000);
afterAll(async () => {
  await server?.close();
  await flaky?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the entry in a runtime and returns what it printed, parsed, with the run's wall time. */
async function runIn(file: string, args: string[], env: Record<string, string>) {
  const started = performance.now();
  const { stdout } = await run(file, [...args, entry], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, ...env },
    timeout: 60_000,
  });
  return { result: JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as SmokeResult, ms: performance.now() - started };
}

/** Everything but the runtime's name and the per-request id must match what Node saw. */
function expectSameAsNode(result: SmokeResult, runtime: RegExp) {
  expect(result.runtime).toMatch(runtime);
  expect(result.notFound.requestId).toMatch(/^\S{8,}$/);
  expect({ ...result, runtime: '', notFound: { ...result.notFound, requestId: '' } }).toEqual({
    ...expected,
    runtime: '',
    notFound: { ...expected.notFound, requestId: '' },
  });
}

describe('the client in Node (the reference run)', () => {
  it('pages, checks a rumour, streams, types a 404, aborts, retries and times out', () => {
    const { resources, rumour, success, answer, completion, notFound, aborted } = expected;
    expect(resources.firstPage).toHaveLength(10);
    expect(resources.hasNextPage).toBe(true);
    expect(resources.iterated).toHaveLength(25);
    expect(new Set(resources.iterated).size).toBe(25);
    expect(resources.iterated.slice(0, 10)).toEqual(resources.firstPage);
    expect(resources.pages).toBe(3);
    expect(rumour.decision).toBe('match');
    expect(rumour.firstMatch).toMatch(/^rum_/);
    expect(success).toEqual({ withResponse: true, hidden: true, page: true });
    expect(answer.text.length).toBeGreaterThan(20);
    expect(answer.intent).toBe('rumour_check');
    expect(answer.citations).toBeGreaterThan(0);
    expect(completion).toEqual({ sameText: true, chunks: expect.any(Number), citations: answer.citations });
    expect(completion.chunks).toBeGreaterThan(2);
    expect(notFound).toMatchObject({ name: 'NotFoundError', isAPIError: true, status: 404, code: 'not_found' });
    expect(notFound.requestId).toMatch(/^\S{8,}$/);
    expect(aborted).toEqual({ name: 'APIUserAbortError', deltasBeforeAbort: 1 });
    expect(expected.flaky).toEqual({ retried: { status: 'ok', attempt: 3 }, timeout: 'APIConnectionTimeoutError' });
  });
});

describe('the bundled client in Deno', () => {
  it('behaves as in Node, with network access to the two servers only', async () => {
    const { result, ms } = await runIn(
      bin('deno'),
      ['run', '--no-prompt', '--no-config', '--no-lock', `--allow-net=127.0.0.1:${server.port},${flaky.url.slice(7)}`],
      { DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, 'deno-cache') },
    );
    expectSameAsNode(result, new RegExp(`^deno ${(await installed('deno')).replaceAll('.', '\\.')}$`));
    console.info(`deno run: ${Math.round(ms)} ms`);
  }, 60_000);

  it('is refused any other host and reads no environment it was not allowed to', async () => {
    // The server's host on another port: refused by the permission before any connection is tried.
    const other = { baseURL: `http://127.0.0.1:${server.port === 65535 ? 1024 : server.port + 1}`, apiKey: 'sk_x' };
    const probe = join(dir, 'probe.ts');
    await writeFile(
      probe,
      `import { Kepu, APIConnectionError } from './kepu.js';\n` +
        `const error = await new Kepu({ ...${JSON.stringify(other)}, maxRetries: 0 }).health.live().catch((e) => e);\n` +
        `const fromEnv = new Kepu();\n` +
        `console.log(JSON.stringify({ connection: error instanceof APIConnectionError, cause: error.cause?.name, ` +
        `baseURL: fromEnv.baseURL, apiKey: fromEnv.apiKey }));\n`,
    );
    const { stdout } = await run(
      bin('deno'),
      ['run', '--no-prompt', '--no-config', '--no-lock', `--allow-net=127.0.0.1:${server.port}`, probe],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? '',
          DENO_NO_UPDATE_CHECK: '1',
          DENO_DIR: join(dir, 'deno-cache'),
          // Set, but not allowed (no --allow-env): the client must fall back to its defaults, not fail.
          KEPU_BASE_URL: server.url,
          KEPU_API_KEY: 'sk_from_env',
        },
      },
    );
    expect(JSON.parse(stdout)).toEqual({
      connection: true,
      cause: 'NotCapable',
      baseURL: 'http://localhost:8787',
      apiKey: null,
    });
  }, 60_000);
});

describe('the bundled client in Bun', () => {
  it('behaves as in Node', async () => {
    const { result, ms } = await runIn(bin('bun'), ['run', '--no-install'], { DO_NOT_TRACK: '1' });
    expectSameAsNode(result, new RegExp(`^bun ${(await installed('bun')).replaceAll('.', '\\.')}$`));
    console.info(`bun run: ${Math.round(ms)} ms`);
  }, 60_000);
});
