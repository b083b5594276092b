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
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../index.ts', import.meta.url))],
    absWorkingDir: fileURLToPath(new URL('../..', import.meta.url)),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]?.contents ?? new Uint8Array(), inputs: Object.keys(result.metafile.inputs) };
}
