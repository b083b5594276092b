import { defineConfig } from 'vite';

/**
 * The browser bundle partner sites load: `kepu-assistant.js` (the launcher element, loaded by the page) and one
 * content-hashed chunk with Lit, the SDK client and the full widget, imported on first open.
 */
export default defineConfig({
  resolve: { conditions: ['@kepu/source', 'browser', 'import', 'module', 'default'] },
  build: {
    outDir: 'dist/bundle',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    reportCompressedSize: false,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'kepu-assistant.js' },
    rolldownOptions: {
      output: { chunkFileNames: 'kepu-assistant-[name]-[hash].js' },
    },
  },
});
