import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from '../lib/processes.js';
import type { Row } from '../lib/report.js';
import type { FigureContext } from './index.js';

/** Peers' documented browser bundles (the file a partner site would load with a script tag). */
export const PEERS: { name: string; version: string; file: string }[] = [
  { name: 'deep-chat', version: '2.4.2', file: 'dist/deepChat.bundle.js' },
  { name: '@nlux/core', version: '2.17.1', file: 'umd/nlux-core.js' },
  { name: '@typebot.io/js', version: '0.10.7', file: 'dist/web.js' },
  { name: 'flowise-embed', version: '3.1.6', file: 'dist/web.js' },
];

export function compressedSizes(file: string): { raw: number; gzip: number; brotli: number } {
  const bytes = readFileSync(file);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

interface BundleManifest {
  files: { name: string }[];
  launcherFiles: string[];
}

function sumSizes(dir: string, names: readonly string[]) {
  let gzip = 0;
  let brotli = 0;
  for (const name of names) {
    const size = compressedSizes(path.join(dir, name));
    gzip += size.gzip;
    brotli += size.brotli;
  }
  return { gzip, brotli };
}

/**
 * Figure 5: our launcher and full widget (built now) next to peers installed from npm into a temporary folder in
 * this run. Fails loudly when a peer cannot be installed — never a stale number.
 */
export async function widgetSize(context: FigureContext): Promise<Row[]> {
  context.log('widget: building the bundle');
  execFileSync('npx', ['-y', 'pnpm@12.4.2', '--filter', '@kepu/widget', 'run', 'build:bundle'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  const bundleDir = path.join(ROOT, 'packages/widget/dist/bundle');
  const manifest = JSON.parse(readFileSync(path.join(bundleDir, 'manifest.json'), 'utf8')) as BundleManifest;
  const launcher = sumSizes(bundleDir, manifest.launcherFiles);
  const full = sumSizes(
    bundleDir,
    manifest.files.map((f) => f.name),
  );

  context.log('widget: installing peers from npm');
  const dir = await mkdtemp(path.join(tmpdir(), 'kepu-peers-'));
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      dir,
      '--no-save',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      ...PEERS.map((p) => `${p.name}@${p.version}`),
    ],
    { stdio: 'pipe' },
  );
  const figure = 'Widget size';
  const rows: Row[] = [
    { figure, metric: 'launcher gzip', ours: launcher.gzip / 1024, baseline: 6, baselineName: 'budget', unit: 'KB' },
    { figure, metric: 'full widget gzip', ours: full.gzip / 1024, baseline: 30, baselineName: 'budget', unit: 'KB' },
  ];
  for (const peer of PEERS) {
    const file = path.join(dir, 'node_modules', peer.name, peer.file);
    if (!existsSync(file)) throw new Error(`peer bundle missing: ${peer.name}@${peer.version} has no ${peer.file}`);
    const size = compressedSizes(file);
    const baselineName = `${peer.name}@${peer.version}`;
    rows.push(
      {
        figure,
        metric: `full widget gzip vs ${peer.name}`,
        ours: full.gzip / 1024,
        baseline: size.gzip / 1024,
        baselineName,
        unit: 'KB',
      },
      {
        figure,
        metric: `full widget brotli vs ${peer.name}`,
        ours: full.brotli / 1024,
        baseline: size.brotli / 1024,
        baselineName,
        unit: 'KB',
      },
    );
  }
  return rows;
}
