import type { OpportunityCard, PlaceCard, RetrievedChunk, Sourced } from '@kepu/assistant';
import type { OpeningHours, Weekday } from '@kepu/sdk/schema';

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

const sourceOf = (c: RetrievedChunk) => ({
  type: c.sourceType,
  id: c.sourceId,
  ...(c.externalId ? { externalId: c.externalId } : {}),
  title: c.title,
  ...(c.url ? { url: c.url } : {}),
  chunkId: c.chunkId,
});

/** A registry resource found in the index, as a place card (its values come from the published record's facts). */
export function placeFromChunk(c: RetrievedChunk): Sourced<PlaceCard> {
  const lat = num(c.facts.lat);
  const lng = num(c.facts.lng);
  return {
    card: {
      type: 'place',
      id: c.sourceId,
      name: c.title,
      kind: str(c.facts.kind) ?? c.sourceType,
      ...(c.district ? { district: c.district } : {}),
      ...(str(c.facts.address) ? { address: str(c.facts.address) } : {}),
      ...(lat !== undefined && lng !== undefined ? { lat, lng } : {}),
      ...(c.url ? { url: c.url } : {}),
    },
    source: sourceOf(c),
  };
}

/** A volunteer opportunity found in the index, as an opportunity card. */
export function opportunityFromChunk(c: RetrievedChunk): Sourced<OpportunityCard> {
  return {
    card: {
      type: 'opportunity',
      id: c.sourceId,
      title: c.title,
      ...(str(c.facts.startsAt) ? { startsAt: str(c.facts.startsAt) } : {}),
      ...(str(c.facts.place) ? { place: str(c.facts.place) } : {}),
      ...(c.url ? { url: c.url } : {}),
    },
    source: sourceOf(c),
  };
}

/**
 * A place's hours on the local day of `now` from its structured opening hours: a dated exception decides that day,
 * else the weekday's periods. `hoursToday` null = closed today; `undefined` when the record has no structured hours
 * (the card then says nothing rather than guess).
 */
export function hoursOn(
  hours: OpeningHours | null,
  moment: { day: Weekday; date: string; time: string },
): { hoursToday?: string | null; openNow?: boolean } {
  if (!hours || (hours.weekly.length === 0 && hours.exceptions.length === 0)) return {};
  const exception = hours.exceptions.find((e) => e.date === moment.date);
  const periods = exception
    ? exception.closed || !exception.opens || !exception.closes
      ? []
      : [{ opens: exception.opens, closes: exception.closes }]
    : hours.weekly.filter((p) => p.day === moment.day);
  if (periods.length === 0) return { hoursToday: null, openNow: false };
  return {
    hoursToday: periods.map((p) => `${p.opens}–${p.closes}`).join('、'),
    openNow: periods.some((p) => p.opens <= moment.time && moment.time < p.closes),
  };
}
