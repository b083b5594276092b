import { type ApiKey, CreateApiKey, KeyKind, Scope } from '@kepu/sdk/schema';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { eq, like, or } from 'drizzle-orm';
import type { AuditActor } from '../access/audit.js';
import { createKey, listKeys, newKeyFrom, revokeKey } from '../access/key-management.js';
import type { Config } from '../config.js';
import { createDatabase, type Db } from '../db/create-database.js';
import { runMigrations } from '../db/migrate.js';
import { apiKeys, organizations } from '../db/schema/access.js';
import { ApiError } from '../http/errors.js';
import { newId } from '../ids.js';

type DatabaseFlags = { dataDir?: string; databaseUrl?: string };
const CLI_ACTOR: AuditActor = { keyId: null, organizationId: null, requestId: 'cli' };

/** A user's mistake: printed as one line, exit code 1. */
class KeysCommandError extends Error {}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** `30d`, `12h` or an ISO date → an ISO timestamp in the future. */
export function parseExpiry(value: string, now = new Date()): string {
  const relative = /^(\d{1,5})([dh])$/.exec(value.trim());
  if (relative) {
    const hours = Number(relative[1]) * (relative[2] === 'd' ? 24 : 1);
    return new Date(now.getTime() + hours * 3_600_000).toISOString();
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError('must be a duration like 90d or 12h, or a date like 2027-01-01.');
  }
  return date.toISOString();
}

interface CreateFlags extends DatabaseFlags {
  name: string;
  kind: KeyKind;
  scopes?: string;
  origins?: string;
  expires?: string;
  organization?: string;
  organizationName?: string;
  json: boolean;
}

/** Creates a key (and, with --organization-name, its organisation); returns what to print. */
export async function createKeyFromFlags(db: Db, flags: Omit<CreateFlags, keyof DatabaseFlags>): Promise<string> {
  if (flags.organization && flags.organizationName) {
    throw new KeysCommandError('Give either --organization <id> or --organization-name <name>, not both.');
  }
  let organizationId = flags.organization;
  if (!organizationId) {
    const name = flags.organizationName?.trim() || '本机构 (this installation)';
    const [existing] = await db.select().from(organizations).where(eq(organizations.name, name));
    organizationId = existing?.id ?? newId('org');
    if (!existing) await db.insert(organizations).values({ id: organizationId, name, kind: 'partner' });
  }
  const parsed = CreateApiKey.safeParse({
    organizationId,
    name: flags.name,
    kind: flags.kind,
    scopes: flags.scopes ? list(flags.scopes) : [],
    allowedOrigins: flags.origins ? list(flags.origins) : [],
    expiresAt: flags.expires ?? null,
  });
  if (!parsed.success) {
    const flagOf: Record<string, string> = {
      scopes: '--scopes',
      allowedOrigins: '--origins',
      expiresAt: '--expires',
      name: '--name',
      organizationId: '--organization',
    };
    const lines = parsed.error.issues.map((i) => `${flagOf[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`);
    throw new KeysCommandError(
      `the key was not created:\n  ${lines.join('\n  ')}\n  Scopes: ${Scope.options.join(', ')}.`,
    );
  }
  let created: Awaited<ReturnType<typeof createKey>>;
  try {
    created = await createKey(db, newKeyFrom(parsed.data), CLI_ACTOR);
  } catch (error) {
    if (error instanceof ApiError) throw new KeysCommandError(error.message);
    throw error;
  }
  if (flags.json) return `${JSON.stringify(created, null, 2)}\n`;
  return [
    `Created ${created.key.kind} key ${created.key.id} "${created.key.name}" for ${created.key.organizationId}.`,
    '',
    `  ${created.token}`,
    '',
    'Store it now: it is shown only this once (only its hash is kept).',
    created.key.kind === 'publishable'
      ? `Allowed origins: ${created.key.allowedOrigins.join(', ')}`
      : `Scopes: ${created.key.scopes.join(', ') || '(none: client actions only)'}`,
    '',
  ].join('\n');
}

