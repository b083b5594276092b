import { z } from 'zod';
import { Cursor, Limit, pageOf } from './common.js';

/** What kind of activity an event is. `campaign` is an umbrella (e.g. 2023 全国科普日) with child events. */
export const EventType = z
  .enum(['lecture', 'exhibition', 'workshop', 'tour', 'competition', 'online', 'campaign', 'class'])
  .meta({
    id: 'EventType',
    description:
      'lecture 讲座, exhibition 展览, workshop 工作坊, tour 研学, competition 竞赛, online 线上, campaign 主题活动, class 科普课堂',
  });
export type EventType = z.infer<typeof EventType>;

/** schema.org `eventStatus`. */
export const EventStatus = z
  .enum(['scheduled', 'cancelled', 'postponed', 'rescheduled', 'moved_online'])
  .meta({ id: 'EventStatus' });
export type EventStatus = z.infer<typeof EventStatus>;

export const OccurrenceStatus = z.enum(['scheduled', 'cancelled']).meta({ id: 'OccurrenceStatus' });
export type OccurrenceStatus = z.infer<typeof OccurrenceStatus>;

export const RegistrationStatus = z
  .enum(['pending', 'confirmed', 'waitlisted', 'cancelled', 'attended', 'no_show'])
  .meta({ id: 'RegistrationStatus' });
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;

const DateTime = z.iso
  .datetime({ offset: true })
  .meta({ description: 'ISO 8601 date-time with offset', example: '2026-12-05T14:30:00+08:00' });
const LocalDate = z.iso.date().meta({ example: '2026-12-05' });

export const GeoPoint = z
  .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })
  .meta({ id: 'GeoPoint', description: 'WGS-84 coordinates', example: { lat: 22.543, lng: 114.058 } });
export type GeoPoint = z.infer<typeof GeoPoint>;

export const Audience = z
  .object({
    minAge: z.number().int().min(0).max(120).optional(),
    maxAge: z.number().int().min(0).max(120).optional(),
    grades: z
      .array(z.string().min(1).max(20))
      .max(20)
      .optional()
      .meta({ example: ['四年级', '五年级'] }),
    groups: z
      .array(z.string().min(1).max(40))
      .max(20)
      .optional()
      .meta({ example: ['青少年', '家庭'], description: 'Target groups (青少年, 老年人, 家庭, 教师…)' }),
  })
  .refine((a) => a.minAge === undefined || a.maxAge === undefined || a.minAge <= a.maxAge, {
    message: 'minAge must not be greater than maxAge',
    path: ['maxAge'],
  })
  .meta({ id: 'EventAudience' });
export type Audience = z.infer<typeof Audience>;

export const Recurrence = z
  .object({
    rrule: z.string().min(6).max(500).meta({
      description:
        'RFC 5545 RRULE, in the event time zone, with COUNT or UNTIL (UNTIL in UTC, `Z`). A rule without an end is refused.',
      example: 'FREQ=WEEKLY;BYDAY=SA;COUNT=12',
    }),
    exdates: z
      .array(z.union([DateTime, LocalDate]))
      .max(500)
      .default([])
      .meta({ description: 'Exception dates: an occurrence start (date-time) or a whole local day (date).' }),
  })
  .meta({ id: 'EventRecurrence' });
export type Recurrence = z.infer<typeof Recurrence>;

export const OccurrenceOverride = z
  .object({
    originalStartsAt: DateTime.meta({ description: 'The start the rule generates (RECURRENCE-ID).' }),
    startsAt: DateTime.optional(),
    endsAt: DateTime.optional(),
    capacity: z.number().int().min(0).max(100_000).nullable().optional(),
    cancelled: z.boolean().optional(),
  })
  .meta({ id: 'OccurrenceOverride' });
export type OccurrenceOverride = z.infer<typeof OccurrenceOverride>;

export const RegistrationRules = z
  .object({
    required: z.boolean().default(true).meta({ description: 'false: drop-in, no registration taken.' }),
    opensAt: DateTime.optional().meta({ description: 'Registration opens (all occurrences). Default: now.' }),
    closesMinutesBeforeStart: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 30)
      .default(0),
    maxPartySize: z.number().int().min(1).max(20).default(4).meta({ description: 'Seats one registration may take.' }),
    waitlist: z.boolean().default(true).meta({ description: 'Queue registrations once full (promoted in order).' }),
  })
  .meta({ id: 'RegistrationRules' });
export type RegistrationRules = z.infer<typeof RegistrationRules>;

