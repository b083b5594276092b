// `pnpm --filter @kepu/sdk size`: prints the size of the client entry next to its budget.
import { CLIENT_GZIP_BUDGET_BYTES, measureClientBundle } from './bundle-size.js';

const size = await measureClientBundle();
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
process.stdout.write(
  `@kepu/sdk client entry: ${kb(size.minified)} minified, ${kb(size.gzip)} gzipped ` +
    `(budget ${kb(CLIENT_GZIP_BUDGET_BYTES)}), ${size.inputs.length} modules\n`,
);
if (size.gzip > CLIENT_GZIP_BUDGET_BYTES) process.exitCode = 1;
