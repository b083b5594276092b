import { z } from 'zod';

/** The assistant's environment variables (merged into `CONFIG_VARIABLES` and README's table). */
export const ASSISTANT_CONFIG_VARIABLES = {
  KEPU_LLM_BASE_URL: {
    default: '(unset: offline composer)',
    example: 'https://api.deepseek.com/v1',
    meaning:
      'OpenAI-compatible chat endpoint (OpenAI, DeepSeek, Qwen/DashScope, Ollama, vLLM). Unset: answers are composed offline from sources.',
  },
  KEPU_LLM_API_KEY: { default: '(unset)', example: 'sk-…', meaning: 'API key of the chat endpoint (never logged).' },
  KEPU_LLM_MODEL: {
    default: '(unset)',
    example: 'deepseek-chat',
    meaning: 'Chat model name; required with KEPU_LLM_BASE_URL.',
  },
  KEPU_LLM_TIMEOUT_MS: {
    default: '20000',
    example: '30000',
    meaning: 'Longest wait for the model (first token within a quarter of it); then the offline composer answers.',
  },
  KEPU_EMBEDDING_PROVIDER: {
    default: 'local',
    example: 'openai',
    meaning: 'local (deterministic, no download, lexical-semantic) or openai (any OpenAI-compatible /v1/embeddings).',
  },
  KEPU_EMBEDDING_BASE_URL: {
    default: '(unset)',
    example: 'http://localhost:11434/v1',
    meaning: 'Embeddings endpoint for KEPU_EMBEDDING_PROVIDER=openai.',
  },
  KEPU_EMBEDDING_API_KEY: { default: '(unset)', example: 'sk-…', meaning: 'API key of the embeddings endpoint.' },
  KEPU_EMBEDDING_MODEL: {
    default: '(unset)',
    example: 'bge-m3',
    meaning: 'Embedding model name for KEPU_EMBEDDING_PROVIDER=openai.',
  },
  KEPU_EMBEDDING_DIMENSION: {
    default: '256',
    example: '1024',
    meaning:
      "The embedding model's dimension (1–2000). After a change of model or dimension the server re-embeds the index at start (or run `kepu reindex`).",
  },
  KEPU_EMBEDDING_BATCH_SIZE: {
    default: '10',
    example: '64',
    meaning: 'Texts per embeddings request, 1–2048 (DashScope accepts at most 10, OpenAI 2048).',
  },
  KEPU_EMBEDDING_TIMEOUT_MS: {
    default: '15000',
    example: '30000',
    meaning:
      'Longest wait for one embeddings request (retried once). A slow provider delays the vectors of new records, never a publish.',
  },
  KEPU_ASSISTANT_SENSITIVE_WORDS: {
    default: '(empty)',
    example: '赌博,代开发票',
    meaning:
      'Comma-separated words refused in questions and masked in answers (also KEPU_ASSISTANT_SENSITIVE_WORDS_FILE).',
  },
  KEPU_ASSISTANT_SENSITIVE_WORDS_FILE: {
    default: '(unset)',
    example: './sensitive-words.txt',
    meaning: 'File of sensitive words, one per line (# starts a comment).',
  },
  KEPU_ASSISTANT_RETENTION_DAYS: {
    default: '180',
    example: '30',
    meaning: 'Conversations idle longer than this are deleted with their messages and feedback; 0 keeps them.',
  },
} as const;

const optionalUrl = z.url({ protocol: /^https?$/ }).optional();

export const ASSISTANT_CONFIG_FIELDS = {
  KEPU_LLM_BASE_URL: optionalUrl,
  KEPU_LLM_API_KEY: z.string().min(1).optional(),
  KEPU_LLM_MODEL: z.string().min(1).max(200).optional(),
  KEPU_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(20_000),
  KEPU_EMBEDDING_PROVIDER: z.enum(['local', 'openai']).default('local'),
  KEPU_EMBEDDING_BASE_URL: optionalUrl,
  KEPU_EMBEDDING_API_KEY: z.string().min(1).optional(),
  KEPU_EMBEDDING_MODEL: z.string().min(1).max(200).optional(),
  KEPU_EMBEDDING_DIMENSION: z.coerce.number().int().min(1).max(2000).default(256),
  KEPU_EMBEDDING_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(10),
  KEPU_EMBEDDING_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  KEPU_ASSISTANT_SENSITIVE_WORDS: z.string().optional(),
  KEPU_ASSISTANT_SENSITIVE_WORDS_FILE: z.string().min(1).optional(),
  KEPU_ASSISTANT_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(180),
};

