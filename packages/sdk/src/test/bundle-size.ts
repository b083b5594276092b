import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The size budget of the client entry (`@kepu/sdk`), gzipped. */
export const CLIENT_GZIP_BUDGET_BYTES = 10 * 1024;

export interface BundleSize {
  minified: number;
  gzip: number;
  /** Every module that ended up in the bundle, relative to the package. */
  inputs: string[];
}

/**
 * Bundles the client entry the way an app's bundler would (minified ESM, platform-neutral so a `node:` import fails
 * the build) and measures it.
 */
export async function measureClientBundle(): Promise<BundleSize> {
  const { code, inputs } = await bundleClient();
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs };
}

/** The client entry as one minified ES module, as a browser would load it. */
export async function bundleClient(): Promise<{ code: Uint8Array; inputs: string[] }> {
  return bundle({
    entryPoints: [fileURLToPath(new URL('../index.ts', import.meta.url))],
    absWorkingDir: fileURLToPath(new URL('../..', import.meta.url)),
    platform: 'neutral',
  });
}

/**
 * A peer for comparison, measured the same way in the same run: openai-node's client entry (the SDK developers
 * already know), taken from the version the assistant package installs.
 */
export async function measureOpenAIBundle(): Promise<BundleSize & { version: string }> {
  const assistantDir = fileURLToPath(new URL('../../../assistant', import.meta.url));
  const { code, inputs } = await bundle({
    stdin: { contents: "export { OpenAI } from 'openai';", resolveDir: assistantDir, loader: 'js' },
    platform: 'browser',
  });
  const manifest = await readFile(`${assistantDir}/node_modules/openai/package.json`, 'utf8');
  const { version } = JSON.parse(manifest) as { version: string };
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs, version };
}

async function bundle(options: Parameters<typeof build>[0]): Promise<{ code: Uint8Array; inputs: string[] }> {
  const result = await build({
    ...options,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return {
    code: result.outputFiles?.[0]?.contents ?? new Uint8Array(),
    inputs: Object.keys(result.metafile?.inputs ?? {}),
  };
}
