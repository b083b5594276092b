import type { Scope } from '@kepu/sdk/schema';

/** Who is calling. Every request has one; anonymous callers may only read public data. */
export interface Principal {
  kind: 'anonymous' | 'publishable' | 'secret' | 'session';
  keyId: string | null;
  organizationId: string | null;
  scopes: readonly Scope[];
  /** The browser origin a publishable key or session was accepted from. */
  origin: string | null;
  /** The widget session (`kind: 'session'`), for per-session rate limits. */
  sessionId?: string | null;
}

export const ANONYMOUS: Principal = { kind: 'anonymous', keyId: null, organizationId: null, scopes: [], origin: null };

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.kind === 'secret' && (principal.scopes.includes('admin') || principal.scopes.includes(scope));
}
