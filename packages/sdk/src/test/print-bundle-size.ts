// `pnpm --filter @kepu/sdk size [--json]`: the client entry's size next to its budget and to openai-node's, both
// bundled and compressed the same way in this run.
import { CLIENT_GZIP_BUDGET_BYTES, measureClientBundle, measureOpenAIBundle } from './bundle-size.js';

const ours = await measureClientBundle();
const openai = await measureOpenAIBundle();
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ ours, openai, budget: CLIENT_GZIP_BUDGET_BYTES })}\n`);
} else {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
  process.stdout.write(
    `@kepu/sdk client entry: ${kb(ours.minified)} minified, ${kb(ours.gzip)} gzipped ` +
      `(budget ${kb(CLIENT_GZIP_BUDGET_BYTES)}; ${ours.inputs.length} modules)\n` +
      `openai@${openai.version} client entry, same build: ${kb(openai.minified)} minified, ${kb(openai.gzip)} gzipped\n`,
  );
}
if (ours.gzip > CLIENT_GZIP_BUDGET_BYTES) process.exitCode = 1;
