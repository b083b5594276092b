import type { z } from 'zod';
import type { RequestOptions } from '../client.js';
import type { APIPromise } from '../core/api-promise.js';
import type { ServiceCertificate, ServiceRecord, ServiceRecordDecision } from '../schema/volunteers.js';
import { APIResource } from './resource.js';

/** Volunteer hours awaiting review. Record them with `volunteers.recordService()`. */
export class ServiceRecords extends APIResource {
  /** `POST /v1/service-records/{id}/decision` (staff of the recording organisation; never one's own hours). */
  decide(id: string, body: z.input<typeof ServiceRecordDecision>, options?: RequestOptions): APIPromise<ServiceRecord> {
    return this.client.call('serviceRecords.decide', { path: { id }, body }, options);
  }
}

/** 志愿服务记录证明. Issue them with `volunteers.issueCertificate()`. */
export class Certificates extends APIResource {
  /** `GET /v1/certificates/{code}` (public): verify a certificate; the holder's name is masked. */
  verify(code: string, options?: RequestOptions): APIPromise<ServiceCertificate> {
    return this.client.call('certificates.verify', { path: { code } }, options);
  }
}