type AssistantFields = z.output<z.ZodObject<typeof ASSISTANT_CONFIG_FIELDS>>;

export interface AssistantConfig {
  llm: { baseUrl: string; apiKey: string | null; model: string; timeoutMs: number } | null;
  embedding:
    | { provider: 'local'; dimension: number }
    | {
        provider: 'openai';
        baseUrl: string;
        apiKey: string | null;
        model: string;
        dimension: number;
        batchSize: number;
        timeoutMs: number;
      };
  sensitiveWords: string[];
  retentionDays: number;
}

/** Thrown for a combination of settings that cannot work; the message names the variables and a fix. */
export class AssistantConfigError extends Error {
  override name = 'AssistantConfigError';
}

/**
 * The assistant's settings from validated variables. `readFile` reads the sensitive-word file (injected so the
 * config stays testable); a missing file is an error, not an empty list.
 */
export function assistantConfigFrom(c: AssistantFields, readFile: (path: string) => string): AssistantConfig {
  if (Boolean(c.KEPU_LLM_BASE_URL) !== Boolean(c.KEPU_LLM_MODEL)) {
    throw new AssistantConfigError(
      'KEPU_LLM_BASE_URL and KEPU_LLM_MODEL go together: set both (e.g. KEPU_LLM_BASE_URL=https://api.deepseek.com/v1 KEPU_LLM_MODEL=deepseek-chat) or neither.',
    );
  }
  let embedding: AssistantConfig['embedding'] = { provider: 'local', dimension: c.KEPU_EMBEDDING_DIMENSION };
  if (c.KEPU_EMBEDDING_PROVIDER === 'openai') {
    if (!c.KEPU_EMBEDDING_BASE_URL || !c.KEPU_EMBEDDING_MODEL) {
      throw new AssistantConfigError(
        'KEPU_EMBEDDING_PROVIDER=openai needs KEPU_EMBEDDING_BASE_URL and KEPU_EMBEDDING_MODEL (e.g. KEPU_EMBEDDING_BASE_URL=http://localhost:11434/v1 KEPU_EMBEDDING_MODEL=bge-m3 KEPU_EMBEDDING_DIMENSION=1024).',
      );
    }
    embedding = {
      provider: 'openai',
      baseUrl: c.KEPU_EMBEDDING_BASE_URL,
      apiKey: c.KEPU_EMBEDDING_API_KEY ?? null,
      model: c.KEPU_EMBEDDING_MODEL,
      dimension: c.KEPU_EMBEDDING_DIMENSION,
      batchSize: c.KEPU_EMBEDDING_BATCH_SIZE,
      timeoutMs: c.KEPU_EMBEDDING_TIMEOUT_MS,
    };
  }
  const words = (c.KEPU_ASSISTANT_SENSITIVE_WORDS ?? '').split(/[,，]/);
  if (c.KEPU_ASSISTANT_SENSITIVE_WORDS_FILE) {
    let text: string;
    try {
      text = readFile(c.KEPU_ASSISTANT_SENSITIVE_WORDS_FILE);
    } catch (error) {
      throw new AssistantConfigError(
        `KEPU_ASSISTANT_SENSITIVE_WORDS_FILE=${c.KEPU_ASSISTANT_SENSITIVE_WORDS_FILE} cannot be read (${(error as Error).message}). Point it at a UTF-8 text file with one word per line.`,
      );
    }
    words.push(...text.split(/\r?\n/).filter((line) => !line.trimStart().startsWith('#')));
  }
  return {
    llm:
      c.KEPU_LLM_BASE_URL && c.KEPU_LLM_MODEL
        ? {
            baseUrl: c.KEPU_LLM_BASE_URL,
            apiKey: c.KEPU_LLM_API_KEY ?? null,
            model: c.KEPU_LLM_MODEL,
            timeoutMs: c.KEPU_LLM_TIMEOUT_MS,
          }
        : null,
    embedding,
    sensitiveWords: [...new Set(words.map((w) => w.trim()).filter(Boolean))],
    retentionDays: c.KEPU_ASSISTANT_RETENTION_DAYS,
  };
}
