import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';

/**
 * The minifier leaves template literals alone, so the indentation of our `html` and `css` templates would ship
 * (about 1 KB gzipped). Using the TypeScript parser (nested templates and backticks in strings or regexes are
 * handled), each line break with its indentation in the text of an `html`/`css` template becomes one space — HTML and
 * CSS treat them alike; the one pre-wrap template is written on a single line — and CSS loses the spaces around its
 * braces and semicolons. Expressions inside `${…}` are left as they are.
 */
function collapseTemplates(): Plugin {
  return {
    name: 'kepu-collapse-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/packages\/widget\/src\/.*\.ts$/.test(id) || !/\b(html|css)`/.test(code)) return undefined;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const edits: { start: number; end: number; text: string }[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && /^(html|css)$/.test(node.tag.text)) {
          const css = node.tag.text === 'css';
          const template = node.template;
          const parts = ts.isNoSubstitutionTemplateLiteral(template)
            ? [template]
            : [template.head, ...template.templateSpans.map((span) => span.literal)];
          for (const part of parts) {
            // Text between the opening ` or } and the closing ` or ${.
            const start = part.getStart(source) + 1;
            const closesTemplate =
              part.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || part.kind === ts.SyntaxKind.TemplateTail;
            const end = part.getEnd() - (closesTemplate ? 1 : 2);
            let text = code.slice(start, end).replace(/[ \t]*\n\s*/g, ' ');
            if (css) text = text.replace(/\s*([{};])\s*/g, '$1');
            edits.push({ start, end, text });
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      let out = code;
      for (const edit of edits.sort((a, b) => b.start - a.start)) {
        out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      }
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
      // Lib mode keeps whitespace in ES output (for re-bundlers); this file goes to browsers as is: minify it all.
      output: { chunkFileNames: 'kepu-assistant-[name]-[hash].js', minify: true },
    },
  },
});
