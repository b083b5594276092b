import type { OpeningHours, ResourceInput } from '@kepu/sdk/schema';
import type { registryResources } from '../../db/schema/registry.js';
import { normalizeAddress, normalizeKey } from './normalize.js';
import { OpeningHoursError, parseOpeningHoursText } from './opening-hours.js';
import type { Taxonomy, TaxonomyList } from './taxonomy/profile.js';

/** The content columns of an entry (everything a submission or revision sets). */
export type ResourceContent = Pick<
  typeof registryResources.$inferInsert,
  | 'externalId'
  | 'kind'
  | 'name'
  | 'normalizedName'
  | 'description'
  | 'organization'
  | 'address'
  | 'normalizedAddress'
  | 'district'
  | 'lat'
  | 'lng'
  | 'transitHint'
  | 'accessibility'
  | 'openingHours'
  | 'topics'
  | 'audienceGroups'
  | 'ageMin'
  | 'ageMax'
  | 'booking'
  | 'media'
  | 'website'
  | 'assuredDate'
>;

export interface InputIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Checks a validated submission against the taxonomy profile (districts, topics, audience groups by code, name or
 * alias), parses text opening hours and checks coordinates against the city's bounds. Returns the columns to store,
 * or every problem found (never just the first).
 */
export function resolveResourceInput(
  input: ResourceInput,
  taxonomy: Taxonomy,
): { ok: true; content: ResourceContent } | { ok: false; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const term = (list: TaxonomyList, value: string, path: (string | number)[], what: string) => {
    const found = taxonomy.find(list, value);
    if (!found) issues.push({ path, message: `unknown ${what} "${value}". Allowed: ${taxonomy.allowed(list)}` });
    return found?.code;
  };

  const topics = [
    ...new Set(input.topics.map((t, i) => term('topics', t, ['topics', i], 'topic')).filter((c) => c !== undefined)),
  ];
  const audienceGroups = [
    ...new Set(
      (input.audience?.groups ?? [])
        .map((g, i) => term('audiences', g, ['audience', 'groups', i], 'audience group'))
        .filter((c) => c !== undefined),
    ),
  ];
  const location = input.location;
  const district = location ? term('districts', location.district, ['location', 'district'], 'district') : undefined;
  const bounds = taxonomy.profile.bounds;
  if (location?.lat !== undefined && location.lng !== undefined && bounds) {
    const inside =
      location.lat >= bounds.minLat &&
      location.lat <= bounds.maxLat &&
      location.lng >= bounds.minLng &&
      location.lng <= bounds.maxLng;
    if (!inside) {
      issues.push({
        path: ['location', 'lat'],
        message: `${location.lat},${location.lng} is outside ${taxonomy.profile.city} (lat ${bounds.minLat}–${bounds.maxLat}, lng ${bounds.minLng}–${bounds.maxLng}); check that lat and lng are WGS-84 and not swapped`,
      });
    }
  }
  let openingHours: OpeningHours | null = null;
  if (typeof input.openingHours === 'string') {
    try {
      openingHours = parseOpeningHoursText(input.openingHours);
    } catch (error) {
      if (!(error instanceof OpeningHoursError)) throw error;
      issues.push({
        path: ['openingHours'],
        message: `opening hours do not parse: ${error.message}. Write e.g. 周二至周日 09:00-17:00；周一闭馆`,
      });
    }
  } else if (input.openingHours) {
    openingHours = input.openingHours;
  }
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    content: {
      externalId: input.externalId ?? null,
      kind: input.kind,
      name: input.name,
      normalizedName: normalizeKey(input.name),
      description: input.description,
      organization: input.organization
        ? {
            name: input.organization.name,
            unifiedSocialCreditCode: input.organization.unifiedSocialCreditCode ?? null,
            contactRole: input.organization.contactRole ?? null,
            website: input.organization.website ?? null,
          }
        : null,
      address: location?.address ?? null,
      normalizedAddress: location ? normalizeAddress(location.address, taxonomy.profile.city) : null,
      district: district ?? null,
      lat: location?.lat ?? null,
      lng: location?.lng ?? null,
      transitHint: location?.transitHint ?? null,
      accessibility: location?.accessibility ?? [],
      openingHours,
      topics,
      audienceGroups,
      ageMin: input.audience?.ageMin ?? null,
      ageMax: input.audience?.ageMax ?? null,
      booking: input.booking ?? null,
      media: input.media,
      website: input.website ?? null,
      assuredDate: input.assuredDate ?? null,
    },
  };
}