export const CompetitionRules = z
  .object({
    categories: z
      .array(z.string().min(1).max(60))
      .max(50)
      .default([])
      .meta({ example: ['小学组', '初中组'] }),
    minTeamSize: z.number().int().min(1).max(20).default(1),
    maxTeamSize: z.number().int().min(1).max(20).default(5),
  })
  .refine((c) => c.minTeamSize <= c.maxTeamSize, { message: 'minTeamSize must not exceed maxTeamSize' })
  .meta({ id: 'CompetitionRules' });
export type CompetitionRules = z.infer<typeof CompetitionRules>;

const EventFields = {
  title: z.string().trim().min(1).max(200).meta({ example: '“科学与中国”院士专家巡讲：走进深圳' }),
  summary: z.string().trim().max(500).optional(),
  description: z.string().max(20_000).optional(),
  type: EventType,
  campaignId: z.string().max(64).nullable().optional().meta({ description: 'Umbrella event (schema.org superEvent).' }),
  venueId: z.string().max(64).nullable().optional().meta({ description: 'Registry resource id of the venue.' }),
  venueName: z.string().trim().max(200).nullable().optional(),
  address: z.string().trim().max(300).nullable().optional(),
  district: z.string().trim().max(40).nullable().optional().meta({ example: '福田区' }),
  location: GeoPoint.nullable().optional(),
  onlineUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
  audience: Audience.optional(),
  topics: z
    .array(z.string().trim().min(1).max(40))
    .max(20)
    .optional()
    .meta({ example: ['天文', '航天'] }),
  priceYuan: z.number().min(0).max(100_000).optional().meta({ description: '0 (default) is free.' }),
  accessibility: z
    .array(z.string().min(1).max(60))
    .max(20)
    .optional()
    .meta({ example: ['无障碍通道', '手语翻译'] }),
  language: z.string().min(2).max(20).optional().meta({ example: 'zh-CN' }),
  status: EventStatus.optional(),
  startsAt: DateTime,
  endsAt: DateTime,
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .meta({ description: 'IANA zone; default the server’s (Asia/Shanghai).' }),
  recurrence: Recurrence.nullable().optional(),
  overrides: z.array(OccurrenceOverride).max(500).optional(),
  capacity: z
    .number()
    .int()
    .min(0)
    .max(100_000)
    .nullable()
    .optional()
    .meta({ description: 'Seats per occurrence (team entries for competitions); null: no limit.' }),
  registration: RegistrationRules.optional(),
  competition: CompetitionRules.nullable().optional(),
};

/** Body of `POST /v1/events` (staff, `events:write`). */
export const EventCreate = z.object(EventFields).meta({ id: 'EventCreate' });
export type EventCreate = z.input<typeof EventCreate>;

/** Body of `PATCH /v1/events/{id}`: any field of `EventCreate`. Changing time, recurrence or capacity re-materialises occurrences. */
export const EventUpdate = z.object(EventFields).partial().meta({ id: 'EventUpdate' });
export type EventUpdate = z.input<typeof EventUpdate>;

export const Occurrence = z
  .object({
    id: z.string(),
    eventId: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    recurrenceId: z.string().nullable().meta({ description: 'The start the rule generated, for recurring events.' }),
    status: OccurrenceStatus,
    capacity: z.number().int().nullable(),
    seatsTaken: z.number().int(),
    seatsLeft: z.number().int().nullable().meta({ description: 'null: no limit.' }),
    waitlisted: z.number().int(),
  })
  .meta({ id: 'Occurrence' });
export type Occurrence = z.infer<typeof Occurrence>;

