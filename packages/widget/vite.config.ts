import { defineConfig, type Plugin } from 'vite';

/**
 * The minifier leaves template literals alone, so the indentation of our `html` and `css` templates would ship.
 * Collapse each line break with its indentation into one space (HTML and CSS treat them alike; the one pre-wrap
 * template is written on a single line), and drop the spaces around CSS braces and semicolons.
 */
function collapseTemplates(): Plugin {
  return {
    name: 'kepu-collapse-templates',
    transform(code, id) {
      if (!/\/packages\/widget\/src\/.*\.ts$/.test(id)) return undefined;
      const out = code.replace(/\b(html|css)`([^`]*)`/g, (_whole, tag: string, body: string) => {
        let text = body.replace(/[ \t]*\n\s*/g, ' ');
        if (tag === 'css') text = text.replace(/\s*([{};])\s*/g, '$1');
        return `${tag}\`${text}\``;
      });
      return { code: out, map: null };
    },
  };
}

/**
 * The browser bundle partner sites load: `kepu-assistant.js` (the launcher element, loaded by the page) and one
 * content-hashed chunk with Lit, the SDK client and the full widget, imported on first open.
 */
export default defineConfig({
  plugins: [collapseTemplates()],
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
