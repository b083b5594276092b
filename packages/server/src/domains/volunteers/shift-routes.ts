import { createRoute } from '@hono/zod-openapi';
import {
  CheckedOut,
  Opportunity,
  OpportunityInput,
  OpportunityListQuery,
  OpportunityPage,
  ShiftAssignment,
  ShiftCheckTime,
  StaffSignUp,
  VolunteerShift,
  VolunteerShiftInput,
} from '@kepu/sdk/schema';
import type { Context } from 'hono';
import { access } from '../../access/route-access.js';
import type { AppEnv } from '../../http/app-env.js';
import { createRouter } from '../../http/openapi-app.js';
import {
  actorOf,
  body,
  errors,
  idParam,
  json,
  requireVolunteer,
  serviceDeps,
  staffActor,
  type VolunteerRouteDeps,
  volunteerAuth,
  withDistrict,
} from './route-kit.js';
import {
  addShift,
  cancelAssignment,
  checkIn,
  checkOut,
  closeOpportunity,
  createOpportunity,
  getOpportunity,
  listOpportunities,
  markNoShow,
  signUp,
} from './shift-service.js';

const tags = ['Volunteer opportunities'];
const OpportunityId = idParam('opp_06c2…');
const ShiftId = idParam('shf_06c2…');
const AssignmentId = idParam('asg_06c2…');
/** Either a staff key with `volunteers:write` or the volunteer's own token. */
const staffOrVolunteer = access.token('volunteerToken', { orScope: 'volunteers:write' });

const list = createRoute({
  method: 'get',
  path: '/opportunities',
  tags,
  summary: 'Volunteer opportunities with their shifts and free slots (public)',
  ...access.public(),
  request: { query: OpportunityListQuery },
  responses: { 200: json(OpportunityPage, 'A page of opportunities'), ...errors(400) },
});

const getOne = createRoute({
  method: 'get',
  path: '/opportunities/{id}',
  tags,
  summary: 'One opportunity with its shifts (public)',
  ...access.public(),
  request: { params: OpportunityId },
  responses: { 200: json(Opportunity, 'The opportunity'), ...errors(404) },
});

const create = createRoute({
  method: 'post',
  path: '/opportunities',
  tags,
  summary: 'Create an opportunity for an event or a 科普课堂 (staff)',
  ...access.scope('volunteers:write'),
  request: { body: body(OpportunityInput) },
  responses: { 201: json(Opportunity, 'Created'), ...errors(400, 401, 403) },
});

const createShift = createRoute({
  method: 'post',
  path: '/opportunities/{id}/shifts',
  tags,
  summary: 'Add a shift (time, place, slots, required skills) (staff of the owning organisation)',
  ...access.scope('volunteers:write'),
  request: { params: OpportunityId, body: body(VolunteerShiftInput) },
  responses: { 201: json(VolunteerShift, 'Created'), ...errors(400, 401, 403, 404) },
});

const close = createRoute({
  method: 'post',
  path: '/opportunities/{id}/close',
  tags,
  summary:
    'Close recruitment: no new shifts or sign-ups; the assistant stops offering it (staff of the owning organisation)',
  ...access.scope('volunteers:write'),
  request: { params: OpportunityId },
  responses: { 200: json(Opportunity, 'Closed'), ...errors(401, 403, 404, 409) },
});

const selfSignUp = createRoute({
  method: 'post',
  path: '/shifts/{id}/sign-up',
  tags,
  summary: 'Sign up for a shift (volunteer token). Never oversold; overlapping shifts are refused',
  ...access.token('volunteerToken'),
  request: { params: ShiftId },
  responses: { 201: json(ShiftAssignment, 'Signed up'), ...errors(401, 404, 409, 422) },
});

const staffSignUp = createRoute({
  method: 'post',
  path: '/shifts/{id}/assignments',
  tags,
  summary: 'Sign a volunteer up for a shift (staff)',
  ...access.scope('volunteers:write'),
  request: { params: ShiftId, body: body(StaffSignUp) },
  responses: { 201: json(ShiftAssignment, 'Signed up'), ...errors(400, 401, 403, 404, 409, 422) },
});

const cancel = createRoute({
  method: 'post',
  path: '/assignments/{id}/cancel',
  tags,
  summary: 'Cancel a sign-up before check-in (the volunteer or staff); frees the slot',
  ...staffOrVolunteer,
  request: { params: AssignmentId },
  responses: { 200: json(ShiftAssignment, 'Cancelled'), ...errors(401, 403, 404, 409) },
});

