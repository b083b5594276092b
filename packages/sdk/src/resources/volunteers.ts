import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import type {
  OfficerActivity,
  OfficerActivityInput,
  OfficerActivitySummary,
  ServiceCertificate,
  ServiceCertificateInput,
  ServiceRecord,
  ServiceRecordInput,
  StaffKeyLink,
  Volunteer,
  VolunteerErasure,
  VolunteerExport,
  VolunteerHours,
  VolunteerListQuery,
  VolunteerPersonalData,
  VolunteerPersonalDataQuery,
  VolunteerRegistered,
  VolunteerRegistration,
  VolunteerStatsQuery,
  VolunteerStatusChange,
  VolunteerTokenIssued,
  VolunteerTokenReissue,
} from '../schema/volunteers.js';
import type { QueryParams } from './params.js';
import { APIResource } from './resource.js';

/** The header of a volunteer's self-service token (`Authorization` stays the partner's key). */
export const VOLUNTEER_TOKEN_HEADER = 'X-Volunteer-Token';

/** Request options of a call a volunteer may make with their own token instead of a staff key. */
export interface VolunteerRequestOptions extends RequestOptions {
  /** The volunteer's self-service token, from `volunteers.register()`. */
  volunteerToken?: string | undefined;
}

/** @internal Moves `volunteerToken` into its header. */
export function withVolunteerToken(options: VolunteerRequestOptions = {}): RequestOptions {
  const { volunteerToken, ...rest } = options;
  if (volunteerToken === undefined) return rest;
  return { ...rest, headers: { ...rest.headers, [VOLUNTEER_TOKEN_HEADER]: volunteerToken } };
}

/** A volunteer's own record, with their self-service token (from `volunteers.register()`). */
export class VolunteerSelf extends APIResource {
  /** `GET /v1/volunteers/me`: your record, unmasked. */
  retrieve(volunteerToken: string, options?: RequestOptions): APIPromise<VolunteerPersonalData> {
    return this.client.call('volunteers.me.retrieve', {}, withVolunteerToken({ ...options, volunteerToken }));
  }

  /** `GET /v1/volunteers/me/export`: everything Kepu holds about you. */
  export(volunteerToken: string, options?: RequestOptions): APIPromise<VolunteerExport> {
    return this.client.call('volunteers.me.export', {}, withVolunteerToken({ ...options, volunteerToken }));
  }

  /** `GET /v1/volunteers/me/hours`: your service records and totals. */
  hours(
    volunteerToken: string,
    query: QueryParams<typeof VolunteerStatsQuery> = {},
    options?: RequestOptions,
  ): APIPromise<VolunteerHours> {
    return this.client.call('volunteers.me.hours', { query }, withVolunteerToken({ ...options, volunteerToken }));
  }

  /** `POST /v1/volunteers/me/consent/withdraw`: archived, future shifts cancelled; records kept until deletion. */
  withdrawConsent(volunteerToken: string, options?: RequestOptions): APIPromise<Volunteer> {
    return this.client.call('volunteers.me.withdrawConsent', {}, withVolunteerToken({ ...options, volunteerToken }));
  }

  /** `DELETE /v1/volunteers/me`: deletes your personal data; hours remain only as anonymous aggregates. */
  delete(volunteerToken: string, options?: RequestOptions): APIPromise<VolunteerErasure> {
    return this.client.call('volunteers.me.delete', {}, withVolunteerToken({ ...options, volunteerToken }));
  }

  /** `POST /v1/volunteers/me/activities`: log a share or a rumour report (科普中国信息员). */
  logActivity(
    volunteerToken: string,
    body: z.input<typeof OfficerActivityInput>,
    options?: RequestOptions,
  ): APIPromise<OfficerActivity> {
    return this.client.call('volunteers.me.logActivity', { body }, withVolunteerToken({ ...options, volunteerToken }));
  }

  /** `GET /v1/volunteers/me/activities`: your information-officer activity with counts. */
  activities(volunteerToken: string, options?: RequestOptions): APIPromise<OfficerActivitySummary> {
    return this.client.call('volunteers.me.activities', {}, withVolunteerToken({ ...options, volunteerToken }));
  }
}

