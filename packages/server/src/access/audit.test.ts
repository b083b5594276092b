import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/create-database.js';
import { auditLog } from '../db/schema/access.js';
import { createTestDatabase, TEST_DRIVERS } from '../test/database.js';
import { appendAudit } from './audit.js';
import { pruneAuditLog } from './audit-query.js';

describe.each(TEST_DRIVERS)('the audit log in the database (%s)', (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(async () => {
    await database.close();
  });

  it('refuses to change an entry, even to code that tries', async () => {
    await appendAudit(
      database.db,
      { action: 'key.revoke', targetType: 'api_key', targetId: 'key_1', reason: 'leaked' },
      { keyId: 'key_admin', organizationId: 'org_1', requestId: 'r1' },
    );
    await expect(database.db.update(auditLog).set({ reason: 'nothing happened' })).rejects.toThrow();
    await expect(database.db.execute(sql`update audit_log set action = 'key.create'`)).rejects.toThrow();
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.targetId, 'key_1'));
    expect(entry).toMatchObject({ action: 'key.revoke', reason: 'leaked', keyId: 'key_admin' });
  });

  it('deletes entries past the retention period, and keeps everything with retention 0', async () => {
    const old = new Date('2020-01-01T00:00:00Z');
    await database.db.execute(
      sql`insert into audit_log (id, at, action, target_type) values ('aud_old', ${old.toISOString()}::timestamptz, 'x.y', 't')`,
    );
    const now = new Date('2021-01-02T00:00:00Z');
    expect(await pruneAuditLog(database.db, 0, now)).toBe(0);
    expect(await pruneAuditLog(database.db, 365, now)).toBe(1);
    expect(await database.db.select().from(auditLog).where(eq(auditLog.id, 'aud_old'))).toHaveLength(0);
  });
});
