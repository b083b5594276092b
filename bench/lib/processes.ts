import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ChildServer {
  url: string;
  dataDir?: string;
  pid: number;
  /** Resident set size in MiB, read from /proc. */
  rssMiB(): number;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${log()}`);
}

function startChild(
  args: string[],
  env: Record<string, string>,
  readyPath: string,
  port: number,
): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--conditions=@kepu/source', '--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  return waitReady(`${url}${readyPath}`, child, 180_000, () => output).then(() => ({
    url,
    pid: child.pid ?? 0,
    rssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    stop() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  }));
}

/**
 * Our server with the demo data, in its own process and a fresh data directory. Rate limits are off: the load comes
 * from one client on loopback and would otherwise measure the limiter's 429s.
 */
export async function startKepu(env: Record<string, string> = {}): Promise<ChildServer> {
  const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'kepu-bench-')), 'data');
  const server = await startChild(
    ['packages/server/src/cli.ts', 'serve', '--demo', '--data-dir', dataDir],
    { KEPU_RATE_LIMIT_STORE: 'off', ...env },
    '/readyz',
    await freePort(),
  );
  return { ...server, dataDir };
}

/** A bare Hono server answering `GET /*` with the given body: the same process setup, no work. */
export async function startBareHono(bodyFile: string): Promise<ChildServer> {
  return startChild([path.join(ROOT, 'bench/lib/bare-hono-server.ts'), bodyFile], {}, '/ready', await freePort());
}
