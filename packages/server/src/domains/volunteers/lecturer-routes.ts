import { createRoute } from '@hono/zod-openapi';
import {
  Lecturer,
  LecturerBooking,
  LecturerBookingFeedback,
  LecturerBookingInput,
  LecturerBookingList,
  LecturerBookingTransition,
  LecturerInput,
  LecturerListQuery,
  LecturerPage,
} from '@kepu/sdk/schema';
import { access } from '../../access/route-access.js';
import { createRouter } from '../../http/openapi-app.js';
import {
  createLecturer,
  getLecturer,
  giveFeedback,
  listBookings,
  listLecturers,
  requestBooking,
  transitionBooking,
} from './lecturer-service.js';
import {
  body,
  errors,
  idParam,
  json,
  serviceDeps,
  staffActor,
  type VolunteerRouteDeps,
  withDistrict,
} from './route-kit.js';

const tags = ['Lecturers'];
const LecturerId = idParam('lec_06c2…');
const BookingId = idParam('lbk_06c2…');

const list = createRoute({
  method: 'get',
  path: '/lecturers',
  tags,
  summary: 'The lecturer corps (科学家精神、企业家精神和工匠精神宣讲团): public profiles',
  ...access.public(),
  request: { query: LecturerListQuery },
  responses: { 200: json(LecturerPage, 'A page of lecturers'), ...errors(400) },
});

const getOne = createRoute({
  method: 'get',
  path: '/lecturers/{id}',
  tags,
  summary: 'One lecturer profile (public)',
  ...access.public(),
  request: { params: LecturerId },
  responses: { 200: json(Lecturer, 'The lecturer'), ...errors(404) },
});

const create = createRoute({
  method: 'post',
  path: '/lecturers',
  tags,
  summary: 'Publish a lecturer profile (staff)',
  ...access.scope('volunteers:write'),
  request: { body: body(LecturerInput) },
  responses: { 201: json(Lecturer, 'Created'), ...errors(400, 401, 403, 404) },
});

const book = createRoute({
  method: 'post',
  path: '/lecturers/{id}/bookings',
  tags,
  summary: 'Request a talk: a community, school or enterprise books a lecturer (any key)',
  ...access.client(),
  request: { params: LecturerId, body: body(LecturerBookingInput) },
  responses: { 201: json(LecturerBooking, 'Requested'), ...errors(400, 401, 403, 404) },
});

const bookings = createRoute({
  method: 'get',
  path: '/lecturers/{id}/bookings',
  tags,
  summary: 'Booking requests of a lecturer, contacts masked (staff)',
  ...access.scope('volunteers:write'),
  request: { params: LecturerId },
  responses: { 200: json(LecturerBookingList, 'Bookings'), ...errors(401, 403, 404) },
});

const transition = createRoute({
  method: 'post',
  path: '/lecturer-bookings/{id}/status',
  tags,
  summary: 'requested → accepted/declined → delivered (staff)',
  ...access.scope('volunteers:write'),
  request: { params: BookingId, body: body(LecturerBookingTransition) },
  responses: { 200: json(LecturerBooking, 'Updated'), ...errors(400, 401, 403, 404, 409) },
});

const feedback = createRoute({
  method: 'post',
  path: '/lecturer-bookings/{id}/feedback',
  tags,
  summary: 'Feedback on a delivered talk, by the partner that booked it',
  ...access.client(),
  request: { params: BookingId, body: body(LecturerBookingFeedback) },
  responses: { 200: json(LecturerBooking, 'Recorded'), ...errors(400, 401, 403, 404, 409) },
});

export function lecturerRoutes(deps: VolunteerRouteDeps) {
  const { db } = deps.database;
  const router = createRouter();
  router.openapi(list, async (c) => c.json(await listLecturers(db, withDistrict(deps, c.req.valid('query'))), 200));
  router.openapi(getOne, async (c) => c.json(await getLecturer(db, c.req.valid('param').id), 200));
  router.openapi(create, async (c) => c.json(await createLecturer(serviceDeps(deps, c), c.req.valid('json')), 201));
  router.openapi(book, async (c) =>
    c.json(
      await requestBooking(serviceDeps(deps, c), staffActor(c), c.req.valid('param').id, c.req.valid('json')),
      201,
    ),
  );
  router.openapi(bookings, async (c) => c.json({ data: await listBookings(db, c.req.valid('param').id) }, 200));
  router.openapi(transition, async (c) =>
    c.json(await transitionBooking(serviceDeps(deps, c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(feedback, async (c) =>
    c.json(await giveFeedback(serviceDeps(deps, c), staffActor(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  return router;
}