function formatKeys(keys: ApiKey[]): string {
  if (keys.length === 0) return 'No keys.\n';
  const rows = keys.map((k) => [
    k.id,
    `${k.prefix}…`,
    k.kind,
    k.name,
    k.organizationId,
    k.kind === 'secret' ? k.scopes.join(',') || '-' : k.allowedOrigins.join(','),
    k.revokedAt
      ? `revoked ${k.revokedAt.slice(0, 10)}`
      : k.expiresAt
        ? `expires ${k.expiresAt.slice(0, 10)}`
        : 'active',
  ]);
  const header = ['id', 'prefix', 'kind', 'name', 'organisation', 'scopes / origins', 'state'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export async function listKeysForCli(
  db: Db,
  flags: { organization?: string; all: boolean; json: boolean },
): Promise<string> {
  const keys: ApiKey[] = [];
  let cursor: string | undefined;
  do {
    const page = await listKeys(db, {
      organizationId: flags.organization,
      includeRevoked: flags.all,
      cursor,
      limit: 100,
    });
    keys.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return flags.json ? `${JSON.stringify(keys, null, 2)}\n` : formatKeys(keys);
}

/** Revokes by id or by the prefix shown in lists (which must then match exactly one key). */
export async function revokeKeyFromCli(
  db: Db,
  idOrPrefix: string,
  flags: { reason?: string; json: boolean },
): Promise<string> {
  const prefix = idOrPrefix.replace(/…$/, '');
  const escaped = prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  const matches = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(or(eq(apiKeys.id, prefix), like(apiKeys.prefix, `${escaped}%`)));
  if (matches.length === 0)
    throw new KeysCommandError(`No key has the id or prefix ${idOrPrefix}. See kepu keys list.`);
  if (matches.length > 1) {
    throw new KeysCommandError(`${matches.length} keys match ${idOrPrefix}. Give the key id (kepu keys list --all).`);
  }
  const revoked = await revokeKey(db, matches[0]?.id ?? '', flags.reason ?? null, CLI_ACTOR);
  return flags.json ? `${JSON.stringify(revoked, null, 2)}\n` : `Revoked ${revoked.id} (${revoked.prefix}…).\n`;
}

/**
 * `kepu keys create|list|revoke`: manage partner API keys from the command line (audited as `requestId: cli`).
 */
export function registerKeysCommand(
  program: Command,
  withDatabaseFlags: (command: Command) => Command,
  configFrom: (flags: DatabaseFlags) => Config,
): void {
  const keys = program.command('keys').description('Create, list and revoke API keys of partners.');

  const run = async (flags: DatabaseFlags, action: (db: Db) => Promise<string>) => {
    const database = await createDatabase(configFrom(flags).database);
    try {
      await runMigrations(database);
      process.stdout.write(await action(database.db));
    } catch (error) {
      if (!(error instanceof KeysCommandError)) throw error;
      process.stderr.write(`kepu keys: ${error.message}\n`);
      process.exitCode = 1;
    } finally {
      await database.close();
    }
  };

  withDatabaseFlags(keys.command('create'))
    .description('Create a key; prints its token once.')
    .requiredOption('--name <name>', 'what the key is for, e.g. "科技馆官网"')
    .addOption(
      new Option('--kind <kind>', 'secret (servers, staff) or publishable (browsers)')
        .choices(KeyKind.options)
        .default('secret'),
    )
    .option('--scopes <list>', `comma-separated scopes of a secret key: ${Scope.options.join(', ')}`)
    .option('--origins <list>', 'comma-separated allowed origins of a publishable key, e.g. https://www.example.org')
    .option('--expires <when>', 'expiry: a duration (90d, 12h) or a date (2027-01-01)', (v) => parseExpiry(v))
    .option('--organization <id>', 'the partner organisation that owns the key')
    .option('--organization-name <name>', 'create (or reuse) an organisation of this name for the key')
    .option('--json', 'print the key and token as JSON', false)
    .action((flags: CreateFlags) => run(flags, (db) => createKeyFromFlags(db, flags)));

  withDatabaseFlags(keys.command('list'))
    .description('List keys (prefixes only; tokens are never shown again).')
    .option('--organization <id>', 'only keys of this organisation')
    .option('--all', 'include revoked keys', false)
    .option('--json', 'print JSON', false)
    .action((flags: DatabaseFlags & { organization?: string; all: boolean; json: boolean }) =>
      run(flags, (db) => listKeysForCli(db, flags)),
    );

  withDatabaseFlags(keys.command('revoke'))
    .description('Revoke a key at once (by id, or by the prefix shown in lists).')
    .argument('<key>', 'key id (key_…) or prefix (pk_…/sk_…)')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print JSON', false)
    .action((key: string, flags: DatabaseFlags & { reason?: string; json: boolean }) =>
      run(flags, (db) => revokeKeyFromCli(db, key, flags)),
    );
}
