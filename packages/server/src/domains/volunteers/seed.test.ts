import { randomBytes } from 'node:crypto';
import { isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPiiCipher } from '../../crypto/pii-cipher.js';
import type { Database } from '../../db/create-database.js';
import { lecturers, volunteerOpportunities, volunteers } from '../../db/schema/volunteers.js';
import { runSeeders } from '../../seed/run-seeders.js';
import { createTestApp, memoryLogger } from '../../test/app.js';
import { createTestDatabase } from '../../test/database.js';
import { eventsSeeder } from '../events/seed.js';
import { createVolunteersSeeder, DEMO_MOBILE_PREFIX } from './seed.js';

let database: Database;
const piiKey = randomBytes(32);

beforeAll(async () => {
  database = await createTestDatabase();
  const seeders = [eventsSeeder, createVolunteersSeeder({ piiKey, publicUrl: 'http://localhost:8787' })];
  const ctx = { db: database.db, now: new Date(), logger: memoryLogger() };
  await runSeeders(seeders, ctx);
  // Seeding twice changes nothing.
  expect(await runSeeders(seeders, ctx)).toEqual([]);
});
afterAll(async () => {
  await database.close();
});

describe('volunteers demo data', () => {
  it('is clearly fictional: names marked 【演示】, mobiles from the demo range, stored encrypted', async () => {
    const rows = await database.db.select().from(volunteers);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const pii = createPiiCipher(piiKey);
    for (const row of rows) {
      expect(row.name.startsWith('【演示】')).toBe(true);
      expect(pii.decrypt(row.mobileCipher).startsWith(DEMO_MOBILE_PREFIX)).toBe(true);
    }
    const profiles = await database.db.select().from(lecturers);
    expect(profiles.length).toBeGreaterThanOrEqual(5);
    for (const p of profiles) expect(p.name).toContain('示例');
  });

  it('ties opportunities to the demo events and shows them publicly with sign-ups and no personal data', async () => {
    const linked = await database.db
      .select()
      .from(volunteerOpportunities)
      .where(isNotNull(volunteerOpportunities.eventId));
    expect(linked.length).toBeGreaterThanOrEqual(3);
    const { app } = createTestApp(database, { KEPU_PII_KEY: piiKey.toString('base64') });
    const res = await app.request('/v1/opportunities');
    const text = await res.text();
    expect(text).not.toContain(DEMO_MOBILE_PREFIX);
    expect(text).not.toContain('【演示】张');
    const page = JSON.parse(text) as { data: { shifts: { filled: number }[] }[] };
    expect(page.data.flatMap((o) => o.shifts).some((s) => s.filled > 0)).toBe(true);
    const stats = await (await app.request('/v1/stats/volunteers')).json();
    expect(stats).toMatchObject({ activeVolunteers: 8, officerActivity: { share: 3, rumour_report: 3 } });
  });
});
