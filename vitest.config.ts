import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `@kepu/source` export condition,
// so tests never need a build step.
const conditions = ['@kepu/source'];

export default defineConfig({
  ssr: { resolve: { conditions } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    projects: [
      ...['sdk', 'assistant', 'server', 'widget'].map((name) => ({
        extends: true,
        test: { name, root: `packages/${name}`, include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
      })),
      // The `pnpm bench --quick` smoke test (the benchmarks themselves are not part of the suite).
      { extends: true, test: { name: 'bench', root: 'bench', include: ['*.test.ts'] } },
    ],
  },
});
