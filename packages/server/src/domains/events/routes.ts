import { createRoute, z } from '@hono/zod-openapi';
import {
  CheckIn,
  ErrorEnvelope,
  EventCreate,
  EventDetail,
  EventFilters,
  EventListQuery,
  EventPage,
  EventStats,
  EventStatsQuery,
  EventUpdate,
  ImportQuery,
  ImportReport,
  OccurrenceAttendance,
  RecommendationList,
  RecommendationQuery,
  Registration,
  RegistrationCreate,
  RegistrationCreated,
  RegistrationListQuery,
  RegistrationPage,
  RegistrationTokenQuery,
} from '@kepu/sdk/schema';
import { and, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../../access/audit.js';
import { ACCESS_EXTENSION, access } from '../../access/route-access.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/create-database.js';
import { eventOccurrences, events, registrations } from '../../db/schema/events.js';
import { ApiError, notFound } from '../../http/errors.js';
import { createRouter } from '../../http/openapi-app.js';
import { handleImportRequest, IMPORT_CONTENT_TYPES } from '../../imports/http.js';
import { loadTaxonomy } from '../registry/taxonomy/profile.js';
import { buildCalendar } from './ical.js';
import { eventsImporter } from './importer.js';
import { recommendEvents } from './recommend.js';
import {
  cancelRegistration,
  checkIn,
  closeOccurrence,
  listRegistrations,
  register,
  registrationDto,
  waitlistPosition,
} from './registrations.js';
import {
  assertOrganizer,
  type EventsContext,
  eventConditions,
  getEvent,
  insertEvent,
  listEvents,
  occurrenceConditions,
  updateEvent,
} from './service.js';
import { eventStats } from './stats.js';
import { sameToken } from './tokens.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  400: json(ErrorEnvelope, 'Invalid input; `details` names each field'),
  404: json(ErrorEnvelope, 'Not found'),
};
const IdParam = z.object({ id: z.string().min(1).max(64).meta({ example: 'evt_06c2…' }) });
const OccurrenceParams = IdParam.extend({ occurrenceId: z.string().min(1).max(64) });

/** Most events one feed carries; a feed is for subscribing, not for export. */
const FEED_LIMIT = 500;

const listRoute = createRoute({
  method: 'get',
  path: '/events',
  ...access.public(),
  tags: ['Events'],
  summary: 'Find events (calendar)',
  description:
    'Events with a session running in [from, to) (default: from now), ordered by that session. `q` searches Chinese text by words (jieba).',
  request: { query: EventListQuery },
  responses: { 200: json(EventPage, 'A page of events'), 400: errors[400] },
});

const recommendationsRoute = createRoute({
  method: 'get',
  path: '/events/recommendations',
  ...access.public(),
  tags: ['Events'],
  summary: 'Recommended upcoming events, with reasons',
  request: { query: RecommendationQuery },
  responses: { 200: json(RecommendationList, 'Ranked events'), 400: errors[400] },
});

const getRoute = createRoute({
  method: 'get',
  path: '/events/{id}',
  ...access.public(),
  tags: ['Events'],
  summary: 'One event with its sessions, seats left and JSON-LD',
  request: { params: IdParam },
  responses: { 200: json(EventDetail, 'The event'), 404: errors[404] },
});

const createEventRoute = createRoute({
  method: 'post',
  path: '/events',
  tags: ['Events'],
  summary: 'Create an event (staff)',
  ...access.scope('events:write'),
  request: { body: { content: { 'application/json': { schema: EventCreate } }, required: true } },
  responses: { 201: json(EventDetail, 'Created'), 400: errors[400], 409: json(ErrorEnvelope, 'Conflict') },
});

const updateEventRoute = createRoute({
  method: 'patch',
  path: '/events/{id}',
  tags: ['Events'],
  summary: 'Change an event (staff); bumps its iCalendar SEQUENCE',
  ...access.scope('events:write'),
  request: { params: IdParam, body: { content: { 'application/json': { schema: EventUpdate } }, required: true } },
  responses: {
    200: json(EventDetail, 'Updated'),
    400: errors[400],
    404: errors[404],
    409: json(ErrorEnvelope, 'Capacity below seats taken'),
  },
});

