import type { AuditEntry } from '../../access/audit.js';
import type { PiiCipher } from '../../crypto/pii-cipher.js';
import type { Db } from '../../db/create-database.js';

/** Who acts: a staff key (with its organisation) or a volunteer through their own token. */
export interface Actor {
  keyId: string | null;
  organizationId: string | null;
  /** Set when the caller authenticated with `X-Volunteer-Token`. */
  volunteerId: string | null;
}

/** What every volunteers service needs: the database, the personal-data cipher, an audit writer and a clock. */
export interface VolunteerServiceDeps {
  db: Db;
  pii: PiiCipher;
  /** Writes to the audit log inside the caller's transaction (attributed to the request's key and request id). */
  audit(tx: Db, entry: AuditEntry): Promise<void>;
  now(): Date;
  /** IANA time zone of service dates and reports. */
  timeZone: string;
  /** The district's canonical name from the registry's taxonomy profile (`南山` → `南山区`), or a 400 naming `path`. */
  district(value: string, path: string): string;
}

/** A unique-violation from either driver (PGlite and pg both carry the SQLSTATE in `code`). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