/** Science volunteers, 科普中国信息员 and lecturers: registration, review, hours and certificates. */
export class Volunteers extends APIResource {
  /** Self-service with the volunteer's own token. */
  readonly me: VolunteerSelf = new VolunteerSelf(this.client);

  /**
   * `POST /v1/volunteers`: register (consent required). The answer holds the self-service token; keep it.
   * @example const { token } = await kepu.volunteers.register({ … })
   */
  register(body: VolunteerRegistration, options?: RequestOptions): APIPromise<VolunteerRegistered> {
    return this.client.call('volunteers.register', { body }, options);
  }

  /** `GET /v1/volunteers` (staff): masked. */
  list(query: QueryParams<typeof VolunteerListQuery> = {}, options?: RequestOptions): PagePromise<Volunteer> {
    return this.client.paginate('volunteers.list', { query }, options);
  }

  /** `GET /v1/volunteers/{id}` (staff): masked. */
  retrieve(id: string, options?: RequestOptions): APIPromise<Volunteer> {
    return this.client.call('volunteers.retrieve', { path: { id } }, options);
  }

  /** `GET /v1/volunteers/{id}/personal-data` (scope `volunteers:pii`): unmasked; the `reason` is audited. */
  personalData(
    id: string,
    query: QueryParams<typeof VolunteerPersonalDataQuery>,
    options?: RequestOptions,
  ): APIPromise<VolunteerPersonalData> {
    return this.client.call('volunteers.personalData', { path: { id }, query }, options);
  }

  /** `POST /v1/volunteers/{id}/status` (staff): activate, suspend or archive, with a reason. */
  setStatus(id: string, body: z.input<typeof VolunteerStatusChange>, options?: RequestOptions): APIPromise<Volunteer> {
    return this.client.call('volunteers.setStatus', { path: { id }, body }, options);
  }

  /** `PUT /v1/volunteers/{id}/staff-key` (admin): the staff key this volunteer operates (no approving own hours). */
  linkStaffKey(id: string, body: z.input<typeof StaffKeyLink>, options?: RequestOptions): APIPromise<StaffKeyLink> {
    return this.client.call('volunteers.linkStaffKey', { path: { id }, body }, options);
  }

  /** `DELETE /v1/volunteers/{id}` (scope `volunteers:pii`): erase personal data on the volunteer's request. */
  erase(
    id: string,
    query: QueryParams<typeof VolunteerPersonalDataQuery>,
    options?: RequestOptions,
  ): APIPromise<VolunteerErasure> {
    return this.client.call('volunteers.erase', { path: { id }, query }, options);
  }

  /** `GET /v1/volunteers/{id}/activities` (staff): a 科普中国信息员's activity. */
  activities(id: string, options?: RequestOptions): APIPromise<OfficerActivitySummary> {
    return this.client.call('volunteers.activities', { path: { id } }, options);
  }

  /** `POST /v1/volunteers/{id}/service-records` (staff): record hours, pending until approved. */
  recordService(
    id: string,
    body: z.input<typeof ServiceRecordInput>,
    options?: RequestOptions,
  ): APIPromise<ServiceRecord> {
    return this.client.call('volunteers.recordService', { path: { id }, body }, options);
  }

  /** `GET /v1/volunteers/{id}/hours` (staff): service records and approved/pending totals. */
  hours(
    id: string,
    query: QueryParams<typeof VolunteerStatsQuery> = {},
    options?: RequestOptions,
  ): APIPromise<VolunteerHours> {
    return this.client.call('volunteers.hours', { path: { id }, query }, options);
  }

  /** `POST /v1/volunteers/{id}/certificates` (staff): a 志愿服务记录证明 for approved hours in a period. */
  issueCertificate(
    id: string,
    body: z.input<typeof ServiceCertificateInput>,
    options?: RequestOptions,
  ): APIPromise<ServiceCertificate> {
    return this.client.call('volunteers.issueCertificate', { path: { id }, body }, options);
  }

  /** `POST /v1/volunteers/{id}/token` (scope `volunteers:pii`): a new self-service token; the old one stops working. */
  reissueToken(
    id: string,
    body: z.input<typeof VolunteerTokenReissue>,
    options?: RequestOptions,
  ): APIPromise<VolunteerTokenIssued> {
    return this.client.call('volunteers.reissueToken', { path: { id }, body }, options);
  }
}
