import { createRoute, z } from '@hono/zod-openapi';
import {
  ServiceCertificate,
  ServiceCertificateInput,
  ServiceRecord,
  ServiceRecordDecision,
  ServiceRecordInput,
  VolunteerHours,
  VolunteerStats,
  VolunteerStatsQuery,
} from '@kepu/sdk/schema';
import { access } from '../../access/route-access.js';
import { createRouter } from '../../http/openapi-app.js';
import {
  addServiceRecord,
  decideServiceRecord,
  findCertificate,
  issueCertificate,
  volunteerHours,
} from './hours-service.js';
import { body, errors, idParam, json, serviceDeps, staffActor, type VolunteerRouteDeps } from './route-kit.js';
import { volunteerStats } from './stats-service.js';

const tags = ['Volunteer hours'];
const VolunteerId = idParam('vol_06c2…');
const RecordId = idParam('svr_06c2…');
const Code = z.object({
  code: z
    .string()
    .min(1)
    .max(64)
    .meta({ param: { name: 'code', in: 'path' }, example: '7K2M9QX4HC' }),
});

const addRecord = createRoute({
  method: 'post',
  path: '/volunteers/{id}/service-records',
  tags,
  summary: 'Record hours: staff entry, back-entry, import or a correction (pending until approved)',
  description:
    'Credited minutes above the scheduled length (the shift’s, or `scheduledMinutes`) need a `reason`. A correction ' +
    'is a new record with `correctsRecordId` and a `reason`; once approved it supersedes the old one, which is never edited.',
  ...access.scope('volunteers:write'),
  request: { params: VolunteerId, body: body(ServiceRecordInput) },
  responses: { 201: json(ServiceRecord, 'Recorded'), ...errors(400, 401, 403, 404, 409) },
});

const decide = createRoute({
  method: 'post',
  path: '/service-records/{id}/decision',
  tags,
  summary: 'Approve or decline pending hours (staff of the recording organisation; never one’s own)',
  ...access.scope('volunteers:write'),
  request: { params: RecordId, body: body(ServiceRecordDecision) },
  responses: { 200: json(ServiceRecord, 'Decided'), ...errors(400, 401, 403, 404, 409) },
});

const hours = createRoute({
  method: 'get',
  path: '/volunteers/{id}/hours',
  tags,
  summary: 'A volunteer’s service records and approved/pending totals (staff)',
  ...access.scope('volunteers:write'),
  request: { params: VolunteerId, query: VolunteerStatsQuery },
  responses: { 200: json(VolunteerHours, 'Hours'), ...errors(400, 401, 403, 404) },
});

const issue = createRoute({
  method: 'post',
  path: '/volunteers/{id}/certificates',
  tags,
  summary: 'Issue a 志愿服务记录证明 for approved hours in a period (staff of the recording organisation)',
  ...access.scope('volunteers:write'),
  request: { params: VolunteerId, body: body(ServiceCertificateInput) },
  responses: { 201: json(ServiceCertificate, 'Issued'), ...errors(400, 401, 403, 404, 409) },
});

const verify = createRoute({
  method: 'get',
  path: '/certificates/{code}',
  tags,
  summary: 'Verify a certificate by its code (public; the holder’s name is masked)',
  ...access.public(),
  request: { params: Code },
  responses: { 200: json(ServiceCertificate, 'The certificate'), ...errors(404) },
});

const stats = createRoute({
  method: 'get',
  path: '/stats/volunteers',
  tags,
  summary: 'Active volunteers and approved hours by month, district and organisation (aggregates only, public)',
  ...access.public(),
  request: { query: VolunteerStatsQuery },
  responses: { 200: json(VolunteerStats, 'Aggregates'), ...errors(400) },
});

/** Hours, decisions, certificates, statistics. */
export function hoursRoutes(deps: VolunteerRouteDeps) {
  const { db } = deps.database;
  const publicUrl = deps.config.publicUrl;
  const router = createRouter();
  router.openapi(addRecord, async (c) =>
    c.json(
      await addServiceRecord(serviceDeps(deps, c), staffActor(c), c.req.valid('param').id, c.req.valid('json')),
      201,
    ),
  );
  router.openapi(decide, async (c) =>
    c.json(
      await decideServiceRecord(serviceDeps(deps, c), staffActor(c), c.req.valid('param').id, c.req.valid('json')),
      200,
    ),
  );
  router.openapi(hours, async (c) =>
    c.json(await volunteerHours(db, c.req.valid('param').id, c.req.valid('query')), 200),
  );
  router.openapi(issue, async (c) =>
    c.json(
      await issueCertificate(
        { ...serviceDeps(deps, c), publicUrl },
        staffActor(c),
        c.req.valid('param').id,
        c.req.valid('json'),
      ),
      201,
    ),
  );
  router.openapi(verify, async (c) => c.json(await findCertificate(db, c.req.valid('param').code, publicUrl), 200));
  router.openapi(stats, async (c) => c.json(await volunteerStats(db, c.req.valid('query')), 200));
  return router;
}
