import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type {
  CheckedOut,
  Opportunity,
  OpportunityInput,
  OpportunityListQuery,
  ShiftAssignment,
  ShiftCheckTime,
  StaffSignUp,
  VolunteerShift,
  VolunteerShiftInput,
} from '../schema/volunteers.js';
import type { QueryParams } from './params.js';
import { APIResource } from './resource.js';
import { type VolunteerRequestOptions, withVolunteerToken } from './volunteers.js';

/** Volunteer opportunities (for an event or a 科普课堂) and their shifts. */
export class Opportunities extends APIResource {
  /**
   * `GET /v1/opportunities` (public): with their shifts and free slots.
   * @example for await (const opportunity of kepu.opportunities.list()) console.log(opportunity.title)
   */
  list(query: QueryParams<typeof OpportunityListQuery> = {}, options?: RequestOptions): PagePromise<Opportunity> {
    return this.client.paginate('opportunities.list', { query }, options);
  }

  /** `GET /v1/opportunities/{id}` (public). */
  retrieve(id: string, options?: RequestOptions): APIPromise<Opportunity> {
    return this.client.call('opportunities.retrieve', { path: { id } }, options);
  }

  /** `POST /v1/opportunities` (staff). */
  create(body: z.input<typeof OpportunityInput>, options?: RequestOptions): APIPromise<Opportunity> {
    return this.client.call('opportunities.create', { body }, options);
  }

  /** `POST /v1/opportunities/{id}/shifts` (staff of the owning organisation): time, place, slots, skills. */
  addShift(
    id: string,
    body: z.input<typeof VolunteerShiftInput>,
    options?: RequestOptions,
  ): APIPromise<VolunteerShift> {
    return this.client.call('opportunities.addShift', { path: { id }, body }, options);
  }

  /**
   * `POST /v1/opportunities/{id}/close` (staff of the owning organisation): ends recruitment. No new shifts or
   * sign-ups; assignments already made stand; the assistant stops offering it at once.
   */
  close(id: string, options?: RequestOptions): APIPromise<Opportunity> {
    return this.client.call('opportunities.close', { path: { id } }, options);
  }
}

/** Signing up for shifts. */
export class Shifts extends APIResource {
  /** `POST /v1/shifts/{id}/sign-up` with the volunteer's token: never oversold; overlapping shifts are refused. */
  signUp(id: string, volunteerToken: string, options?: RequestOptions): APIPromise<ShiftAssignment> {
    return this.client.call('shifts.signUp', { path: { id } }, withVolunteerToken({ ...options, volunteerToken }));
  }

  /** `POST /v1/shifts/{id}/assignments` (staff): sign a volunteer up. */
  assign(id: string, body: z.input<typeof StaffSignUp>, options?: RequestOptions): APIPromise<ShiftAssignment> {
    return this.client.call('shifts.assign', { path: { id }, body }, options);
  }
}

/** A volunteer's place on a shift: cancel, check in, check out (the volunteer with `volunteerToken`, or staff). */
export class Assignments extends APIResource {
  /** `POST /v1/assignments/{id}/cancel`: before check-in; frees the slot. */
  cancel(id: string, options?: VolunteerRequestOptions): APIPromise<ShiftAssignment> {
    return this.client.call('assignments.cancel', { path: { id } }, withVolunteerToken(options));
  }

  /** `POST /v1/assignments/{id}/check-in`: now, or (staff) at a past time. */
  checkIn(
    id: string,
    body: z.input<typeof ShiftCheckTime> = {},
    options?: VolunteerRequestOptions,
  ): APIPromise<ShiftAssignment> {
    return this.client.call('assignments.checkIn', { path: { id }, body }, withVolunteerToken(options));
  }

  /** `POST /v1/assignments/{id}/check-out`: completes it and records pending hours (capped at the shift length). */
  checkOut(
    id: string,
    body: z.input<typeof ShiftCheckTime> = {},
    options?: VolunteerRequestOptions,
  ): APIPromise<CheckedOut> {
    return this.client.call('assignments.checkOut', { path: { id }, body }, withVolunteerToken(options));
  }

  /** `POST /v1/assignments/{id}/no-show` (staff): after the shift started. */
  noShow(id: string, options?: RequestOptions): APIPromise<ShiftAssignment> {
    return this.client.call('assignments.noShow', { path: { id } }, options);
  }
}
