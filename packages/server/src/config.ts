import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  ACCESS_CONFIG_FIELDS,
  ACCESS_CONFIG_VARIABLES,
  type AccessConfig,
  accessConfigFrom,
} from './access/access-config.js';
import {
  ASSISTANT_CONFIG_FIELDS,
  ASSISTANT_CONFIG_VARIABLES,
  type AssistantConfig,
  AssistantConfigError,
  assistantConfigFrom,
} from './domains/assistant/assistant-config.js';
import {
  REGISTRY_CONFIG_FIELDS,
  REGISTRY_CONFIG_VARIABLES,
  type RegistryConfig,
  registryConfigFrom,
} from './domains/registry/registry-config.js';
import { loadTaxonomy, TaxonomyProfileError } from './domains/registry/taxonomy/profile.js';
import {
  RUMOURS_CONFIG_FIELDS,
  RUMOURS_CONFIG_VARIABLES,
  type RumoursConfig,
  rumoursConfigFrom,
} from './domains/rumours/rumours-config.js';

/** Every setting the server reads, with its environment variable, default and meaning (README's table is made from this). */
export const CONFIG_VARIABLES = {
  PORT: { default: '8787', example: '8787', meaning: 'TCP port the HTTP server listens on.' },
  HOST: { default: '0.0.0.0', example: '127.0.0.1', meaning: 'Interface the HTTP server binds to.' },
  KEPU_DATA_DIR: {
    default: './.kepu-data',
    example: '/var/lib/kepu',
    meaning: 'Directory of the embedded PGlite database. Ignored when DATABASE_URL is set.',
  },
  DATABASE_URL: {
    default: '(unset)',
    example: 'postgres://kepu:secret@db:5432/kepu',
    meaning: 'PostgreSQL >= 15 with pgvector >= 0.7. When set, the embedded database is not used.',
  },
  DATABASE_POOL_SIZE: { default: '10', example: '20', meaning: 'Maximum connections in the PostgreSQL pool.' },
  LOG_LEVEL: { default: 'info', example: 'debug', meaning: 'One of debug, info, warn, error, silent.' },
  KEPU_PUBLIC_URL: {
    default: 'http://localhost:PORT',
    example: 'https://kepu.example.org',
    meaning: 'Public base URL, used in links (JSON-LD, iCalendar, certificates).',
  },
  KEPU_CORS_ORIGINS: {
    default: '*',
    example: 'https://www.example.org,https://kids.example.org',
    meaning: 'Comma-separated origins allowed by CORS, or * for any. Keys narrow this further per partner.',
  },
  KEPU_BODY_LIMIT_BYTES: { default: '1048576', example: '2097152', meaning: 'Largest accepted JSON request body.' },
  KEPU_UPLOAD_LIMIT_BYTES: {
    default: '10485760',
    example: '20971520',
    meaning: 'Largest accepted import upload (CSV, XLSX, JSONL).',
  },
  KEPU_REQUEST_TIMEOUT_MS: {
    default: '15000',
    example: '30000',
    meaning: 'A non-streaming request that takes longer is answered 503 `timeout`.',
  },
  KEPU_SHUTDOWN_GRACE_MS: {
    default: '10000',
    example: '30000',
    meaning: 'How long a stopping server waits for in-flight requests before closing connections.',
  },
  KEPU_TIME_ZONE: { default: 'Asia/Shanghai', example: 'Asia/Shanghai', meaning: 'Time zone of events and reports.' },
  KEPU_TAXONOMY_PROFILE: {
    default: '(built-in Shenzhen profile)',
    example: './profiles/guangzhou.json',
    meaning:
      'JSON file of the districts, topics, audience groups and designation schemes of the registry (another city).',
  },
  ...ACCESS_CONFIG_VARIABLES,
  ...ASSISTANT_CONFIG_VARIABLES,
  ...RUMOURS_CONFIG_VARIABLES,
  ...REGISTRY_CONFIG_VARIABLES,
  KEPU_PII_KEY: {
    default: '(development key)',
    example: '$(openssl rand -base64 32)',
    meaning:
      "Encrypts volunteers' mobiles and emails (AES-256-GCM) and keys their duplicate index. Required when NODE_ENV=production; never change it once data exists.",
  },
} as const;

export type ConfigVariable = keyof typeof CONFIG_VARIABLES;

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

