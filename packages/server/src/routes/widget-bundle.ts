import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** What `@kepu/widget`'s `build:bundle` writes next to the files (`dist/bundle/manifest.json`). */
export interface WidgetManifest {
  version: string;
  buildId: string;
  entry: string;
  files: { name: string; bytes: number; gzipBytes: number }[];
}

const require = createRequire(import.meta.url);

/** `packages/widget/dist/bundle`, found through the package so it works from the repo and from node_modules. */
export function defaultWidgetBundleDir(): string {
  return path.join(path.dirname(require.resolve('@kepu/widget/package.json')), 'dist', 'bundle');
}

/**
 * The built widget on disk. The manifest is re-read when the file changes, so `pnpm build:widget` while the server
 * runs takes effect without a restart; `undefined` while nothing is built.
 */
export function widgetBundle(dir: string) {
  let cached: { mtimeMs: number; manifest: WidgetManifest } | undefined;
  return {
    dir,
    async manifest(): Promise<WidgetManifest | undefined> {
      const file = path.join(dir, 'manifest.json');
      let mtimeMs: number;
      try {
        mtimeMs = (await stat(file)).mtimeMs;
      } catch {
        return undefined;
      }
      if (cached?.mtimeMs === mtimeMs) return cached.manifest;
      const parsed = parseManifest(JSON.parse(await readFile(file, 'utf8')));
      cached = parsed ? { mtimeMs, manifest: parsed } : undefined;
      return parsed;
    },
  };
}
export type WidgetBundle = ReturnType<typeof widgetBundle>;

function parseManifest(value: unknown): WidgetManifest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m.buildId !== 'string' || typeof m.entry !== 'string' || !Array.isArray(m.files)) return undefined;
  if (!/^[\w.-]+$/.test(m.buildId)) return undefined;
  return m as unknown as WidgetManifest;
}

/** The URL path of the current entry script, e.g. `/widget/0.1.0-3f2a9c1d0e/kepu-assistant.js`. */
export const entryPath = (manifest: WidgetManifest) => `/widget/${manifest.buildId}/${manifest.entry}`;
