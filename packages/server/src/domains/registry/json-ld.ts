import type { Resource, ScienceRoute } from '@kepu/sdk/schema';

const TYPE_BY_KIND: Record<Resource['kind'], string> = {
  venue: 'Place',
  facility: 'Place',
  equipment: 'Product',
  work: 'CreativeWork',
  product: 'Product',
  information: 'CreativeWork',
};

const DAY = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** schema.org type of a venue: museums by name, parks and reserves as tourist attractions, else Place. */
function venueType(name: string): string {
  if (/(博物馆|科技馆|科学馆|展览馆|纪念馆|美术馆|海洋馆|天文馆)/.test(name)) return 'Museum';
  if (/(图书馆)/.test(name)) return 'Library';
  if (/(公园|植物园|湿地|保护区|地质公园|景区|海滩|动物园)/.test(name)) return 'TouristAttraction';
  return 'Place';
}

/**
 * The entry as schema.org JSON-LD: Museum/Place/TouristAttraction/Product/CreativeWork with address, geo,
 * opening hours, audience, keywords and its designations as `hasCertification`.
 */
export function resourceJsonLd(resource: Resource, url: string, city: string): Record<string, unknown> {
  const type = resource.kind === 'venue' ? venueType(resource.name) : TYPE_BY_KIND[resource.kind];
  const ld: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': type,
    '@id': url,
    name: resource.name,
    description: resource.description,
    keywords: resource.topics.map((t) => t.name).join(','),
  };
  if (resource.website) ld.url = resource.website;
  if (resource.location) {
    ld.address = {
      '@type': 'PostalAddress',
      streetAddress: resource.location.address,
      addressLocality: city,
      addressRegion: resource.location.district.name,
      addressCountry: 'CN',
    };
    if (resource.location.lat !== null && resource.location.lng !== null) {
      ld.geo = { '@type': 'GeoCoordinates', latitude: resource.location.lat, longitude: resource.location.lng };
    }
  }
  if (resource.openingHours?.weekly.length) {
    ld.openingHoursSpecification = resource.openingHours.weekly.map((p) => ({
      '@type': 'OpeningHoursSpecification',
      dayOfWeek: `https://schema.org/${DAY[p.day]}`,
      opens: p.opens,
      closes: p.closes,
    }));
  }
  if (resource.audience.groups.length || resource.audience.ageMin !== null || resource.audience.ageMax !== null) {
    ld.audience = {
      '@type': 'PeopleAudience',
      audienceType: resource.audience.groups.map((g) => g.name).join(','),
      ...(resource.audience.ageMin !== null ? { suggestedMinAge: resource.audience.ageMin } : {}),
      ...(resource.audience.ageMax !== null ? { suggestedMaxAge: resource.audience.ageMax } : {}),
    };
  }
  if (resource.organization) {
    ld[type === 'Product' || type === 'CreativeWork' ? 'provider' : 'parentOrganization'] = {
      '@type': 'Organization',
      // One organisation behind many entries: the same identifier (and taxID, the credit code) in each.
      ...(resource.organization.id ? { identifier: resource.organization.id } : {}),
      name: resource.organization.name,
      ...(resource.organization.unifiedSocialCreditCode
        ? { taxID: resource.organization.unifiedSocialCreditCode }
        : {}),
      ...(resource.organization.website ? { url: resource.organization.website } : {}),
    };
  }
  const active = resource.designations.filter((d) => d.effectiveStatus === 'active');
  if (active.length) {
    ld.hasCertification = active.map((d) => ({
      '@type': 'Certification',
      name: d.scheme.name,
      validFrom: d.grantedPrecision === 'year' ? d.grantedOn.slice(0, 4) : d.grantedOn,
      ...(d.validUntil ? { expires: d.validUntil } : {}),
      certificationStatus: 'https://schema.org/CertificationActive',
    }));
  }
  if (resource.assuredDate) ld.dateModified = resource.assuredDate;
  return ld;
}

/** A route as a schema.org TouristTrip whose itinerary is the ordered stops. */
export function routeJsonLd(
  route: ScienceRoute,
  url: string,
  stopUrl: (id: string) => string,
): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'TouristTrip',
    '@id': url,
    name: route.name,
    description: route.description,
    touristType: route.audience.groups.map((g) => g.name),
    keywords: [route.theme, ...route.topics.map((t) => t.name)].join(','),
    itinerary: {
      '@type': 'ItemList',
      numberOfItems: route.stops.length,
      itemListElement: route.stops.map((s) => ({
        '@type': 'ListItem',
        position: s.position,
        item: { '@type': 'Place', '@id': stopUrl(s.resourceId), name: s.name },
      })),
    },
  };
}
