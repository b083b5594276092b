import { createRoute } from '@hono/zod-openapi';
import {
  OfficerActivity,
  OfficerActivityInput,
  OfficerActivitySummary,
  StaffKeyLink,
  Volunteer,
  VolunteerErasure,
  VolunteerExport,
  VolunteerHours,
  VolunteerListQuery,
  VolunteerPage,
  VolunteerPersonalData,
  VolunteerPersonalDataQuery,
  VolunteerRegistered,
  VolunteerRegistration,
  VolunteerStatsQuery,
  VolunteerStatusChange,
  VolunteerTokenIssued,
  VolunteerTokenReissue,
} from '@kepu/sdk/schema';
import { access } from '../../access/route-access.js';
import { createRouter } from '../../http/openapi-app.js';
import { certificatesOf, volunteerHours } from './hours-service.js';
import { toVolunteer } from './mappers.js';
import { activitySummary, allActivities, logActivity } from './officer-service.js';
import {
  body,
  errors,
  idParam,
  json,
  requireVolunteer,
  serviceDeps,
  type VolunteerRouteDeps,
  volunteerAuth,
  withDistrict,
} from './route-kit.js';
import { listVolunteerAssignments } from './shift-service.js';
import {
  changeStatus,
  eraseVolunteer,
  getVolunteerRow,
  linkStaffKey,
  listVolunteers,
  readPersonalData,
  registerVolunteer,
  reissueToken,
  withdrawConsent,
} from './volunteer-service.js';

const tags = ['Volunteers'];
const self = access.token('volunteerToken');
const Id = idParam('vol_06c2…');

const register = createRoute({
  method: 'post',
  path: '/volunteers',
  tags,
  summary: 'Register as a science volunteer, 科普中国信息员 or lecturer (consent required)',
  description:
    'Creates an `applicant`; staff activate it. The response carries `volunteerToken` once: keep it, it is the ' +
    'volunteer’s key to self-service (`X-Volunteer-Token`). Under 14: `guardianConsent` is required. Same mobile twice: 409.',
  ...access.client(),
  request: { body: body(VolunteerRegistration) },
  responses: { 201: json(VolunteerRegistered, 'Registered'), ...errors(400, 401, 403, 409, 429) },
});

const me = createRoute({
  method: 'get',
  path: '/volunteers/me',
  tags,
  summary: 'Your own record, unmasked (volunteer token)',
  ...self,
  responses: { 200: json(VolunteerPersonalData, 'Your record'), ...errors(401) },
});

const exportMe = createRoute({
  method: 'get',
  path: '/volunteers/me/export',
  tags,
  summary: 'Export everything Kepu holds about you (volunteer token)',
  ...self,
  responses: { 200: json(VolunteerExport, 'Your data'), ...errors(401) },
});

const myHours = createRoute({
  method: 'get',
  path: '/volunteers/me/hours',
  tags,
  summary: 'Your service records and totals (volunteer token)',
  ...self,
  request: { query: VolunteerStatsQuery },
  responses: { 200: json(VolunteerHours, 'Your hours'), ...errors(400, 401) },
});

const withdraw = createRoute({
  method: 'post',
  path: '/volunteers/me/consent/withdraw',
  tags,
  summary: 'Withdraw consent (volunteer token): archived, future shifts cancelled, records kept until deletion',
  ...self,
  responses: { 200: json(Volunteer, 'Consent withdrawn'), ...errors(401) },
});

const deleteMe = createRoute({
  method: 'delete',
  path: '/volunteers/me',
  tags,
  summary: 'Delete your personal data (volunteer token); hours stay only as anonymous aggregates',
  ...self,
  responses: { 200: json(VolunteerErasure, 'Erased'), ...errors(401) },
});

const logMyActivity = createRoute({
  method: 'post',
  path: '/volunteers/me/activities',
  tags,
  summary: 'Log a share or a rumour report (科普中国信息员, volunteer token)',
  ...self,
  request: { body: body(OfficerActivityInput) },
  responses: { 201: json(OfficerActivity, 'Logged'), ...errors(400, 401, 403) },
});

