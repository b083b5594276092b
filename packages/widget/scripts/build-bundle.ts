/**
 * Builds the browser bundle (vite, library mode), then checks the size budget and writes `manifest.json` — the
 * build id the server puts in the bundle's immutable URL, and each file's gzipped size.
 *   Budget: the launcher (`kepu-assistant.js` and its static imports) <= 6 KB gzipped; the whole widget — every
 *   file, Lit and the markdown renderer included, with the heaviest of the optional locale chunks (a page loads
 *   at most one) — <= 30 KB gzipped.
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
  /** Optional locale chunks (zh-CN is built in; `en` and later ones load only where used). */
  localeFiles: string[];
  /** What a visitor loads at most: every file but the locale chunks, plus the heaviest locale chunk. */
  widgetGzipBytes: number;
  /** Every file, all locales included. */
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
  const localeFiles = Object.entries(viteManifest)
    .filter(
      ([key]) => key.startsWith('src/i18n/') && !key.endsWith('strings.ts') && !key.endsWith('locale-registry.ts'),
    )
    .map(([, chunk]) => chunk.file);
  const localeSizes = files.filter((f) => localeFiles.includes(f.name)).map((f) => f.gzipBytes);
  const widgetGzipBytes =
    totalGzipBytes - localeSizes.reduce((sum, n) => sum + n, 0) + (localeSizes.length ? Math.max(...localeSizes) : 0);
  const manifest: BundleManifest = {
    version: pkg.version,
    // The version for people, the content hash so that one URL never serves two different files.
    buildId: `${pkg.version}-${hash.digest('hex').slice(0, 10)}`,
    entry: 'kepu-assistant.js',
    files,
    launcherFiles: [...launcherFiles].sort(),
    launcherGzipBytes,
    localeFiles: localeFiles.sort(),
    widgetGzipBytes,
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
  if (manifest.widgetGzipBytes > TOTAL_BUDGET) {
    problems.push(`the whole widget is ${kb(manifest.widgetGzipBytes)} gzipped, over its ${kb(TOTAL_BUDGET)} budget`);
  }
  return problems;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const manifest = await buildBundle(outDir ? path.resolve(outDir) : undefined);
  for (const f of manifest.files)
    console.log(`  ${f.name.padEnd(44)} ${kb(f.bytes).padStart(9)}  gzip ${kb(f.gzipBytes)}`);
  console.log(
    `widget ${manifest.buildId}: launcher ${kb(manifest.launcherGzipBytes)}, whole widget ${kb(manifest.widgetGzipBytes)}` +
      ` gzipped (every file, all locales: ${kb(manifest.totalGzipBytes)})`,
  );
  const problems = budgetProblems(manifest);
  if (problems.length > 0) {
    // A warning by default, so that `pnpm start` still serves the widget; `--strict` (CI, releases) fails.
    console.error(`Size budget exceeded: ${problems.join('; ')}.`);
    if (process.argv.includes('--strict')) process.exit(1);
  }
}
