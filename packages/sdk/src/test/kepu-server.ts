import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface KepuServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The demo admin secret key the server created on its first start. */
  adminKey: string;
  close(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Starts the real Kepu server as a user would (`pnpm kepu serve --demo`) on a free port with a fresh embedded
 * database holding the demo data. A child process rather than an import: the SDK depends on nothing of ours.
 */
export async function startKepuServer(): Promise<KepuServer> {
  const dir = await mkdtemp(join(tmpdir(), 'kepu-sdk-'));
  const dataDir = join(dir, 'data');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('KEPU_') && name !== 'DATABASE_URL'),
  );
  const child = spawn(
    process.execPath,
    ['--conditions=@kepu/source', '--import', 'tsx', 'packages/server/src/cli.ts', 'serve', '--demo'],
    {
      cwd: repoRoot,
      env: { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', KEPU_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const close = async () => {
    await stop(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const port = await listeningPort(child);
    const keys = JSON.parse(await readFile(join(dataDir, 'dev-keys.json'), 'utf8')) as { adminKey: string };
    return { url: `http://127.0.0.1:${port}`, port, adminKey: keys.adminKey, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits for the `API  http://localhost:<port>/v1` line `serve` prints once it listens. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /API\s+http:\/\/[^:\s]+:(\d+)\/v1/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`kepu serve exited with ${code} before listening:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
