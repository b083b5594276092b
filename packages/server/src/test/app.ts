import { createApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import type { Database } from '../db/create-database.js';
import { createLogger, type Logger } from '../logger.js';

/**
 * Configuration for tests: in-memory database, silent logs, no rate limits (tests of limits turn them on with
 * `KEPU_RATE_LIMIT_STORE`); override any variable by name.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ KEPU_DATA_DIR: 'memory://', LOG_LEVEL: 'silent', KEPU_RATE_LIMIT_STORE: 'off', ...env });
}

/** A logger that keeps its lines, so tests can assert what is (and is not) logged. */
export function memoryLogger(): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) });
  return Object.assign(logger, { lines });
}

/** The app over a test database, called with `app.request()` (no port). */
export function createTestApp(database: Database, env: Record<string, string> = {}) {
  const logger = memoryLogger();
  const app = createApp({ config: testConfig(env), database, logger });
  return { app, logger };
}
