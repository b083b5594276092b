import { CreateRumourEntry, RumourEntryDetail } from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { rumourEntries } from '../../db/schema/rumours.js';
import { runImport } from '../../imports/run-import.js';
import { createTestApp, testConfig } from '../../test/app.js';
import {
  createTestDatabase,
  createTestKey,
  resetDatabase,
  TEST_DRIVERS,
  type TestDriver,
} from '../../test/database.js';
import { createRumourEntry } from './entry-service.js';
import { rumourImporter } from './importer.js';

const ENTRY = {
  externalId: 'demo-race-1',
  claim: '隔夜菜会致癌',
  rating: 'misleading',
  explanation: '冷藏保存、彻底加热的剩菜不会致癌。',
};

describe.each(TEST_DRIVERS)('a taken externalId (%s)', (driver: TestDriver) => {
  let database: Database;
  let app: ReturnType<typeof createTestApp>['app'];
  let writer: Record<string, string>;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
    app = createTestApp(database).app;
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await resetDatabase(database);
    writer = (await createTestKey(database, { scopes: ['rumours:write', 'rumours:review'] })).auth;
  });

  const create = (body: unknown) =>
    app.request('/v1/rumours', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...writer },
      body: JSON.stringify(body),
    });

  it('is a 409 naming the entry that holds it', async () => {
    const first = RumourEntryDetail.parse(await (await create(ENTRY)).json());
    const second = await create({ ...ENTRY, claim: '剩菜放一晚就有毒' });
    expect(second.status).toBe(409);
    const { error } = (await second.json()) as { error: { code: string; message: string; details: unknown[] } };
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(first.id);
    expect(error.details).toEqual([{ path: 'body.externalId', message: 'already used' }]);
  });

  it('gives one entry and 409s, never a 500, when creates race', async () => {
    // In the data layer on both drivers: eight transactions insert the same externalId at once.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        database.db.transaction((tx) => createRumourEntry(tx, CreateRumourEntry.parse(ENTRY), new Date())),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(o.reason).toMatchObject({ status: 409, code: 'conflict' });
    }
    // Through HTTP (PGlite only: pglite-socket mixes up concurrent Bearer-key lookups on its one shared session,
    // which answers some of them 401/500 before they reach this route — an artefact of the test server).
    if (driver === 'pglite') {
      const statuses = await Promise.all(
        Array.from({ length: 8 }, (_, i) => create({ ...ENTRY, externalId: 'demo-race-2', claim: `说法${i}` })),
      ).then((all) => all.map((r) => r.status));
      expect(statuses.sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    }
    for (const externalId of ['demo-race-1', 'demo-race-2']) {
      const rows = await database.db.select().from(rumourEntries).where(eq(rumourEntries.externalId, externalId));
      expect(rows).toHaveLength(driver === 'pglite' || externalId === 'demo-race-1' ? 1 : 0);
    }
  });

  it('lets imports racing a create on the same new externalId end in one entry', async () => {
    const line = new TextEncoder().encode(JSON.stringify({ ...ENTRY, explanation: '导入的解释。' }));
    const context = { now: new Date(), config: testConfig(), keyId: null, organizationId: null, requestId: null };
    const [a, b, c] = await Promise.allSettled([
      runImport(database.db, rumourImporter, line, { format: 'jsonl', context: { ...context, publish: false } }),
      runImport(database.db, rumourImporter, line, { format: 'jsonl', context: { ...context, publish: true } }),
      database.db.transaction((tx) => createRumourEntry(tx, CreateRumourEntry.parse(ENTRY), new Date())),
    ]);
    expect([a.status, b.status]).toEqual(['fulfilled', 'fulfilled']);
    if (c.status === 'rejected') expect(c.reason).toMatchObject({ status: 409 });
    const rows = await database.db.select().from(rumourEntries).where(eq(rumourEntries.externalId, ENTRY.externalId));
    expect(rows).toHaveLength(1);
  });
});