export const Event = z
  .object({
    id: z.string(),
    title: z.string(),
    summary: z.string().nullable(),
    description: z.string().nullable(),
    type: EventType,
    status: EventStatus,
    campaignId: z.string().nullable(),
    organizerId: z.string().nullable(),
    venueId: z.string().nullable(),
    venueName: z.string().nullable(),
    address: z.string().nullable(),
    district: z.string().nullable(),
    location: GeoPoint.nullable(),
    onlineUrl: z.string().nullable(),
    audience: Audience,
    topics: z.array(z.string()),
    priceYuan: z.number(),
    free: z.boolean(),
    accessibility: z.array(z.string()),
    language: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    timeZone: z.string(),
    recurrence: Recurrence.nullable(),
    capacity: z.number().int().nullable(),
    registration: RegistrationRules,
    competition: CompetitionRules.nullable(),
    sequence: z.number().int().meta({ description: 'iCalendar SEQUENCE: bumped on every change.' }),
    nextOccurrence: Occurrence.nullable().meta({ description: 'Next occurrence within the query window.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Event' });
export type Event = z.infer<typeof Event>;

export const EventDetail = Event.extend({
  occurrences: z.array(Occurrence),
  jsonLd: z.record(z.string(), z.unknown()).meta({ description: 'schema.org Event as JSON-LD.' }),
}).meta({ id: 'EventDetail' });
export type EventDetail = z.infer<typeof EventDetail>;

const BoolParam = z.enum(['true', 'false']).transform((v) => v === 'true');
const CsvParam = z
  .string()
  .max(500)
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
/** `near=lat,lng[,radiusKm]` (radius default 10 km). */
export const NearParam = z
  .string()
  .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?(,\d+(\.\d+)?)?$/, 'use lat,lng or lat,lng,radiusKm, e.g. 22.54,114.06,5')
  .transform((v) => {
    const [lat, lng, radius] = v.split(',').map(Number);
    return { lat: lat as number, lng: lng as number, radiusKm: radius ?? 10 };
  })
  .refine((n) => Math.abs(n.lat) <= 90 && Math.abs(n.lng) <= 180 && n.radiusKm > 0 && n.radiusKm <= 500, {
    message: 'lat must be within ±90, lng within ±180, radius within (0, 500] km',
  })
  .meta({ description: 'lat,lng[,radiusKm] (radius default 10 km)', example: '22.543,114.058,5' });

export const EventFilters = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Words in title, summary, description, topics.' }),
  from: DateTime.optional().meta({ description: 'Occurrences starting at or after (default: now).' }),
  to: DateTime.optional().meta({ description: 'Occurrences starting before.' }),
  district: z.string().trim().min(1).max(40).optional(),
  topic: z.string().trim().min(1).max(40).optional(),
  type: EventType.optional(),
  audienceAge: z.coerce.number().int().min(0).max(120).optional().meta({ description: 'Suitable for this age.' }),
  campaign: z.string().max(64).optional().meta({ description: 'Child events of this campaign id.' }),
  near: NearParam.optional(),
  free: BoolParam.optional(),
  hasSeats: BoolParam.optional().meta({ description: 'true: only occurrences with seats left (or no limit).' }),
});
export type EventFilters = z.output<typeof EventFilters>;

export const EventListQuery = EventFilters.extend({ cursor: Cursor.optional(), limit: Limit });
export type EventListQuery = z.output<typeof EventListQuery>;

export const EventPage = pageOf(Event).meta({ id: 'EventPage' });
export type EventPage = z.infer<typeof EventPage>;

const Mobile = z
  .string()
  .trim()
  .max(20)
  .regex(/^(\+?86)?1[3-9]\d{9}$/, 'must be a mainland China mobile number, 11 digits starting with 1, e.g. 13812345678')
  .meta({ example: '13812345678' });
const PersonName = z.string().trim().min(1).max(40);

export const TeamEntry = z
  .object({
    name: z.string().trim().min(1).max(60).meta({ example: '深圳中学天文社' }),
    school: z.string().trim().min(1).max(100),
    grade: z.string().trim().max(20).optional(),
    category: z.string().trim().max(60).optional(),
    members: z
      .array(z.object({ name: PersonName, grade: z.string().trim().max(20).optional() }))
      .min(1)
      .max(20),
  })
  .meta({ id: 'TeamEntry' });
export type TeamEntry = z.infer<typeof TeamEntry>;

/** Body of `POST /v1/events/{id}/occurrences/{occurrenceId}/registrations` (any API key). */
export const RegistrationCreate = z
  .object({
    name: PersonName.meta({ example: '张小明' }),
    mobile: Mobile,
    partySize: z.number().int().min(1).max(20).default(1),
    age: z.number().int().min(0).max(120).optional().meta({ description: 'Under 18 needs a guardian.' }),
    guardian: z.object({ name: PersonName, mobile: Mobile }).optional(),
    team: TeamEntry.optional().meta({ description: 'Required for competitions; one entry takes one slot.' }),
  })
  .refine((r) => r.age === undefined || r.age >= 18 || r.guardian !== undefined, {
    message: 'a registrant under 18 needs a guardian (name and mobile)',
    path: ['guardian'],
  })
  .meta({ id: 'RegistrationCreate' });
export type RegistrationCreate = z.input<typeof RegistrationCreate>;