const myActivities = createRoute({
  method: 'get',
  path: '/volunteers/me/activities',
  tags,
  summary: 'Your information-officer activity with counts (volunteer token)',
  ...self,
  responses: { 200: json(OfficerActivitySummary, 'Activity'), ...errors(401) },
});

const list = createRoute({
  method: 'get',
  path: '/volunteers',
  tags,
  summary: 'List volunteers, masked (staff)',
  ...access.scope('volunteers:write'),
  request: { query: VolunteerListQuery },
  responses: { 200: json(VolunteerPage, 'A page of volunteers'), ...errors(400, 401, 403) },
});

const getOne = createRoute({
  method: 'get',
  path: '/volunteers/{id}',
  tags,
  summary: 'One volunteer, masked (staff)',
  ...access.scope('volunteers:write'),
  request: { params: Id },
  responses: { 200: json(Volunteer, 'The volunteer'), ...errors(401, 403, 404) },
});

const personalData = createRoute({
  method: 'get',
  path: '/volunteers/{id}/personal-data',
  tags,
  summary: 'Unmasked personal data (volunteers:pii); every read is audited with its reason',
  ...access.scope('volunteers:pii'),
  request: { params: Id, query: VolunteerPersonalDataQuery },
  responses: { 200: json(VolunteerPersonalData, 'Unmasked record'), ...errors(400, 401, 403, 404) },
});

const status = createRoute({
  method: 'post',
  path: '/volunteers/{id}/status',
  tags,
  summary: 'Review: activate, suspend or archive (with a reason) a volunteer (staff)',
  ...access.scope('volunteers:write'),
  request: { params: Id, body: body(VolunteerStatusChange) },
  responses: { 200: json(Volunteer, 'New status'), ...errors(400, 401, 403, 404, 409) },
});

const staffKey = createRoute({
  method: 'put',
  path: '/volunteers/{id}/staff-key',
  tags,
  summary: 'Record which staff key this volunteer operates, so it cannot approve their own hours (admin)',
  ...access.scope('admin'),
  request: { params: Id, body: body(StaffKeyLink) },
  responses: { 200: json(StaffKeyLink, 'Linked'), ...errors(400, 401, 403, 404) },
});

const erase = createRoute({
  method: 'delete',
  path: '/volunteers/{id}',
  tags,
  summary: 'Erase a volunteer’s personal data on their request (volunteers:pii, with a reason)',
  ...access.scope('volunteers:pii'),
  request: { params: Id, query: VolunteerPersonalDataQuery },
  responses: { 200: json(VolunteerErasure, 'Erased'), ...errors(400, 401, 403, 404) },
});

const token = createRoute({
  method: 'post',
  path: '/volunteers/{id}/token',
  tags,
  summary: 'Issue a new self-service token to a volunteer who lost theirs (volunteers:pii, with a reason)',
  description: 'Hand the token to the person through a channel you have verified (e.g. by calling their mobile).',
  ...access.scope('volunteers:pii'),
  request: { params: Id, body: body(VolunteerTokenReissue) },
  responses: { 201: json(VolunteerTokenIssued, 'New token'), ...errors(400, 401, 403, 404) },
});

const activities = createRoute({
  method: 'get',
  path: '/volunteers/{id}/activities',
  tags,
  summary: 'A 科普中国信息员’s activity with counts (staff)',
  ...access.scope('volunteers:write'),
  request: { params: Id },
  responses: { 200: json(OfficerActivitySummary, 'Activity'), ...errors(401, 403, 404) },
});

