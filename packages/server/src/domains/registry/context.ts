import type { Embedder } from '@kepu/assistant';
import type { Context } from 'hono';
import { recordAudit } from '../../access/audit.js';
import { hasScope } from '../../access/principal.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/create-database.js';
import type { AppEnv } from '../../http/app-env.js';
import type { Logger } from '../../logger.js';
import { createConfiguredEmbedder } from '../assistant/embedder.js';
import type { SemanticRanking } from './semantic-search.js';
import type { Actor, RegistryDeps } from './service.js';
import { loadTaxonomy } from './taxonomy/profile.js';

/** The registry's dependencies from the app's config and database (and the app's configured embedder, if built). */
export function registryDeps(config: Config, db: Db, logger?: Logger, embedder?: Embedder): RegistryDeps {
  return {
    db,
    taxonomy: loadTaxonomy(config.taxonomyProfile),
    timeZone: config.timeZone,
    semantic: semanticRankingOf(config, logger, embedder),
  };
}

/**
 * `q` fuses the semantic index only with a real semantic embedder (`openai`): the local embedder hashes words and
 * character n-grams, so its vectors repeat the lexical signal (measured in semantic-search.test.ts: no gain).
 */
export function semanticRankingOf(config: Config, logger?: Logger, embedder?: Embedder): SemanticRanking | null {
  const embedding = config.assistant.embedding;
  if (config.registry.semanticSearch === 'off' || embedding.provider !== 'openai') return null;
  return {
    embedder: embedder ?? createConfiguredEmbedder(embedding),
    minSimilarity: config.registry.semanticMinSimilarity,
    cache: new Map(),
    onError: (error) =>
      logger?.warn('registry search: the embedder failed; answering with lexical ranking', {
        error: error instanceof Error ? error.message : String(error),
      }),
  };
}

/** The caller as an actor whose transitions are audited against this request. */
export function actorOf(c: Context<AppEnv>): Actor {
  const principal = c.get('principal');
  return {
    keyId: principal.keyId,
    organizationId: principal.organizationId,
    reviewer: hasScope(principal, 'registry:review'),
    writer: hasScope(principal, 'registry:write'),
    audit: (tx, entry) => recordAudit(tx as unknown as Db, c, entry),
  };
}
