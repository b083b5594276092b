import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createPiiCipher, maskMobile, maskName } from './pii-cipher.js';

describe('personal-data cipher', () => {
  const key = randomBytes(32);
  const pii = createPiiCipher(key);

  it('round-trips, with a fresh IV each time', () => {
    const a = pii.encrypt('13800138000');
    const b = pii.encrypt('13800138000');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13800138000');
    expect(pii.decrypt(a)).toBe('13800138000');
  });

  it('detects tampering and refuses another key', () => {
    const stored = pii.encrypt('13800138000');
    const parts = stored.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    expect(() => pii.decrypt([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'))).toThrow();
    expect(() => createPiiCipher(randomBytes(32)).decrypt(stored)).toThrow();
  });

  it('gives a deterministic blind index per key, unrelated to the ciphertext key', () => {
    expect(pii.blindIndex('13800138000')).toBe(pii.blindIndex('13800138000'));
    expect(pii.blindIndex('13800138000')).not.toBe(pii.blindIndex('13800138001'));
    expect(createPiiCipher(randomBytes(32)).blindIndex('13800138000')).not.toBe(pii.blindIndex('13800138000'));
  });

  it('masks names and mobiles', () => {
    expect(maskName('李明')).toBe('李*');
    expect(maskName('欧阳小明')).toBe('欧***');
    expect(maskName('王')).toBe('*');
    expect(maskName('【演示】张晓明')).toBe('【演示】张**');
    expect(maskMobile('8000')).toBe('***-****-8000');
  });
});

describe('KEPU_PII_KEY', () => {
  it('is read as base64 of 32 bytes; a bad value is refused without echoing it', () => {
    const value = randomBytes(32).toString('base64');
    const config = loadConfig({ KEPU_DATA_DIR: 'memory://', KEPU_PII_KEY: value });
    expect(config.piiKeySource).toBe('env');
    expect(config.piiKey.equals(Buffer.from(value, 'base64'))).toBe(true);
    const secret = 'c2VjcmV0LXRoYXQtaXMtdG9vLXNob3J0';
    expect(() => loadConfig({ KEPU_DATA_DIR: 'memory://', KEPU_PII_KEY: secret })).toThrow(/KEPU_PII_KEY=\(hidden\)/);
    try {
      loadConfig({ KEPU_DATA_DIR: 'memory://', KEPU_PII_KEY: secret });
    } catch (error) {
      expect(String(error)).not.toContain(secret);
    }
  });

  it('falls back to the public development key outside production, and is required in production', () => {
    expect(loadConfig({ KEPU_DATA_DIR: 'memory://' }).piiKeySource).toBe('development');
    expect(() => loadConfig({ KEPU_DATA_DIR: 'memory://', NODE_ENV: 'production' })).toThrow(
      /KEPU_PII_KEY is required/,
    );
  });
});