/** Registration, self-service (`/volunteers/me…`) and staff review of volunteers. */
export function volunteerRoutes(deps: VolunteerRouteDeps) {
  const { db } = deps.database;
  const router = createRouter();
  const withAuth = <R extends { middleware?: unknown }>(route: R) => ({ ...route, middleware: [volunteerAuth(deps)] });
  router.openapi(register, async (c) => {
    const result = await registerVolunteer(serviceDeps(deps, c), c.req.valid('json'));
    c.header('Cache-Control', 'no-store');
    return c.json(result, 201);
  });
  // `/volunteers/me…` before `/volunteers/{id}`: the first registered match answers.
  router.openapi(withAuth(me), async (c) => {
    const volunteer = requireVolunteer(deps, c);
    const data = await readPersonalData(serviceDeps(deps, c), volunteer.id, {
      action: 'volunteer.self.read',
      reason: null,
    });
    c.header('Cache-Control', 'no-store');
    return c.json(data, 200);
  });
  router.openapi(withAuth(exportMe), async (c) => {
    const volunteer = requireVolunteer(deps, c);
    const sd = serviceDeps(deps, c);
    const data = await readPersonalData(sd, volunteer.id, { action: 'volunteer.self.export', reason: null });
    const hours = await volunteerHours(db, volunteer.id);
    c.header('Cache-Control', 'no-store');
    c.header('Content-Disposition', 'attachment; filename="kepu-volunteer-export.json"');
    return c.json(
      {
        exportedAt: deps.now().toISOString(),
        volunteer: data,
        assignments: await listVolunteerAssignments(db, volunteer.id),
        serviceRecords: hours.records,
        certificates: await certificatesOf(db, volunteer.id, deps.config.publicUrl),
        activities: await allActivities(db, volunteer.id),
      },
      200,
    );
  });
  router.openapi(withAuth(myHours), async (c) => {
    const volunteer = requireVolunteer(deps, c);
    return c.json(await volunteerHours(db, volunteer.id, c.req.valid('query')), 200);
  });
  router.openapi(withAuth(withdraw), async (c) => {
    const volunteer = requireVolunteer(deps, c);
    return c.json(await withdrawConsent(serviceDeps(deps, c), volunteer.id), 200);
  });
  router.openapi(withAuth(deleteMe), async (c) => {
    const volunteer = requireVolunteer(deps, c);
    return c.json(await eraseVolunteer(serviceDeps(deps, c), volunteer.id, 'requested by the volunteer'), 200);
  });
  router.openapi(withAuth(logMyActivity), async (c) => {
    const volunteer = requireVolunteer(deps, c);
    return c.json(await logActivity(serviceDeps(deps, c), volunteer, c.req.valid('json')), 201);
  });
  router.openapi(withAuth(myActivities), async (c) => {
    const volunteer = requireVolunteer(deps, c);
    return c.json(await activitySummary(db, volunteer.id), 200);
  });
  router.openapi(list, async (c) => c.json(await listVolunteers(db, withDistrict(deps, c.req.valid('query'))), 200));
  router.openapi(getOne, async (c) => c.json(toVolunteer(await getVolunteerRow(db, c.req.valid('param').id)), 200));
  router.openapi(personalData, async (c) => {
    const data = await readPersonalData(serviceDeps(deps, c), c.req.valid('param').id, {
      action: 'volunteer.pii.read',
      reason: c.req.valid('query').reason,
    });
    c.header('Cache-Control', 'no-store');
    return c.json(data, 200);
  });
  router.openapi(status, async (c) =>
    c.json(await changeStatus(serviceDeps(deps, c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(staffKey, async (c) =>
    c.json(await linkStaffKey(serviceDeps(deps, c), c.req.valid('param').id, c.req.valid('json').keyId), 200),
  );
  router.openapi(erase, async (c) =>
    c.json(await eraseVolunteer(serviceDeps(deps, c), c.req.valid('param').id, c.req.valid('query').reason), 200),
  );
  router.openapi(token, async (c) => {
    const issued = await reissueToken(serviceDeps(deps, c), c.req.valid('param').id, c.req.valid('json').reason);
    c.header('Cache-Control', 'no-store');
    return c.json(issued, 201);
  });
  router.openapi(activities, async (c) => {
    const id = c.req.valid('param').id;
    await getVolunteerRow(db, id);
    return c.json(await activitySummary(db, id), 200);
  });
  return router;
}
