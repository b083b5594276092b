/** Error codes that mean "the database cannot be reached right now", not "the query is wrong". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|database is unavailable|PGlite is closed/i;

/**
 * True when an error (or any error in its `cause` chain — drizzle wraps driver errors) says the database is
 * unreachable. Such errors become 503 with Retry-After; everything else stays a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    if (typeof current === 'object') {
      const code = (current as { code?: unknown }).code;
      if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
      const message = (current as { message?: unknown }).message;
      if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
      current = (current as { cause?: unknown }).cause;
    } else break;
  }
  return false;
}
