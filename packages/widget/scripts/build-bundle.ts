/**
 * Builds the browser bundle (vite, library mode), then checks the size budget and writes `manifest.json` — the
 * build id the server puts in the bundle's immutable URL, and each file's gzipped size.
 *   Budget: the launcher (`kepu-assistant.js`) <= 6 KB gzipped; everything a page loads when the panel opens
 *   (launcher + chunks, Lit and the markdown renderer included) <= 30 KB gzipped.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

export const LAUNCHER_BUDGET = 6 * 1024;
export const TOTAL_BUDGET = 30 * 1024;

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BundleManifest {
  version: string;
  buildId: string;
  entry: string;
  files: { name: string; bytes: number; gzipBytes: number }[];
  launcherFiles: string[];
  launcherGzipBytes: number;
  totalGzipBytes: number;
}

export async function buildBundle(outDir = path.join(packageDir, 'dist', 'bundle')): Promise<BundleManifest> {
  await build({
    root: packageDir,
    configFile: path.join(packageDir, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, manifest: true },
  });
  const pkg = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const names = (await readdir(outDir)).filter((n) => n.endsWith('.js')).sort();
  const hash = createHash('sha256');
  const files = [];
  for (const name of names) {
    const content = await readFile(path.join(outDir, name));
    hash.update(name).update(content);
    files.push({ name, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length });
  }
  // The launcher is the entry and every chunk it imports statically: what a page loads before anyone clicks.
  const viteManifest = JSON.parse(await readFile(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    { file: string; isEntry?: boolean; imports?: string[] }
  >;
  const launcherFiles = new Set<string>();
  const visit = (key: string) => {
    const chunk = viteManifest[key];
    if (!chunk || launcherFiles.has(chunk.file)) return;
    launcherFiles.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(viteManifest)) if (chunk.isEntry) visit(key);
  const launcherGzipBytes = files.filter((f) => launcherFiles.has(f.name)).reduce((sum, f) => sum + f.gzipBytes, 0);
  const totalGzipBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  const manifest: BundleManifest = {
    version: pkg.version,
    // The version for people, the content hash so that one URL never serves two different files.
    buildId: `${pkg.version}-${hash.digest('hex').slice(0, 10)}`,
    entry: 'kepu-assistant.js',
    files,
    launcherFiles: [...launcherFiles].sort(),
    launcherGzipBytes,
    totalGzipBytes,
  };
  await writeFile(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export function budgetProblems(manifest: BundleManifest): string[] {
  const problems: string[] = [];
  if (manifest.launcherGzipBytes > LAUNCHER_BUDGET) {
    problems.push(`launcher is ${kb(manifest.launcherGzipBytes)} gzipped, over its ${kb(LAUNCHER_BUDGET)} budget`);
  }
  if (manifest.totalGzipBytes > TOTAL_BUDGET) {
    problems.push(`the whole widget is ${kb(manifest.totalGzipBytes)} gzipped, over its ${kb(TOTAL_BUDGET)} budget`);
  }
  return problems;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const manifest = await buildBundle(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  for (const f of manifest.files)
    console.log(`  ${f.name.padEnd(44)} ${kb(f.bytes).padStart(9)}  gzip ${kb(f.gzipBytes)}`);
  console.log(
    `widget ${manifest.buildId}: launcher ${kb(manifest.launcherGzipBytes)}, total ${kb(manifest.totalGzipBytes)} gzipped`,
  );
  const problems = budgetProblems(manifest);
  if (problems.length > 0) {
    console.error(`Size budget exceeded: ${problems.join('; ')}.`);
    process.exit(1);
  }
}
