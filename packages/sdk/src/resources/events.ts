import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type {
  Event,
  EventCreate,
  EventDetail,
  EventFilters,
  EventListQuery,
  EventUpdate,
  OccurrenceAttendance,
  RecommendationList,
  RecommendationQuery,
} from '../schema/events.js';
import type { ImportQuery, ImportReport } from '../schema/imports.js';
import type { QueryParams } from './params.js';
import { type ImportFile, importBody } from './registry.js';
import { APIResource } from './resource.js';

/** Science events and their sessions (occurrences). */
export class Events extends APIResource {
  /**
   * `GET /v1/events`: events with a session in the window (default: from now), soonest first.
   * @example for await (const event of kepu.events.list({ district: '南山区', free: true })) console.log(event.title)
   */
  list(query: QueryParams<typeof EventListQuery> = {}, options?: RequestOptions): PagePromise<Event> {
    return this.client.paginate('events.list', { query }, options);
  }

  /** `GET /v1/events/{id}`: one event with its sessions, seats left and JSON-LD. */
  retrieve(id: string, options?: RequestOptions): APIPromise<EventDetail> {
    return this.client.call('events.retrieve', { path: { id } }, options);
  }

  /** `POST /v1/events` (scope `events:write`). */
  create(body: EventCreate, options?: RequestOptions): APIPromise<EventDetail> {
    return this.client.call('events.create', { body }, options);
  }

  /** `PATCH /v1/events/{id}` (scope `events:write`): only the fields given change. */
  update(id: string, body: EventUpdate, options?: RequestOptions): APIPromise<EventDetail> {
    return this.client.call('events.update', { path: { id }, body }, options);
  }

  /**
   * `GET /v1/events/recommendations`: upcoming events ranked for a person, each with its reasons.
   * @example const { data } = await kepu.events.recommendations({ age: 10, district: '福田区', topics: '天文' })
   */
  recommendations(
    query: QueryParams<typeof RecommendationQuery> = {},
    options?: RequestOptions,
  ): APIPromise<RecommendationList> {
    return this.client.call('events.recommendations', { query }, options);
  }

  /** `GET /v1/events/{id}.ics`: one event as an iCalendar document (text). */
  calendar(id: string, options?: RequestOptions): APIPromise<string> {
    return this.client.callText('events.calendar', { path: { id } }, options);
  }

  /** `GET /v1/events.ics`: a subscribable iCalendar feed with the list's filters (text). */
  feed(query: QueryParams<typeof EventFilters> = {}, options?: RequestOptions): APIPromise<string> {
    return this.client.callText('events.feed', { query }, options);
  }

  /**
   * `POST /v1/events/{id}/occurrences/{occurrenceId}/close` (organiser): after a session has ended, confirmed
   * registrations not checked in become no-shows; the answer is the session's attendance.
   */
  closeOccurrence(eventId: string, occurrenceId: string, options?: RequestOptions): APIPromise<OccurrenceAttendance> {
    return this.client.call('events.closeOccurrence', { path: { id: eventId, occurrenceId } }, options);
  }

  /** `POST /v1/events/import` (staff): CSV, XLSX or JSONL; `all-or-nothing` by default. */
  import(
    file: ImportFile,
    query: QueryParams<typeof ImportQuery> = {},
    options?: RequestOptions,
  ): APIPromise<ImportReport> {
    return this.client.call('events.import', { query, body: importBody(file, query.format) }, options);
  }
}
