import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { type BundleManifest, LAUNCHER_BUDGET } from '../scripts/build-bundle.js';
import { ensureBundle } from './bundle.js';

/**
 * The launcher is what every page of a partner site loads: the entry and its static imports only, within 6 KB.
 * The whole-widget budget (30 KB) is checked by `pnpm build:widget` (`--strict` fails on it); see docs/widget.md for
 * where it stands — the SDK client it includes is not split by resource yet.
 */
it('keeps the launcher within 6 KB gzipped and the panel out of it', async () => {
  await ensureBundle();
  const manifest = JSON.parse(
    await readFile(fileURLToPath(new URL('../dist/bundle/manifest.json', import.meta.url)), 'utf8'),
  ) as BundleManifest;
  expect(manifest.launcherFiles).toContain('kepu-assistant.js');
  expect(manifest.launcherFiles.some((f) => f.includes('panel'))).toBe(false);
  expect(manifest.launcherGzipBytes).toBeLessThanOrEqual(LAUNCHER_BUDGET);
});
