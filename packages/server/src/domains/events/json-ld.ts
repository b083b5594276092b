import type { Event, Occurrence } from '@kepu/sdk/schema';

const STATUS: Record<Event['status'], string> = {
  scheduled: 'https://schema.org/EventScheduled',
  cancelled: 'https://schema.org/EventCancelled',
  postponed: 'https://schema.org/EventPostponed',
  rescheduled: 'https://schema.org/EventRescheduled',
  moved_online: 'https://schema.org/EventMovedOnline',
};

/**
 * schema.org `Event` for an event page (search engines, partner sites). Recurring events list their sessions as
 * `subEvent`; a campaign child points at its `superEvent`.
 */
export function toJsonLd(event: Event, occurrences: readonly Occurrence[], publicUrl: string): Record<string, unknown> {
  const url = `${publicUrl}/v1/events/${event.id}`;
  const online = event.status === 'moved_online' || (event.onlineUrl !== null && event.venueName === null);
  const place =
    event.venueName || event.address
      ? {
          '@type': 'Place',
          name: event.venueName ?? undefined,
          address: event.address
            ? {
                '@type': 'PostalAddress',
                streetAddress: event.address,
                addressLocality: '深圳市',
                addressRegion: event.district ?? undefined,
                addressCountry: 'CN',
              }
            : undefined,
          geo: event.location
            ? { '@type': 'GeoCoordinates', latitude: event.location.lat, longitude: event.location.lng }
            : undefined,
        }
      : undefined;
  const virtual = event.onlineUrl ? { '@type': 'VirtualLocation', url: event.onlineUrl } : undefined;
  const next = event.nextOccurrence;
  const { minAge, maxAge } = event.audience;
  return {
    '@context': 'https://schema.org',
    '@type':
      event.type === 'competition'
        ? 'Event'
        : event.type === 'exhibition'
          ? 'ExhibitionEvent'
          : event.type === 'class' || event.type === 'workshop'
            ? 'EducationEvent'
            : 'Event',
    '@id': url,
    url,
    name: event.title,
    description: event.summary ?? event.description ?? undefined,
    startDate: next?.startsAt ?? event.startsAt,
    endDate: next?.endsAt ?? event.endsAt,
    eventStatus: STATUS[event.status],
    eventAttendanceMode: online
      ? 'https://schema.org/OnlineEventAttendanceMode'
      : virtual
        ? 'https://schema.org/MixedEventAttendanceMode'
        : 'https://schema.org/OfflineEventAttendanceMode',
    location: [place, virtual].filter(Boolean),
    inLanguage: event.language,
    keywords: event.topics.join(','),
    isAccessibleForFree: event.free,
    offers: {
      '@type': 'Offer',
      price: event.priceYuan,
      priceCurrency: 'CNY',
      url,
      availability: next && next.seatsLeft === 0 ? 'https://schema.org/SoldOut' : 'https://schema.org/InStock',
    },
    typicalAgeRange: minAge !== undefined || maxAge !== undefined ? `${minAge ?? ''}-${maxAge ?? ''}` : undefined,
    maximumAttendeeCapacity: next?.capacity ?? event.capacity ?? undefined,
    remainingAttendeeCapacity: next?.seatsLeft ?? undefined,
    superEvent: event.campaignId ? { '@id': `${publicUrl}/v1/events/${event.campaignId}` } : undefined,
    subEvent:
      occurrences.length > 1
        ? occurrences.map((o) => ({
            '@type': 'Event',
            name: event.title,
            startDate: o.startsAt,
            endDate: o.endsAt,
            eventStatus: o.status === 'cancelled' ? STATUS.cancelled : STATUS[event.status],
            remainingAttendeeCapacity: o.seatsLeft ?? undefined,
          }))
        : undefined,
  };
}
