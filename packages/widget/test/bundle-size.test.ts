import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { type BundleManifest, budgetProblems } from '../scripts/build-bundle.js';
import { ensureBundle } from './bundle.js';

it('stays within the size budget: launcher <= 6 KB, whole widget <= 30 KB gzipped', async () => {
  await ensureBundle();
  const manifest = JSON.parse(
    await readFile(fileURLToPath(new URL('../dist/bundle/manifest.json', import.meta.url)), 'utf8'),
  ) as BundleManifest;
  // The launcher is what every page of a partner site loads: the entry and its static imports, never the panel.
  expect(manifest.launcherFiles).toContain('kepu-assistant.js');
  expect(manifest.launcherFiles.some((f) => f.includes('panel'))).toBe(false);
  expect(budgetProblems(manifest)).toEqual([]);
});
