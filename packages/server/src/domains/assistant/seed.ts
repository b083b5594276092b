import type { DemoSeeder } from '../../seed/run-seeders.js';
import { loadTaxonomy } from '../registry/taxonomy/profile.js';
import { createConfiguredEmbedder } from './embedder.js';
import { reindexKnowledge } from './reindex.js';

/**
 * Last of the demo seeders: indexes the service FAQ and every published record the other seeders created (events,
 * routes and opportunities are indexed here; resources and rumours already are, by their publish paths).
 */
export const assistantSeeder: DemoSeeder = {
  name: 'assistant-knowledge',
  async run(ctx) {
    const report = await reindexKnowledge(ctx.db, {
      embedder: createConfiguredEmbedder({ provider: 'local', dimension: 256 }),
      taxonomy: loadTaxonomy(),
      now: ctx.now,
    });
    return { inserted: report.documents };
  },
};
