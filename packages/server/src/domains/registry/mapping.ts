import type { Designation, Resource, ResourceInput, ResourceKind, ResourceStatus } from '@kepu/sdk/schema';
import type { registryResources } from '../../db/schema/registry.js';
import type { OrganizationRow } from './organizations.js';
import type { Taxonomy } from './taxonomy/profile.js';

export type ResourceRow = typeof registryResources.$inferSelect;

export const KIND_NAMES: Record<ResourceKind, string> = {
  venue: '场馆场所',
  facility: '科普设施',
  equipment: '科普设备展品',
  work: '科普作品',
  product: '科普产品',
  information: '科普信息资源',
};

/** A stored entry as the API shows it. */
export function toResource(
  row: ResourceRow,
  taxonomy: Taxonomy,
  designations: Designation[],
  extra: { distanceKm?: number; pendingRevisionId?: string | null; organization?: OrganizationRow | undefined } = {},
): Resource {
  const term = (list: 'districts' | 'topics' | 'audiences', code: string) => ({
    code,
    name: taxonomy.nameOf(list, code),
  });
  return {
    id: row.id,
    externalId: row.externalId,
    kind: row.kind as ResourceKind,
    status: row.status as ResourceStatus,
    name: row.name,
    description: row.description,
    // The deduplicated organisation's own fields; the contact role is the entry's (a service-level contact).
    organization: row.organization
      ? {
          id: row.organizationId,
          name: extra.organization?.name ?? row.organization.name,
          unifiedSocialCreditCode:
            extra.organization?.unifiedSocialCreditCode ?? row.organization.unifiedSocialCreditCode,
          contactRole: row.organization.contactRole,
          website: extra.organization?.website ?? row.organization.website,
        }
      : null,
    location:
      row.address && row.district
        ? {
            address: row.address,
            district: term('districts', row.district),
            lat: row.lat,
            lng: row.lng,
            transitHint: row.transitHint,
            accessibility: row.accessibility,
          }
        : null,
    openingHours: row.openingHours,
    topics: row.topics.map((c) => term('topics', c)),
    audience: { groups: row.audienceGroups.map((c) => term('audiences', c)), ageMin: row.ageMin, ageMax: row.ageMax },
    booking: row.booking ? { required: row.booking.required, url: row.booking.url, notes: row.booking.notes } : null,
    media: row.media,
    website: row.website,
    assuredDate: row.assuredDate,
    designations,
    demo: row.demo,
    source: row.source,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    ...(extra.distanceKm !== undefined ? { distanceKm: Math.round(extra.distanceKm * 100) / 100 } : {}),
    ...(extra.pendingRevisionId !== undefined ? { pendingRevisionId: extra.pendingRevisionId } : {}),
  };
}

/** The stored entry back as a submission (codes are valid input), so a patch can be merged and re-validated. */
export function toInput(row: ResourceRow): ResourceInput {
  const input: ResourceInput = {
    kind: row.kind as ResourceKind,
    name: row.name,
    description: row.description,
    topics: row.topics,
    media: row.media,
  };
  if (row.externalId) input.externalId = row.externalId;
  if (row.organization) {
    input.organization = {
      name: row.organization.name,
      ...(row.organization.unifiedSocialCreditCode
        ? { unifiedSocialCreditCode: row.organization.unifiedSocialCreditCode }
        : {}),
      ...(row.organization.contactRole ? { contactRole: row.organization.contactRole } : {}),
      ...(row.organization.website ? { website: row.organization.website } : {}),
    };
  }
  if (row.address && row.district) {
    input.location = {
      address: row.address,
      district: row.district,
      accessibility: row.accessibility,
      ...(row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : {}),
      ...(row.transitHint ? { transitHint: row.transitHint } : {}),
    };
  }
  if (row.openingHours) input.openingHours = row.openingHours;
  if (row.audienceGroups.length || row.ageMin !== null || row.ageMax !== null) {
    input.audience = {
      groups: row.audienceGroups,
      ...(row.ageMin !== null ? { ageMin: row.ageMin } : {}),
      ...(row.ageMax !== null ? { ageMax: row.ageMax } : {}),
    };
  }
  if (row.booking) input.booking = row.booking;
  if (row.website) input.website = row.website;
  if (row.assuredDate) input.assuredDate = row.assuredDate;
  return input;
}
