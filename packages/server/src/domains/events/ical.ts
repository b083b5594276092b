import { TZDate } from '@date-fns/tz';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';
import { planOccurrences } from './recurrence.js';
import type { EventRow, OccurrenceRow } from './service.js';
import { wallClock } from './time-zone.js';
import { type Taxonomy, topicNames } from './vocabulary.js';

const ICAL_STATUS: Record<string, ICalEventStatus> = {
  scheduled: ICalEventStatus.CONFIRMED,
  rescheduled: ICalEventStatus.CONFIRMED,
  moved_online: ICalEventStatus.CONFIRMED,
  postponed: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

/** `20261205T143000` in the event's zone, for EXDATE;TZID=… */
function localStamp(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  return `${p(w.year, 4)}${p(w.month)}${p(w.day)}T${p(w.hour)}${p(w.minute)}${p(w.second)}`;
}

/** The host part of UIDs, from the public URL: stable per installation. */
function uidHost(publicUrl: string): string {
  try {
    return new URL(publicUrl).host || 'kepu';
  } catch {
    return 'kepu';
  }
}

/**
 * An RFC 5545 calendar of events. Each event keeps one UID (`<event id>@<host>`) and its SEQUENCE, bumped on every
 * change. A recurring event is one VEVENT with RRULE and EXDATE (excluded and cancelled sessions) plus one VEVENT per
 * moved session (RECURRENCE-ID); a cancelled event says STATUS:CANCELLED. Times carry TZID with a VTIMEZONE.
 */
export function buildCalendar(
  items: readonly { event: EventRow; occurrences: readonly OccurrenceRow[] }[],
  options: { publicUrl: string; name: string; taxonomy: Taxonomy },
): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Kepu', product: 'Kepu events', language: 'ZH' },
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  const host = uidHost(options.publicUrl);
  for (const { event, occurrences } of items) {
    const tz = event.timeZone;
    const at = (d: Date) => new TZDate(d.getTime(), tz);
    const uid = `${event.id}@${host}`;
    const url = `${options.publicUrl}/v1/events/${event.id}`;
    const location = [event.venueName, event.address].filter(Boolean).join(' ') || event.onlineUrl || null;
    const common = {
      id: uid,
      sequence: event.sequence,
      stamp: event.updatedAt,
      created: event.createdAt,
      lastModified: event.updatedAt,
      timezone: tz,
      summary: event.title,
      description: [event.summary, event.description].filter(Boolean).join('\n\n') || null,
      location: location
        ? event.lat !== null && event.lng !== null
          ? { title: location, geo: { lat: event.lat, lon: event.lng } }
          : location
        : null,
      url,
      status: ICAL_STATUS[event.status] ?? ICalEventStatus.CONFIRMED,
      categories: topicNames(options.taxonomy, event.topics).map((name) => ({ name })),
    };
    if (!event.recurrence) {
      const single = occurrences.find((o) => o.recurrenceId === null) ?? occurrences[0];
      calendar.createEvent({
        ...common,
        start: at(single?.startsAt ?? event.startsAt),
        end: at(single?.endsAt ?? event.endsAt),
      });
      continue;
    }
    const plan = planOccurrences({
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timeZone: tz,
      recurrence: event.recurrence,
      overrides: event.overrides,
    });
    const duration = event.endsAt.getTime() - event.startsAt.getTime();
    const series = occurrences.filter((o) => o.recurrenceId !== null);
    const exdates = [
      ...plan.excluded,
      ...series.filter((o) => o.status === 'cancelled').map((o) => o.recurrenceId as Date),
    ].sort((a, b) => a.getTime() - b.getTime());
    const lines = [`RRULE:${plan.rrule}`];
    if (exdates.length) lines.push(`EXDATE;TZID=${tz}:${exdates.map((d) => localStamp(d, tz)).join(',')}`);
    calendar.createEvent({
      ...common,
      start: at(event.startsAt),
      end: at(event.endsAt),
      repeating: lines.join('\n'),
    });
    for (const o of series) {
      const rid = o.recurrenceId as Date;
      const moved = o.startsAt.getTime() !== rid.getTime() || o.endsAt.getTime() - o.startsAt.getTime() !== duration;
      if (o.status === 'cancelled' || !moved) continue;
      calendar.createEvent({ ...common, start: at(o.startsAt), end: at(o.endsAt), recurrenceId: at(rid) });
    }
  }
  return calendar.toString();
}
