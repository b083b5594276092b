import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from './operations.js';

describe('docs/sdk.md', () => {
  it('shows every method of the client in an example', async () => {
    const docs = await readFile(new URL('../../../docs/sdk.md', import.meta.url), 'utf8');
    const undocumented = Object.keys(OPERATIONS).filter((id) => !docs.includes(`kepu.${id}(`));
    expect(undocumented, 'methods without an example in docs/sdk.md').toEqual([]);
  });
});
