import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Field encryption for personal data at rest. AES-256-GCM with a fresh 96-bit IV per value, and an HMAC-SHA256
 * blind index for equality look-ups (duplicate mobiles) without decrypting. Both keys are derived from the one
 * configured key with HKDF, so the index key is never the encryption key.
 * @example const pii = createPiiCipher(config.piiKey); const stored = pii.encrypt('13800138000')
 */
export interface PiiCipher {
  encrypt(plaintext: string): string;
  decrypt(stored: string): string;
  blindIndex(value: string): string;
}

export function createPiiCipher(masterKey: Buffer): PiiCipher {
  if (masterKey.length !== 32) throw new Error('the personal-data key must be 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
  const encryptionKey = derive('kepu/pii/aes-256-gcm');
  const indexKey = derive('kepu/pii/blind-index');
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        VERSION,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    decrypt(stored) {
      const [version, iv, tag, body] = stored.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined)
        throw new Error('not a Kepu personal-data ciphertext');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    blindIndex(value) {
      return createHmac('sha256', indexKey).update(value).digest('base64url');
    },
  };
}

/**
 * `李明` → `李*`, `欧阳小明` → `欧***`; one character stays so staff can tell people apart in a list. A leading
 * tag in 【】 (the demo marker `【演示】`) stays readable: `【演示】张晓明` → `【演示】张**`.
 */
export function maskName(name: string): string {
  const tag = /^【[^】]{1,8}】/.exec(name.trim())?.[0] ?? '';
  const chars = [...name.trim().slice(tag.length)];
  if (chars.length <= 1) return `${tag}*`;
  return `${tag}${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

/** `13800138000` → `***-****-8000` from the stored last four digits (no decryption needed). */
export function maskMobile(last4: string): string {
  return `***-****-${last4}`;
}
