import type { Embedder } from '@kepu/assistant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { rumourTips } from '../../db/schema/rumours.js';
import { createTestDatabase } from '../../test/database.js';
import { createRumourTools } from './assistant-tools.js';
import { seedRumours } from './seed.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction((tx) => seedRumours(tx, new Date('2026-11-29T02:00:00Z')));
});
afterAll(async () => {
  await database.close();
});

describe('createRumourTools', () => {
  it('returns a verdict card from the reviewed entry for a match, with its reviewer and sources', async () => {
    const tools = createRumourTools(database.db);
    const match = await tools.checkRumour('群里说用微波炉热饭，饭里就带辐射了，吃了会得癌');
    expect(match?.card).toMatchObject({
      type: 'rumour',
      externalId: 'demo-microwave',
      rating: 'false',
      ratingLabel: '谣言',
      reviewedBy: [{ name: '陈思远（示例）' }],
    });
    expect(match?.card.sources[0]?.url).toMatch(/^https:\/\//);
    expect(match?.score).toBeGreaterThan(0);
  });

  it('gives no verdict for an uncovered claim, and files it for the experts', async () => {
    const tools = createRumourTools(database.db);
    expect(await tools.checkRumour('明天起全市公交免费乘坐')).toBeNull();
    await tools.submitRumourTip('明天起全市公交免费乘坐');
    const tips = await database.db.select().from(rumourTips);
    expect(tips.find((t) => t.text === '明天起全市公交免费乘坐')?.channels).toEqual({ assistant: 1 });
  });

  it('embeds the claim with the embedder it is given (the server passes its configured one)', async () => {
    const embedded: string[] = [];
    const semantic: Embedder = {
      model: 'test-semantic-model',
      dimension: 8,
      embed: async (texts) => {
        embedded.push(...texts);
        return texts.map(() => [1, 0, 0, 0, 0, 0, 0, 0]);
      },
    };
    const tools = createRumourTools(database.db, () => new Date(), semantic);
    expect((await tools.checkRumour('群里说用微波炉热饭，饭里就带辐射了，吃了会得癌'))?.card.externalId).toBe(
      'demo-microwave',
    );
    expect(embedded.some((t) => t.includes('微波炉'))).toBe(true);
  });
});
