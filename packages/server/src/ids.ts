import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

function encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out;
}

/**
 * A time-sortable id with a type prefix (`res_01j…`): 48 bits of milliseconds then 80 random bits, Crockford base32.
 * Sorting ids sorts by creation time, which keyset pagination relies on.
 * @example newId('evt') // 'evt_06bq9x2m4r…'
 */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(16);
  let ms = Date.now();
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes.set(randomBytes(10), 6);
  return `${prefix}_${encode(bytes)}`;
}

/** A random secret of `bytes` bytes, base32 (for API keys, tokens, check-in codes). */
export function randomToken(bytes = 24): string {
  return encode(randomBytes(bytes));
}