const registerRoute = createRoute({
  method: 'post',
  path: '/events/{id}/occurrences/{occurrenceId}/registrations',
  tags: ['Registrations'],
  summary: 'Register for a session (citizens, any key)',
  description:
    'Confirmed while seats last, then waitlisted (when the event keeps a waitlist). Send `Idempotency-Key` so a retry counts once.',
  ...access.client(),
  request: {
    params: OccurrenceParams,
    body: { content: { 'application/json': { schema: RegistrationCreate } }, required: true },
  },
  responses: {
    201: json(RegistrationCreated, 'Registered (confirmed or waitlisted)'),
    400: errors[400],
    404: errors[404],
    409: json(ErrorEnvelope, 'Closed, cancelled, past, full without waitlist, or already registered'),
  },
});

const listRegistrationsRoute = createRoute({
  method: 'get',
  path: '/events/{id}/occurrences/{occurrenceId}/registrations',
  tags: ['Registrations'],
  summary: 'Registrations of a session, unmasked (organiser; audited)',
  ...access.scope('registrations:read'),
  request: {
    params: OccurrenceParams,
    query: RegistrationListQuery,
  },
  responses: { 200: json(RegistrationPage, 'All registrations in queue order'), 400: errors[400], 404: errors[404] },
});

const getRegistrationRoute = createRoute({
  method: 'get',
  path: '/registrations/{id}',
  ...access.public(),
  tags: ['Registrations'],
  summary: 'A registration and its waitlist position (with its cancellation token; masked)',
  request: { params: IdParam, query: RegistrationTokenQuery },
  responses: { 200: json(Registration, 'The registration'), 403: json(ErrorEnvelope, 'Wrong token'), 404: errors[404] },
});

const cancelRoute = createRoute({
  method: 'delete',
  path: '/registrations/{id}',
  ...access.public(),
  tags: ['Registrations'],
  summary: 'Cancel a registration with its token; the waitlist moves up in order',
  request: { params: IdParam, query: RegistrationTokenQuery },
  responses: {
    200: json(Registration, 'Cancelled'),
    403: json(ErrorEnvelope, 'Wrong token'),
    404: errors[404],
    409: json(ErrorEnvelope, 'Already attended'),
  },
});

const checkInRoute = createRoute({
  method: 'post',
  path: '/registrations/{id}/check-in',
  tags: ['Registrations'],
  summary: 'Check a registrant in with their code (organiser)',
  ...access.scope('events:write'),
  request: { params: IdParam, body: { content: { 'application/json': { schema: CheckIn } }, required: true } },
  responses: {
    200: json(Registration, 'Checked in'),
    403: json(ErrorEnvelope, 'Wrong code or not the organiser'),
    404: errors[404],
    409: json(ErrorEnvelope, 'Not confirmed, already checked in, or too early'),
  },
});

const closeRoute = createRoute({
  method: 'post',
  path: '/events/{id}/occurrences/{occurrenceId}/close',
  ...access.scope('events:write'),
  tags: ['Registrations'],
  summary: 'Close an ended session: confirmed registrations not checked in become no-shows (organiser)',
  request: { params: OccurrenceParams },
  responses: {
    200: json(OccurrenceAttendance, 'Attendance of the session'),
    403: json(ErrorEnvelope, 'Not the organiser'),
    404: errors[404],
    409: json(ErrorEnvelope, 'The session has not ended'),
  },
});

const statsRoute = createRoute({
  method: 'get',
  path: '/stats/events',
  tags: ['Events'],
  summary: 'Events, registrations and attendance by district, type and month',
  ...access.scope('stats:read'),
  request: { query: EventStatsQuery },
  responses: { 200: json(EventStats, 'Statistics'), 400: errors[400] },
});

const importRoute = createRoute({
  method: 'post',
  path: '/events/import',
  ...access.scope('events:write'),
  tags: ['Events'],
  summary: 'Import events from CSV, XLSX or JSONL (staff)',
  description:
    'Columns by English field name or Chinese label (标题, 类型, 开始时间, 结束时间, 地点, 所属区, 主题, 适宜年龄, 名额, 简介, 重复规则). ' +
    '地点 may be a registry resource id or name. Rows update by 编号 (else 标题 + 开始时间). 422 when `all-or-nothing` refused bad rows.',
  request: {
    query: ImportQuery,
    body: {
      required: true,
      // Only multipart bodies are parsed by the validator (as a form): there the file is an optional field, so a raw
      // CSV/XLSX/JSONL body (read by the import framework itself) is not refused before it is read.
      content: Object.fromEntries(
        IMPORT_CONTENT_TYPES.map((t) => [
          t,
          {
            schema:
              t === 'multipart/form-data'
                ? z.object({ file: z.string().meta({ format: 'binary' }).optional() })
                : z.string().meta({ format: 'binary' }),
          },
        ]),
      ),
    },
  },
  responses: {
    200: json(ImportReport, 'Imported (or dry run)'),
    400: json(ErrorEnvelope, 'Malformed file or missing columns'),
    413: json(ErrorEnvelope, 'File too large'),
    415: json(ErrorEnvelope, 'Unsupported format'),
    422: json(ErrorEnvelope, 'Bad rows; nothing written'),
  },
});

