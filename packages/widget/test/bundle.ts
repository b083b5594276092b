import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BundleManifest } from '../scripts/build-bundle.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const bundleDir = path.join(packageDir, 'dist', 'bundle');
const lockDir = path.join(packageDir, 'dist', '.bundle-lock');

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestSource(full) : (await stat(full)).mtimeMs);
  }
  return newest;
}

/**
 * Builds the real bundle the server serves, once for all browser test files: they run in parallel workers, so a
 * directory lock serialises the build and the second file reuses a bundle newer than every source file.
 */
export async function ensureBundle(): Promise<void> {
  await mkdir(path.dirname(lockDir), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      await mkdir(lockDir);
      break;
    } catch {
      // A lock left by a killed run (a build takes seconds): take it over.
      const age = await stat(lockDir).then(
        (st) => Date.now() - st.mtimeMs,
        () => 0,
      );
      if (age > 120_000) await rm(lockDir, { recursive: true, force: true });
      if (attempt > 600) throw new Error(`Bundle lock ${lockDir} held for a minute; remove it if no test runs.`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    const built = await stat(path.join(bundleDir, 'manifest.json')).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    const sources = Math.max(
      await newestSource(path.join(packageDir, 'src')),
      await newestSource(path.join(packageDir, 'scripts')),
      await newestSource(path.join(packageDir, '..', 'sdk', 'src')),
      (await stat(path.join(packageDir, 'vite.config.ts'))).mtimeMs,
      (await stat(path.join(packageDir, 'package.json'))).mtimeMs,
    );
    // In a child process: vite sets NODE_ENV=production in its process, which would change the server under test.
    if (built < sources) {
      await promisify(execFile)(
        process.execPath,
        [
          '--conditions=@kepu/source',
          '--import',
          'tsx',
          path.join(packageDir, 'scripts', 'build-bundle.ts'),
          bundleDir,
        ],
        { cwd: packageDir },
      );
    }
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

export type { BundleManifest };
