import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type {
  Lecturer,
  LecturerBooking,
  LecturerBookingFeedback,
  LecturerBookingInput,
  LecturerBookingList,
  LecturerBookingTransition,
  LecturerInput,
  LecturerListQuery,
} from '../schema/volunteers.js';
import type { QueryParams } from './params.js';
import { APIResource } from './resource.js';

/** Booking requests for a lecturer's talk. */
export class LecturerBookings extends APIResource {
  /** `POST /v1/lecturers/{id}/bookings` (any key): a community, school or enterprise requests a talk. */
  create(
    lecturerId: string,
    body: z.input<typeof LecturerBookingInput>,
    options?: RequestOptions,
  ): APIPromise<LecturerBooking> {
    return this.client.call('lecturers.bookings.create', { path: { id: lecturerId }, body }, options);
  }

  /** `GET /v1/lecturers/{id}/bookings` (staff): contacts masked. */
  list(lecturerId: string, options?: RequestOptions): APIPromise<LecturerBookingList> {
    return this.client.call('lecturers.bookings.list', { path: { id: lecturerId } }, options);
  }

  /** `POST /v1/lecturer-bookings/{id}/status` (staff): requested → accepted/declined → delivered. */
  setStatus(
    id: string,
    body: z.input<typeof LecturerBookingTransition>,
    options?: RequestOptions,
  ): APIPromise<LecturerBooking> {
    return this.client.call('lecturers.bookings.setStatus', { path: { id }, body }, options);
  }

  /** `POST /v1/lecturer-bookings/{id}/feedback`: by the partner that booked a delivered talk. */
  feedback(
    id: string,
    body: z.input<typeof LecturerBookingFeedback>,
    options?: RequestOptions,
  ): APIPromise<LecturerBooking> {
    return this.client.call('lecturers.bookings.feedback', { path: { id }, body }, options);
  }
}

/** The lecturer corps (科学家精神、企业家精神和工匠精神宣讲团). */
export class Lecturers extends APIResource {
  readonly bookings: LecturerBookings = new LecturerBookings(this.client);

  /** `GET /v1/lecturers` (public profiles). */
  list(query: QueryParams<typeof LecturerListQuery> = {}, options?: RequestOptions): PagePromise<Lecturer> {
    return this.client.paginate('lecturers.list', { query }, options);
  }

  /** `GET /v1/lecturers/{id}` (public). */
  retrieve(id: string, options?: RequestOptions): APIPromise<Lecturer> {
    return this.client.call('lecturers.retrieve', { path: { id } }, options);
  }

  /** `POST /v1/lecturers` (staff): publish a profile. */
  create(body: z.input<typeof LecturerInput>, options?: RequestOptions): APIPromise<Lecturer> {
    return this.client.call('lecturers.create', { body }, options);
  }
}