const feedRoute = createRoute({
  method: 'get',
  path: '/events.ics',
  ...access.public(),
  tags: ['Events'],
  summary: 'Subscribable iCalendar feed of events (same filters as the list)',
  request: { query: EventFilters },
  responses: { 200: { description: 'text/calendar (RFC 5545)', content: { 'text/calendar': { schema: z.string() } } } },
});

function calendarResponse(body: string, filename: string) {
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `inline; filename="${filename}"`,
      'cache-control': 'public, max-age=300',
    },
  });
}

/** Events, sessions, registrations, recommendations, iCalendar feeds and event statistics. */
export function eventsRoutes(deps: { config: Config; database: Database }) {
  const { db } = deps.database;
  const ctx: EventsContext = {
    timeZone: deps.config.timeZone,
    publicUrl: deps.config.publicUrl,
    taxonomy: loadTaxonomy(deps.config.taxonomyProfile),
  };
  const router = createRouter();

  // The .ics path of one event needs a regex parameter, so it is a plain Hono route documented by hand.
  router.get('/events/:file{[^/]+\\.ics}', async (c) => {
    const id = c.req.param('file').replace(/\.ics$/, '');
    const [event] = await db.select().from(events).where(eq(events.id, id));
    if (!event) throw notFound(`Event ${id}`);
    const occurrences = await db.select().from(eventOccurrences).where(eq(eventOccurrences.eventId, id));
    return calendarResponse(
      buildCalendar([{ event, occurrences }], { publicUrl: ctx.publicUrl, name: event.title, taxonomy: ctx.taxonomy }),
      `${id}.ics`,
    );
  });
  router.openAPIRegistry.registerPath({
    method: 'get',
    path: '/events/{id}.ics',
    tags: ['Events'],
    summary: 'One event as iCalendar (RFC 5545): stable UID, SEQUENCE, RRULE/EXDATE, STATUS:CANCELLED',
    security: access.public().security,
    [ACCESS_EXTENSION]: access.public()[ACCESS_EXTENSION],
    request: { params: IdParam },
    responses: {
      200: { description: 'text/calendar', content: { 'text/calendar': { schema: z.string() } } },
      404: errors[404],
    },
  });

  return router
    .openapi(feedRoute, async (c) => {
      const filters = c.req.valid('query');
      const now = new Date();
      // A feed also carries recent past sessions, so a calendar does not drop what just happened.
      const from = filters.from ?? new Date(now.getTime() - 30 * 86_400_000).toISOString();
      const ids = db
        .selectDistinct({ id: eventOccurrences.eventId })
        .from(eventOccurrences)
        .where(and(...occurrenceConditions({ ...filters, from }, now)));
      const rows = await db
        .select()
        .from(events)
        .where(and(...eventConditions(filters, ctx.taxonomy), inArray(events.id, ids)))
        .orderBy(events.startsAt, events.id)
        .limit(FEED_LIMIT);
      const occurrences = await db
        .select()
        .from(eventOccurrences)
        .where(inArray(eventOccurrences.eventId, rows.length ? rows.map((r) => r.id) : ['']));
      const items = rows.map((event) => ({ event, occurrences: occurrences.filter((o) => o.eventId === event.id) }));
      return calendarResponse(
        buildCalendar(items, { publicUrl: ctx.publicUrl, name: '科普活动', taxonomy: ctx.taxonomy }),
        'events.ics',
      );
    })
    .openapi(importRoute, async (c) => {
      const query = c.req.valid('query');
      const report = await handleImportRequest(c, db, eventsImporter, { config: deps.config, query, publish: true });
      return c.json(report, 200);
    })
    .openapi(listRoute, async (c) => c.json(await listEvents(db, c.req.valid('query'), ctx.taxonomy), 200))
    .openapi(recommendationsRoute, async (c) => {
      const data = await recommendEvents(db, c.req.valid('query'), { timeZone: ctx.timeZone, taxonomy: ctx.taxonomy });
      return c.json({ data }, 200);
    })
    .openapi(getRoute, async (c) => c.json(await getEvent(db, c.req.valid('param').id, ctx), 200))
    .openapi(createEventRoute, async (c) => {
      const input = c.req.valid('json');
      const principal = c.get('principal');
      const row = await db.transaction(async (tx) => {
        const created = await insertEvent(tx, input, ctx, principal.organizationId);
        await recordAudit(tx, c, { action: 'event.create', targetType: 'event', targetId: created.id });
        return created;
      });
      return c.json(await getEvent(db, row.id, ctx), 201);
    })
    .openapi(updateEventRoute, async (c) => {
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      await db.transaction(async (tx) => {
        const updated = await updateEvent(tx, id, patch, ctx, c.get('principal'));
        await recordAudit(tx, c, {
          action: 'event.update',
          targetType: 'event',
          targetId: id,
          details: { fields: Object.keys(patch), sequence: updated.sequence, status: updated.status },
        });
      });
      return c.json(await getEvent(db, id, ctx), 200);
    })
    .openapi(registerRoute, async (c) => {
      const { id, occurrenceId } = c.req.valid('param');
      const created = await register(db, {
        eventId: id,
        occurrenceId,
        input: c.req.valid('json'),
        keyId: c.get('principal').keyId,
      });
      return c.json(created, 201);
    })
    .openapi(listRegistrationsRoute, async (c) => {
      const { id, occurrenceId } = c.req.valid('param');
      const { reason } = c.req.valid('query');
      const data = await db.transaction(async (tx) => {
        const [event] = await tx.select().from(events).where(eq(events.id, id));
        const [occurrence] = await tx
          .select({ id: eventOccurrences.id })
          .from(eventOccurrences)
          .where(and(eq(eventOccurrences.id, occurrenceId), eq(eventOccurrences.eventId, id)));
        if (!event || !occurrence) throw notFound(`Occurrence ${occurrenceId} of event ${id}`);
        assertOrganizer(c.get('principal'), event);
        const rows = await listRegistrations(tx, occurrenceId);
        await recordAudit(tx, c, {
          action: 'registration.pii.read',
          targetType: 'occurrence',
          targetId: occurrenceId,
          reason,
          details: { eventId: id, count: rows.length },
        });
        return Promise.all(
          rows.map(async (r) =>
            registrationDto(r, { unmasked: true, waitlistPosition: await waitlistPosition(tx, r) }),
          ),
        );
      });
      return c.json({ data, nextCursor: null }, 200);
    })
    .openapi(getRegistrationRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { token } = c.req.valid('query');
      const [r] = await db.select().from(registrations).where(eq(registrations.id, id));
      if (!r) throw notFound(`Registration ${id}`);
      if (!sameToken(token, r.cancelTokenHash)) {
        throw new ApiError(
          403,
          'forbidden',
          'The token does not match this registration. Use the token given at registration.',
        );
      }
      return c.json(registrationDto(r, { waitlistPosition: await waitlistPosition(db, r) }), 200);
    })
    .openapi(cancelRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { token } = c.req.valid('query');
      const { registration } = await cancelRegistration(db, { id, token });
      return c.json(registration, 200);
    })
    .openapi(checkInRoute, async (c) => {
      const { id } = c.req.valid('param');
      const { code } = c.req.valid('json');
      const registration = await db.transaction(async (tx) => {
        const result = await checkIn(tx, { id, code });
        assertOrganizer(c.get('principal'), result.event);
        await recordAudit(tx, c, { action: 'registration.check_in', targetType: 'registration', targetId: id });
        return result.registration;
      });
      return c.json(registration, 200);
    })
    .openapi(closeRoute, async (c) => {
      const { id, occurrenceId } = c.req.valid('param');
      const attendance = await db.transaction(async (tx) => {
        const [event] = await tx.select().from(events).where(eq(events.id, id));
        if (!event) throw notFound(`Event ${id}`);
        assertOrganizer(c.get('principal'), event);
        const result = await closeOccurrence(tx, { eventId: id, occurrenceId });
        await recordAudit(tx, c, {
          action: 'occurrence.close',
          targetType: 'occurrence',
          targetId: occurrenceId,
          details: { attended: result.attended, noShow: result.noShow },
        });
        return result;
      });
      return c.json(attendance, 200);
    })
    .openapi(statsRoute, async (c) =>
      c.json(await eventStats(db, c.req.valid('query'), ctx.timeZone, ctx.taxonomy), 200),
    );
}
