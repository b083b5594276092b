import { eq } from 'drizzle-orm';
import type { Progress } from '../cli/progress.js';
import type { Db } from '../db/create-database.js';
import { kepuMeta } from '../db/schema/meta.js';
import type { Logger } from '../logger.js';

export interface SeedContext {
  db: Db;
  /** "Now" for relative demo dates (events in the coming months). */
  now: Date;
  logger: Logger;
  progress?: Progress;
}

/** One domain's demo data. Seeders run in order, each once per database (recorded in `kepu_meta`). */
export interface DemoSeeder {
  name: string;
  run(ctx: SeedContext): Promise<{ inserted: number }>;
}

/**
 * Runs the seeders that have not run on this database yet, each in its own transaction.
 * Returns the names of the seeders that ran.
 */
export async function runSeeders(seeders: readonly DemoSeeder[], ctx: SeedContext): Promise<string[]> {
  const ran: string[] = [];
  for (const seeder of seeders) {
    const key = `demo:${seeder.name}`;
    const done = await ctx.db.select().from(kepuMeta).where(eq(kepuMeta.key, key));
    if (done.length > 0) continue;
    await ctx.db.transaction(async (tx) => {
      const result = await seeder.run({ ...ctx, db: tx as unknown as Db });
      await tx.insert(kepuMeta).values({ key, value: { at: ctx.now.toISOString(), inserted: result.inserted } });
      ctx.logger.info('demo data loaded', { seeder: seeder.name, inserted: result.inserted });
    });
    ran.push(seeder.name);
  }
  return ran;
}
