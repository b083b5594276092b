import { z } from 'zod';

/** The registry's environment variables (merged into `CONFIG_VARIABLES` and README's table). */
export const REGISTRY_CONFIG_VARIABLES = {
  KEPU_REGISTRY_SEMANTIC_SEARCH: {
    default: 'auto',
    example: 'off',
    meaning:
      'auto: `q` on /v1/resources also ranks by the knowledge index vectors when KEPU_EMBEDDING_PROVIDER=openai (not with the local embedder, measured to add nothing); off: lexical only.',
  },
  KEPU_REGISTRY_SEMANTIC_MIN_SIMILARITY: {
    default: '0.5',
    example: '0.35',
    meaning:
      "Cosine similarity below which the embedding model's vectors say nothing; above it they add to the rank and let entries without a shared word match. Model-specific: calibrate per model.",
  },
} as const;

export const REGISTRY_CONFIG_FIELDS = {
  KEPU_REGISTRY_SEMANTIC_SEARCH: z.enum(['auto', 'off']).default('auto'),
  KEPU_REGISTRY_SEMANTIC_MIN_SIMILARITY: z.coerce.number().min(0).max(0.99).default(0.5),
};

type RegistryFields = z.output<z.ZodObject<typeof REGISTRY_CONFIG_FIELDS>>;

export interface RegistryConfig {
  semanticSearch: 'auto' | 'off';
  semanticMinSimilarity: number;
}

export function registryConfigFrom(c: RegistryFields): RegistryConfig {
  return {
    semanticSearch: c.KEPU_REGISTRY_SEMANTIC_SEARCH,
    semanticMinSimilarity: c.KEPU_REGISTRY_SEMANTIC_MIN_SIMILARITY,
  };
}
