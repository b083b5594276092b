import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { createLogger } from '../../logger.js';
import { runSeeders } from '../../seed/run-seeders.js';
import { createTestDatabase } from '../../test/database.js';
import { registrySeeder } from '../registry/seed.js';
import { eventsSeeder } from './seed.js';
import { listEvents } from './service.js';
import { defaultTaxonomy } from './vocabulary.js';

let database: Database;
const now = new Date();
beforeAll(async () => {
  database = await createTestDatabase();
  await runSeeders([registrySeeder, eventsSeeder], { db: database.db, now, logger: createLogger({ level: 'silent' }) });
}, 60_000);
afterAll(async () => {
  await database.close();
});

describe('the events demo data', () => {
  it('has at least 40 events over the coming three months, recurring classes and competitions', async () => {
    const to = new Date(now.getTime() + 92 * 86_400_000).toISOString();
    const titles: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listEvents(
        database.db,
        { to, limit: 100, ...(cursor ? { cursor } : {}) },
        defaultTaxonomy(),
        now,
      );
      titles.push(...page.data.map((e) => e.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(titles.length).toBeGreaterThanOrEqual(40);
    const competitions = await listEvents(database.db, { type: 'competition', to, limit: 100 }, defaultTaxonomy(), now);
    expect(competitions.data.length).toBeGreaterThanOrEqual(2);
    const classes = await database.db.execute<{ title: string; n: number }>(sql`
      select e.title, count(*)::int as n from events e join event_occurrences o on o.event_id = e.id
      where e.recurrence is not null group by e.title`);
    expect(classes.rows.map((r) => r.title).join()).toContain('科普课堂');
    expect(classes.rows.every((r) => r.n >= 10)).toBe(true);
  });

  it('links events to the registry venues of the same name', async () => {
    const linked = await database.db.execute<{ name: string }>(sql`
      select distinct r.name from events e join registry_resources r on r.id = e.venue_id order by 1`);
    expect(linked.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['深圳市科学馆', '深圳市天文台', '深圳图书馆', '仙湖植物园', '深圳湾公园']),
    );
  });

  it('keeps the 2023 campaigns as past events with their child events', async () => {
    const past = await listEvents(
      database.db,
      { from: '2023-01-01T00:00:00+08:00', to: '2023-12-31T00:00:00+08:00', type: 'campaign', limit: 10 },
      defaultTaxonomy(),
      now,
    );
    expect(past.data.map((e) => e.title)).toEqual([
      '2023年全国科技活动周暨深圳市科技活动周',
      '2023年全国科普日暨深圳科普月',
    ]);
    const children = await listEvents(
      database.db,
      { from: '2023-01-01T00:00:00+08:00', campaign: past.data[1]?.id, limit: 10 },
      defaultTaxonomy(),
      now,
    );
    expect(children.data.length).toBe(3);
  });
});
