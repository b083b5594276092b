import { ApiError } from '../http/errors.js';
import type { Principal } from './principal.js';

/**
 * Reviewers may not decide on their own organisation's work (submissions, service hours): throws 403 when the
 * calling key belongs to `organizationId`. Call it in the review handler before changing anything.
 * @example assertNotOwnOrganization(c.get('principal'), resource.organizationId, 'approve this resource')
 */
export function assertNotOwnOrganization(
  principal: Principal,
  organizationId: string | null | undefined,
  what = 'review this item',
): void {
  if (organizationId && principal.organizationId === organizationId) {
    throw new ApiError(
      403,
      'forbidden',
      `A key of organisation ${organizationId} may not ${what}: it belongs to the same organisation. Ask a reviewer of another organisation.`,
    );
  }
}

/**
 * Nobody may approve their own record (e.g. the service hours they logged): throws 403 when the same key, or a key
 * of the same organisation, created it.
 */
export function assertNotOwnRecord(
  principal: Principal,
  record: { createdByKeyId?: string | null; organizationId?: string | null },
  what = 'approve this record',
): void {
  if (record.createdByKeyId && principal.keyId === record.createdByKeyId) {
    throw new ApiError(403, 'forbidden', `The key that created this record may not ${what}. Ask another reviewer.`);
  }
  assertNotOwnOrganization(principal, record.organizationId, what);
}