export const Registration = z
  .object({
    id: z.string(),
    eventId: z.string(),
    occurrenceId: z.string(),
    status: RegistrationStatus,
    partySize: z.number().int(),
    seats: z.number().int().meta({ description: 'Seats this registration takes (1 for a team entry).' }),
    waitlistPosition: z.number().int().nullable(),
    name: z.string().meta({ description: 'Masked (张**) unless read with `registrations:read`.' }),
    mobile: z.string().meta({ description: 'Masked (138****5678) unless read with `registrations:read`.' }),
    guardian: z.object({ name: z.string(), mobile: z.string() }).nullable(),
    team: TeamEntry.nullable(),
    createdAt: z.string(),
    checkedInAt: z.string().nullable(),
  })
  .meta({ id: 'Registration' });
export type Registration = z.infer<typeof Registration>;

/** The answer to a new registration: the only time the cancellation token and check-in code are shown. */
export const RegistrationCreated = Registration.extend({
  cancelToken: z.string().meta({ description: 'Keep it: `DELETE /v1/registrations/{id}?token=…` cancels.' }),
  checkInCode: z.string().meta({ description: 'Shown at the door; staff check in with it.' }),
}).meta({ id: 'RegistrationCreated' });
export type RegistrationCreated = z.infer<typeof RegistrationCreated>;

export const RegistrationPage = pageOf(Registration).meta({ id: 'RegistrationPage' });

/** Query of the unmasked registration list: why personal data is read (kept in the audit log). */
export const RegistrationListQuery = z.object({
  reason: z
    .string()
    .trim()
    .min(4)
    .max(200)
    .meta({ description: 'Why personal data is read; kept in the audit log.', example: '签到名单' }),
});
export type RegistrationListQuery = z.input<typeof RegistrationListQuery>;

/** Query of reading or cancelling one's own registration: the cancellation token it was created with. */
export const RegistrationTokenQuery = z.object({ token: z.string().min(8).max(100) });
export type RegistrationTokenQuery = z.input<typeof RegistrationTokenQuery>;
export type RegistrationPage = z.infer<typeof RegistrationPage>;

export const CheckIn = z
  .object({ code: z.string().trim().min(4).max(32).meta({ example: 'K7Q2M9XD' }) })
  .meta({ id: 'CheckIn' });
export type CheckIn = z.infer<typeof CheckIn>;

/** Answer of closing a session: who came, who did not. */
export const OccurrenceAttendance = z
  .object({
    occurrenceId: z.string(),
    attended: z.number().int(),
    noShow: z.number().int().meta({ description: 'Confirmed registrations not checked in, now `no_show`.' }),
  })
  .meta({ id: 'OccurrenceAttendance' });
export type OccurrenceAttendance = z.infer<typeof OccurrenceAttendance>;

export const RecommendationQuery = z.object({
  age: z.coerce.number().int().min(0).max(120).optional(),
  district: z.string().trim().min(1).max(40).optional(),
  topics: CsvParam.optional().meta({ description: 'Comma-separated topics', example: '天文,航天' }),
  from: DateTime.optional(),
  to: DateTime.optional(),
  near: NearParam.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type RecommendationQuery = z.output<typeof RecommendationQuery>;

export const RecommendationReason = z
  .object({
    kind: z.enum(['topic', 'age', 'distance', 'district', 'date', 'seats']),
    score: z.number().meta({ description: 'Contribution to the ranking score.' }),
    text: z.string().meta({ example: '主题相符：天文' }),
  })
  .meta({ id: 'RecommendationReason' });
export type RecommendationReason = z.infer<typeof RecommendationReason>;

export const Recommendation = z
  .object({
    event: Event,
    occurrence: Occurrence,
    score: z.number(),
    distanceKm: z.number().nullable(),
    reasons: z.array(RecommendationReason),
  })
  .meta({ id: 'EventRecommendation' });
export type Recommendation = z.infer<typeof Recommendation>;

export const RecommendationList = z.object({ data: z.array(Recommendation) }).meta({ id: 'EventRecommendationList' });
export type RecommendationList = z.infer<typeof RecommendationList>;

export const EventStatsQuery = z.object({ from: DateTime.optional(), to: DateTime.optional() });
export type EventStatsQuery = z.output<typeof EventStatsQuery>;

const StatsRow = z.object({
  key: z.string(),
  events: z.number().int(),
  occurrences: z.number().int(),
  registrations: z.number().int().meta({ description: 'Confirmed, attended and no-show registrations.' }),
  seats: z.number().int(),
  attended: z.number().int(),
});
export const EventStats = z
  .object({
    totals: StatsRow.omit({ key: true }),
    byDistrict: z.array(StatsRow),
    byType: z.array(StatsRow),
    byMonth: z.array(StatsRow.meta({ description: 'key: YYYY-MM in the configured time zone' })),
  })
  .meta({ id: 'EventStats' });
export type EventStats = z.infer<typeof EventStats>;
