import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type {
  CheckIn,
  Registration,
  RegistrationCreate,
  RegistrationCreated,
  RegistrationListQuery,
  RegistrationTokenQuery,
} from '../schema/events.js';
import { APIResource } from './resource.js';

/** Registrations for event sessions: citizens register and cancel, organisers list and check in. */
export class Registrations extends APIResource {
  /**
   * `POST /v1/events/{id}/occurrences/{occurrenceId}/registrations`: confirmed, or waitlisted when full. The answer
   * holds the token needed to read or cancel the registration later; keep it.
   */
  create(
    eventId: string,
    occurrenceId: string,
    body: RegistrationCreate,
    options?: RequestOptions,
  ): APIPromise<RegistrationCreated> {
    return this.client.call('registrations.create', { path: { id: eventId, occurrenceId }, body }, options);
  }

  /**
   * `GET /v1/events/{id}/occurrences/{occurrenceId}/registrations` (scope `registrations:read`): unmasked, so the
   * `reason` is kept in the audit log.
   */
  list(
    eventId: string,
    occurrenceId: string,
    query: RegistrationListQuery,
    options?: RequestOptions,
  ): PagePromise<Registration> {
    return this.client.paginate('registrations.list', { path: { id: eventId, occurrenceId }, query }, options);
  }

  /** `GET /v1/registrations/{id}?token=`: the registration and its waitlist position. */
  retrieve(id: string, query: RegistrationTokenQuery, options?: RequestOptions): APIPromise<Registration> {
    return this.client.call('registrations.retrieve', { path: { id }, query }, options);
  }

  /** `DELETE /v1/registrations/{id}?token=`: cancels; the waitlist moves up in order. */
  cancel(id: string, query: RegistrationTokenQuery, options?: RequestOptions): APIPromise<Registration> {
    return this.client.call('registrations.cancel', { path: { id }, query }, options);
  }

  /** `POST /v1/registrations/{id}/check-in` with the registrant's code (the organiser). */
  checkIn(id: string, body: z.input<typeof CheckIn>, options?: RequestOptions): APIPromise<Registration> {
    return this.client.call('registrations.checkIn', { path: { id }, body }, options);
  }
}