const checkTimeBody = { required: false, content: { 'application/json': { schema: ShiftCheckTime } } };

const checkInRoute = createRoute({
  method: 'post',
  path: '/assignments/{id}/check-in',
  tags,
  summary: 'Check in (the volunteer, now; or staff, optionally with a past time)',
  ...staffOrVolunteer,
  request: { params: AssignmentId, body: checkTimeBody },
  responses: { 200: json(ShiftAssignment, 'Checked in'), ...errors(400, 401, 403, 404, 409) },
});

const checkOutRoute = createRoute({
  method: 'post',
  path: '/assignments/{id}/check-out',
  tags,
  summary: 'Check out: completes the assignment and records pending hours (capped at the shift length)',
  ...staffOrVolunteer,
  request: { params: AssignmentId, body: checkTimeBody },
  responses: { 200: json(CheckedOut, 'Checked out'), ...errors(400, 401, 403, 404, 409) },
});

const noShow = createRoute({
  method: 'post',
  path: '/assignments/{id}/no-show',
  tags,
  summary: 'Mark a no-show after the shift started (staff)',
  ...access.scope('volunteers:write'),
  request: { params: AssignmentId },
  responses: { 200: json(ShiftAssignment, 'Marked'), ...errors(401, 403, 404, 409) },
});

/** The optional `{ at }` body: staff back-entry of a check-in/out time. */
function checkTime(c: Context<AppEnv>, at: string | undefined): Date | undefined {
  return (c.req.header('content-type') ?? '').includes('json') && at ? new Date(at) : undefined;
}

/** Opportunities, shifts, sign-ups, check-in/out. */
export function shiftRoutes(deps: VolunteerRouteDeps) {
  const { db } = deps.database;
  const router = createRouter();
  const staffOrVolunteerAuth = volunteerAuth(deps, { orScope: 'volunteers:write' });
  router.openapi(list, async (c) => c.json(await listOpportunities(db, withDistrict(deps, c.req.valid('query'))), 200));
  router.openapi(getOne, async (c) => c.json(await getOpportunity(db, c.req.valid('param').id), 200));
  router.openapi(create, async (c) =>
    c.json(await createOpportunity(serviceDeps(deps, c), staffActor(c), c.req.valid('json')), 201),
  );
  router.openapi(createShift, async (c) =>
    c.json(await addShift(serviceDeps(deps, c), staffActor(c), c.req.valid('param').id, c.req.valid('json')), 201),
  );
  router.openapi(close, async (c) =>
    c.json(await closeOpportunity(serviceDeps(deps, c), staffActor(c), c.req.valid('param').id), 200),
  );
  router.openapi({ ...selfSignUp, middleware: [volunteerAuth(deps)] }, async (c) => {
    const volunteer = requireVolunteer(deps, c);
    return c.json(await signUp(serviceDeps(deps, c), volunteer.id, c.req.valid('param').id), 201);
  });
  router.openapi(staffSignUp, async (c) =>
    c.json(
      await signUp(serviceDeps(deps, c), c.req.valid('json').volunteerId, c.req.valid('param').id, {
        staffOrganizationId: c.get('principal').organizationId,
      }),
      201,
    ),
  );
  router.openapi({ ...cancel, middleware: [staffOrVolunteerAuth] }, async (c) => {
    const actor = actorOf(deps, c);
    return c.json(await cancelAssignment(serviceDeps(deps, c), actor, c.req.valid('param').id), 200);
  });
  router.openapi({ ...checkInRoute, middleware: [staffOrVolunteerAuth] }, async (c) => {
    const actor = actorOf(deps, c);
    const at = checkTime(c, c.req.valid('json')?.at);
    return c.json(await checkIn(serviceDeps(deps, c), actor, c.req.valid('param').id, at), 200);
  });
  router.openapi({ ...checkOutRoute, middleware: [staffOrVolunteerAuth] }, async (c) => {
    const actor = actorOf(deps, c);
    const at = checkTime(c, c.req.valid('json')?.at);
    return c.json(await checkOut(serviceDeps(deps, c), actor, c.req.valid('param').id, at), 200);
  });
  router.openapi(noShow, async (c) =>
    c.json(await markNoShow(serviceDeps(deps, c), staffActor(c), c.req.valid('param').id), 200),
  );
  return router;
}