const ConfigSchema = z.object({
  ...ACCESS_CONFIG_FIELDS,
  ...ASSISTANT_CONFIG_FIELDS,
  ...RUMOURS_CONFIG_FIELDS,
  ...REGISTRY_CONFIG_FIELDS,
  PORT: port.default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  KEPU_DATA_DIR: z.string().min(1).default('./.kepu-data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_SIZE: positiveInt.max(1000).default(10),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  KEPU_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  KEPU_CORS_ORIGINS: z.string().default('*'),
  KEPU_BODY_LIMIT_BYTES: positiveInt.default(1024 * 1024),
  KEPU_UPLOAD_LIMIT_BYTES: positiveInt.default(10 * 1024 * 1024),
  KEPU_REQUEST_TIMEOUT_MS: positiveInt.default(15_000),
  KEPU_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  KEPU_TIME_ZONE: z
    .string()
    .refine((tz) => isTimeZone(tz), 'is not an IANA time zone')
    .default('Asia/Shanghai'),
  KEPU_TAXONOMY_PROFILE: z.string().min(1).optional(),
  KEPU_PII_KEY: z
    .string()
    .refine(
      (v) => /^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, 'base64').length === 32,
      'is not base64 of 32 bytes',
    )
    .optional(),
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type DatabaseConfig =
  | { driver: 'pglite'; dataDir: string }
  | { driver: 'postgres'; url: string; poolSize: number };

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  database: DatabaseConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  corsOrigins: '*' | string[];
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  requestTimeoutMs: number;
  shutdownGraceMs: number;
  timeZone: string;
  /** Absolute path of the registry's taxonomy profile, or null for the built-in Shenzhen profile. */
  taxonomyProfile: string | null;
  /** Keys, widget sessions, rate limits, audit retention (src/access/access-config.ts). */
  access: AccessConfig;
  /** LLM, embeddings, sensitive words, retention (src/domains/assistant/assistant-config.ts). */
  assistant: AssistantConfig;
  /** The health-expert base: review sweep interval (src/domains/rumours/rumours-config.ts). */
  rumours: RumoursConfig;
  /** Semantic ranking of registry search (src/domains/registry/registry-config.ts). */
  registry: RegistryConfig;
  /** 32-byte key for personal data at rest; `piiKeySource: 'development'` means a fixed, public key (not for real data). */
  piiKey: Buffer;
  piiKeySource: 'env' | 'development';
}

/** A setting that does not validate; its message names the variable, the problem and a good example. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration from environment variables (flags are merged in by the CLI as the same names).
 * `memory://` as the data directory gives an in-memory database (tests).
 * @example loadConfig(process.env)
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.keys(CONFIG_VARIABLES)
      .map((k) => [k, env[k]] as const)
      .filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '') as ConfigVariable;
      const spec = CONFIG_VARIABLES[name];
      const value =
        name === 'DATABASE_URL'
          ? redactUrl(String(present[name]))
          : name === 'KEPU_PII_KEY' // a secret: never echo it
            ? '(hidden)'
            : JSON.stringify(present[name]);
      return `${name}=${value} ${issue.message}. Example of a good value: ${name}=${spec?.example ?? ''}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = parsed.data;
  const corsOrigins =
    c.KEPU_CORS_ORIGINS.trim() === '*'
      ? '*'
      : c.KEPU_CORS_ORIGINS.split(',')
          .map((o) => o.trim())
          .filter(Boolean);
  if (corsOrigins !== '*') {
    for (const origin of corsOrigins) {
      if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
        throw new ConfigError(
          `Invalid configuration:\n  KEPU_CORS_ORIGINS contains ${JSON.stringify(origin)}, which is not an origin (scheme://host[:port], no path). Example of a good value: KEPU_CORS_ORIGINS=${CONFIG_VARIABLES.KEPU_CORS_ORIGINS.example}`,
        );
      }
    }
  }
  const database: DatabaseConfig = c.DATABASE_URL
    ? { driver: 'postgres', url: c.DATABASE_URL, poolSize: c.DATABASE_POOL_SIZE }
    : { driver: 'pglite', dataDir: c.KEPU_DATA_DIR === 'memory://' ? 'memory://' : path.resolve(c.KEPU_DATA_DIR) };
  return {
    port: c.PORT,
    host: c.HOST,
    publicUrl: (c.KEPU_PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    database,
    logLevel: c.LOG_LEVEL,
    corsOrigins,
    bodyLimitBytes: c.KEPU_BODY_LIMIT_BYTES,
    uploadLimitBytes: c.KEPU_UPLOAD_LIMIT_BYTES,
    requestTimeoutMs: c.KEPU_REQUEST_TIMEOUT_MS,
    shutdownGraceMs: c.KEPU_SHUTDOWN_GRACE_MS,
    timeZone: c.KEPU_TIME_ZONE,
    taxonomyProfile: taxonomyProfileFrom(c.KEPU_TAXONOMY_PROFILE),
    access: accessConfigFrom(c),
    assistant: assistantFrom(c),
    rumours: rumoursConfigFrom(c),
    registry: registryConfigFrom(c),
    ...piiKeyFrom(c.KEPU_PII_KEY, env.NODE_ENV),
  };
}

/**
 * Without KEPU_PII_KEY, development uses a fixed key derived from a public string, so an embedded database stays
 * readable across restarts; it protects nothing, which is why production refuses to start without a real key.
 */
function piiKeyFrom(value: string | undefined, nodeEnv: string | undefined): Pick<Config, 'piiKey' | 'piiKeySource'> {
  if (value) return { piiKey: Buffer.from(value, 'base64'), piiKeySource: 'env' };
  if (nodeEnv === 'production') {
    throw new ConfigError(
      `Invalid configuration:\n  KEPU_PII_KEY is required when NODE_ENV=production. Example of a good value: KEPU_PII_KEY=$(openssl rand -base64 32)`,
    );
  }
  return {
    piiKey: createHash('sha256').update('kepu development pii key — not secret').digest(),
    piiKeySource: 'development',
  };
}

/** Resolves and checks the taxonomy profile now, so a bad file stops the process with a clear message. */
function taxonomyProfileFrom(value: string | undefined): string | null {
  if (!value) return null;
  const file = path.resolve(value);
  try {
    loadTaxonomy(file);
  } catch (error) {
    if (error instanceof TaxonomyProfileError) throw new ConfigError(`Invalid configuration:\n  ${error.message}`);
    throw error;
  }
  return file;
}

/** Hides the password of a connection URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** The assistant's settings; a bad combination becomes a ConfigError like any other setting. */
function assistantFrom(c: z.output<typeof ConfigSchema>): AssistantConfig {
  try {
    return assistantConfigFrom(c, (file) => readFileSync(path.resolve(file), 'utf8'));
  } catch (error) {
    if (error instanceof AssistantConfigError) throw new ConfigError(`Invalid configuration:\n  ${error.message}`);
    throw error;
  }
}
