import { createHash, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../../ids.js';

/** SHA-256 hex of a secret: what is stored of cancellation tokens and check-in codes. */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function sameToken(secret: string, hash: string): boolean {
  const a = Buffer.from(hashToken(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A check-in code people can read out: 8 characters of Crockford base32, upper case. */
export function newCheckInCode(): string {
  return randomToken(5).slice(0, 8).toUpperCase();
}
