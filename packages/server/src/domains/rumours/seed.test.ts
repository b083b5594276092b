import { RumourCheckResponse } from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';
import { experts, healthResources, rumourEntries, rumourTips } from '../../db/schema/rumours.js';
import { createTestApp } from '../../test/app.js';
import { createTestDatabase, createTestKey } from '../../test/database.js';
import { DEMO_RUMOURS } from './demo/rumours.js';
import { seedRumours } from './seed.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction((tx) => seedRumours(tx, new Date('2026-11-29T02:00:00Z')));
});
afterAll(async () => {
  await database.close();
});

describe('the demo rumour base', () => {
  it('holds at least 40 published entries, each with reviewer, https source and two aliases, all indexed', async () => {
    const rows = await database.db.select().from(rumourEntries);
    expect(rows.length).toBeGreaterThanOrEqual(40);
    for (const row of rows) {
      expect(row.status).toBe('published');
      expect(row.aliases.length).toBeGreaterThanOrEqual(2);
      expect(row.sources.length).toBeGreaterThanOrEqual(1);
      expect(row.sources.every((s) => s.url?.startsWith('https://'))).toBe(true);
      expect(row.reviewedBy.length).toBe(1);
    }
    const indexed = await database.db
      .select()
      .from(knowledgeDocuments)
      .where(eq(knowledgeDocuments.sourceType, 'rumour'));
    expect(indexed.length).toBe(rows.length);
  });

  it('marks every expert as a fictional example', async () => {
    const rows = await database.db.select().from(experts);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((e) => e.isExample && e.name.includes('示例'))).toBe(true);
  });

  it('answers each entry when asked by one of its aliases, and queues demo tips', async () => {
    const { app } = createTestApp(database);
    const key = await createTestKey(database);
    for (const demo of DEMO_RUMOURS) {
      const res = await app.request('/v1/rumours/check', {
        method: 'POST',
        headers: { ...key.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ text: `转发：${demo.aliases[0]}！！这是真的吗？` }),
      });
      const answer = RumourCheckResponse.parse(await res.json());
      expect(answer.matches[0]?.externalId, demo.aliases[0]).toBe(demo.key);
      expect(answer.decision, demo.aliases[0]).toBe('match');
    }
    const resources = await database.db.select().from(healthResources);
    const overdue = resources.filter((r) => r.reviewDueAt && r.reviewDueAt < new Date('2026-11-29T02:00:00Z'));
    expect(overdue).toHaveLength(1);
    // Seeded as the review sweep leaves it: flagged, out of the index; the current ones and the experts are in.
    expect(overdue[0]?.overdueSince).not.toBeNull();
    const indexed = await database.db.select().from(knowledgeDocuments);
    const indexedIds = new Set(indexed.map((d) => d.sourceId));
    expect(resources.map((r) => indexedIds.has(r.id))).toEqual(resources.map((r) => r.id !== overdue[0]?.id));
    expect(indexed.filter((d) => d.sourceType === 'expert')).toHaveLength(
      (await database.db.select().from(experts)).filter((e) => e.verified).length,
    );
    const tips = await database.db.select().from(rumourTips);
    expect(tips.map((t) => t.count).sort()).toEqual([1, 2, 3]);
  });
});
