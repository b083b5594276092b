import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Small key-value facts about this installation (e.g. when demo data was loaded). */
export const kepuMeta = pgTable('kepu_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
