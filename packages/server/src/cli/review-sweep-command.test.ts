import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HealthReviewSweepResult } from '@kepu/sdk/schema';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../db/create-database.js';
import { runMigrations } from '../db/migrate.js';
import { knowledgeDocuments } from '../db/schema/knowledge.js';
import { healthResources } from '../db/schema/rumours.js';
import { upsertKnowledge } from '../domains/assistant/knowledge.js';
import { healthResourceKnowledge } from '../domains/rumours/health-resource-service.js';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

function kepu(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@kepu/source', '--import', 'tsx', CLI, ...args],
      { env: { ...process.env, LOG_LEVEL: 'silent', CI: '1', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('kepu review-sweep', () => {
  it('flags an overdue resource and withdraws it from the index, then has nothing left to do', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kepu-sweep-'));
    const database = await createDatabase({ driver: 'pglite', dataDir: dir });
    await runMigrations(database);
    const [row] = await database.db
      .insert(healthResources)
      .values({
        id: 'hr_cli_overdue',
        kind: 'article',
        title: '流感季如何保护自己和家人',
        body: '每年接种流感疫苗。',
        status: 'published',
        publishedAt: new Date('2025-01-01T00:00:00Z'),
        reviewedAt: new Date('2025-01-01T00:00:00Z'),
        reviewDueAt: new Date('2026-01-01T00:00:00Z'),
      })
      .returning();
    if (row) await upsertKnowledge(database.db, healthResourceKnowledge(row));
    await database.close();

    const first = await kepu(['review-sweep', '--data-dir', dir, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const result = HealthReviewSweepResult.parse(JSON.parse(first.stdout));
    expect(result).toMatchObject({ flagged: [{ id: 'hr_cli_overdue' }], withdrawn: 1, overdue: 1 });
    const second = await kepu(['review-sweep', '--data-dir', dir]);
    expect(second.stdout).toContain(
      'Review sweep: 0 newly overdue, 0 withdrawn from the assistant index, 1 overdue in all.',
    );

    const reopened = await createDatabase({ driver: 'pglite', dataDir: dir });
    try {
      const [flagged] = await reopened.db
        .select()
        .from(healthResources)
        .where(eq(healthResources.id, 'hr_cli_overdue'));
      expect(flagged?.overdueSince).not.toBeNull();
      expect(await reopened.db.select().from(knowledgeDocuments)).toEqual([]);
    } finally {
      await reopened.close();
    }
  }, 120_000); // two child processes, each compiling the CLI

  it('stops on a bad KEPU_REVIEW_SWEEP_MINUTES with the variable named', async () => {
    const bad = await kepu(['review-sweep', '--data-dir', 'memory://'], { KEPU_REVIEW_SWEEP_MINUTES: 'hourly' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('KEPU_REVIEW_SWEEP_MINUTES');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
