import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has defaults for a newcomer', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8787);
    expect(config.database).toEqual({ driver: 'pglite', dataDir: expect.stringMatching(/\.kepu-data$/) });
    expect(config.publicUrl).toBe('http://localhost:8787');
    expect(config.timeZone).toBe('Asia/Shanghai');
  });

  it('switches to PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/kepu', DATABASE_POOL_SIZE: '4' });
    expect(config.database).toEqual({ driver: 'postgres', url: 'postgres://u:p@db:5432/kepu', poolSize: 4 });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT="abc" .*Example of a good value: PORT=8787/],
    [{ PORT: '70000' }, /PORT="70000"/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud" .*LOG_LEVEL=debug/],
    [{ KEPU_TIME_ZONE: 'Mars/Olympus' }, /KEPU_TIME_ZONE="Mars\/Olympus" is not an IANA time zone/],
    [{ KEPU_CORS_ORIGINS: 'https://a.org/path' }, /KEPU_CORS_ORIGINS contains "https:\/\/a.org\/path"/],
    [{ KEPU_PUBLIC_URL: 'ftp://x' }, /KEPU_PUBLIC_URL/],
  ])('refuses %j with a message naming the variable, the problem and an example', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never prints the database password in an error', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://kepu:hunter2@db/kepu' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('DATABASE_URL');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('is documented: every variable appears in the README configuration table', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(CONFIG_VARIABLES)) expect(readme).toMatch(new RegExp(`\\|\\s*\`${name}\`\\s*\\|`));
  });
});
