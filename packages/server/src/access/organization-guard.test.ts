import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors.js';
import { assertNotOwnOrganization, assertNotOwnRecord } from './organization-guard.js';
import type { Principal } from './principal.js';

const reviewer: Principal = {
  kind: 'secret',
  keyId: 'key_r',
  organizationId: 'org_a',
  scopes: ['registry:review'],
  origin: null,
};

describe('own-organisation guard', () => {
  it('refuses a reviewer deciding on their own organisation, with 403 and a clear message', () => {
    const attempt = () => assertNotOwnOrganization(reviewer, 'org_a', 'approve this resource');
    expect(attempt).toThrow(ApiError);
    expect(attempt).toThrow(/org_a may not approve this resource/);
    try {
      attempt();
    } catch (error) {
      expect((error as ApiError).status).toBe(403);
      expect((error as ApiError).code).toBe('forbidden');
    }
    expect(() => assertNotOwnOrganization(reviewer, 'org_b')).not.toThrow();
    expect(() => assertNotOwnOrganization(reviewer, null)).not.toThrow();
  });

  it('refuses approving a record the same key created, or that its organisation owns', () => {
    expect(() => assertNotOwnRecord(reviewer, { createdByKeyId: 'key_r', organizationId: 'org_x' })).toThrow(
      /created this record/,
    );
    expect(() => assertNotOwnRecord(reviewer, { createdByKeyId: 'key_z', organizationId: 'org_a' })).toThrow(
      /same organisation/,
    );
    expect(() => assertNotOwnRecord(reviewer, { createdByKeyId: 'key_z', organizationId: 'org_b' })).not.toThrow();
  });
});
