import { z } from 'zod';
import { Cursor, Limit, pageOf } from './common.js';
import { DesignationScheme, TaxonomyTerm } from './taxonomy.js';

/** What a registry entry is (the 名录 collects more than places). */
export const ResourceKind = z.enum(['venue', 'facility', 'equipment', 'work', 'product', 'information']).meta({
  id: 'ResourceKind',
  description:
    'venue 场馆/场所, facility 设施, equipment 设备/展品, work 作品, product 产品/课程, information 信息资源',
});
export type ResourceKind = z.infer<typeof ResourceKind>;

/** Review state of an entry. Only `published` is public. */
export const ResourceStatus = z
  .enum(['submitted', 'changes_requested', 'rejected', 'published', 'archived'])
  .meta({ id: 'ResourceStatus' });
export type ResourceStatus = z.infer<typeof ResourceStatus>;

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']).meta({ id: 'Weekday' });
export type Weekday = z.infer<typeof Weekday>;

const TimeOfDay = z
  .string()
  .max(5)
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time HH:MM between 00:00 and 24:00')
  .meta({ example: '09:30' });
const LocalDate = z.iso.date().meta({ example: '2026-10-01' });

export const OpeningPeriod = z
  .object({ day: Weekday, opens: TimeOfDay, closes: TimeOfDay })
  .refine((p) => p.opens < p.closes, { message: 'closes must be after opens', path: ['closes'] })
  .meta({ id: 'OpeningPeriod' });

export const OpeningException = z
  .object({
    date: LocalDate,
    closed: z.boolean().meta({ description: 'true: closed all day; false: open with the hours given.' }),
    opens: TimeOfDay.optional(),
    closes: TimeOfDay.optional(),
    note: z.string().max(100).optional().meta({ example: '国庆节照常开放' }),
  })
  .refine((e) => e.closed || (e.opens !== undefined && e.closes !== undefined && e.opens < e.closes), {
    message: 'an open exception needs opens < closes',
    path: ['opens'],
  })
  .meta({ id: 'OpeningException' });

/** Structured opening hours: periods per weekday (schema.org OpeningHoursSpecification) plus dated exceptions. */
export const OpeningHours = z
  .object({
    weekly: z.array(OpeningPeriod).max(50).default([]),
    exceptions: z.array(OpeningException).max(200).default([]),
    note: z.string().max(200).optional().meta({ example: '16:30 停止入场；法定节假日另行公告' }),
  })
  .meta({ id: 'OpeningHours' });
export type OpeningHours = z.infer<typeof OpeningHours>;

export const OpeningHoursInput = z
  .union([
    OpeningHours,
    z.string().min(1).max(300).meta({
      description:
        'Or text as on the collection form: `周二至周日 09:00-17:00；周一闭馆`, `每天 9:00-12:00,14:00-17:30`, `全天开放`.',
    }),
  ])
  .meta({ id: 'OpeningHoursInput' });

const Url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://www.example.org' }).max(500);

export const ResourceLocationInput = z
  .object({
    address: z.string().trim().min(2).max(200).meta({ example: '深圳市福田区上步中路1003号' }),
    district: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .meta({ description: 'A district code or name of the profile.', example: '福田区' }),
    lat: z.number().min(-90, 'lat must be between -90 and 90').max(90, 'lat must be between -90 and 90').optional(),
    lng: z
      .number()
      .min(-180, 'lng must be between -180 and 180')
      .max(180, 'lng must be between -180 and 180')
      .optional(),
    transitHint: z.string().max(200).optional().meta({ example: '地铁1号线科学馆站D出口' }),
    accessibility: z
      .array(z.string().min(1).max(60))
      .max(20)
      .default([])
      .meta({ example: ['无障碍通道', '轮椅借用'] }),
  })
  .refine((l) => (l.lat === undefined) === (l.lng === undefined), {
    message: 'give both lat and lng (WGS-84), or neither',
    path: ['lng'],
  })
  .meta({ id: 'ResourceLocationInput' });

export const ResourceOrganizationInput = z
  .object({
    name: z.string().trim().min(2).max(120).meta({ example: '深圳市科学技术协会' }),
    unifiedSocialCreditCode: z
      .string()
      .max(18)
      .regex(
        /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
        'must be an 18-character unified social credit code',
      )
      .optional(),
    contactRole: z
      .string()
      .max(60)
      .optional()
      .meta({ description: 'A role, never a person: e.g. 科普部, 服务台.', example: '科普部' }),
    website: Url.optional(),
  })
  .meta({ id: 'ResourceOrganizationInput' });

export const ResourceAudienceInput = z
  .object({
    groups: z
      .array(z.string().min(1).max(40))
      .max(20)
      .default([])
      .meta({ example: ['青少年', '亲子家庭'] }),
    ageMin: z.number().int().min(0).max(120).optional(),
    ageMax: z.number().int().min(0).max(120).optional(),
  })
  .refine((a) => a.ageMin === undefined || a.ageMax === undefined || a.ageMin <= a.ageMax, {
    message: 'ageMin must not be greater than ageMax',
    path: ['ageMax'],
  })
  .meta({ id: 'ResourceAudienceInput' });

export const Booking = z
  .object({
    required: z.boolean().meta({ description: '是否需要预约' }),
    url: Url.optional(),
    notes: z.string().max(300).optional().meta({ example: '微信公众号实名预约，团体需提前3天' }),
  })
  .meta({ id: 'Booking' });

export const MediaLink = z
  .object({ type: z.enum(['image', 'video', 'page']), url: Url, title: z.string().max(100).optional() })
  .meta({ id: 'MediaLink' });

/** A submission (`POST /v1/resources`), also the shape an import row becomes. */
export const ResourceInput = z
  .object({
    externalId: z
      .string()
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'letters, digits and . _ : - (max 64)')
      .optional()
      .meta({
        description: 'Your stable id (catalogue number); re-imports update the entry with this id.',
        example: 'SZ-KP-0001',
      }),
    kind: ResourceKind,
    name: z.string().trim().min(2).max(120).meta({ example: '深圳市科学馆' }),
    description: z.string().trim().min(10).max(5000).meta({ description: '简介, at least 10 characters.' }),
    organization: ResourceOrganizationInput.optional(),
    location: ResourceLocationInput.optional().meta({ description: 'Required for venues and facilities.' }),
    openingHours: OpeningHoursInput.optional(),
    topics: z
      .array(z.string().min(1).max(40))
      .max(10)
      .default([])
      .meta({ description: 'Topic codes or names of the profile.', example: ['航空航天', '信息技术'] }),
    audience: ResourceAudienceInput.optional(),
    booking: Booking.optional(),
    media: z.array(MediaLink).max(20).default([]),
    website: Url.optional(),
    assuredDate: LocalDate.optional().meta({
      description: 'When the information was last checked (HSDS assured_date).',
    }),
  })
  .refine((r) => (r.kind !== 'venue' && r.kind !== 'facility') || r.location !== undefined, {
    message: 'venues and facilities need a location (address and district)',
    path: ['location'],
  })
  .meta({ id: 'ResourceInput' });
export type ResourceInput = z.infer<typeof ResourceInput>;

/** `PATCH /v1/resources/{id}`: the fields to change. On a published entry this becomes a revision to review. */
export const ResourcePatch = z
  .object({
    kind: ResourceKind.optional(),
    name: z.string().trim().min(2).max(120).optional(),
    description: z.string().trim().min(10).max(5000).optional(),
    organization: ResourceOrganizationInput.nullable().optional(),
    location: ResourceLocationInput.nullable().optional(),
    openingHours: OpeningHoursInput.nullable().optional(),
    topics: z.array(z.string().min(1).max(40)).min(1).max(10).optional(),
    audience: ResourceAudienceInput.nullable().optional(),
    booking: Booking.nullable().optional(),
    media: z.array(MediaLink).max(20).optional(),
    website: Url.nullable().optional(),
    assuredDate: LocalDate.nullable().optional(),
    note: z.string().max(500).optional().meta({ description: 'Why the change, for the reviewer.' }),
  })
  .refine((p) => Object.keys(p).some((k) => k !== 'note'), { message: 'change at least one field' })
  .meta({ id: 'ResourcePatch' });
export type ResourcePatch = z.infer<typeof ResourcePatch>;

const Term = z.object({ code: z.string(), name: z.string() }).meta({ id: 'TermRef' });

export const DesignationStatus = z.enum(['active', 'suspended', 'revoked', 'expired', 'unconfirmed']).meta({
  id: 'DesignationStatus',
  description:
    '`unconfirmed`: the grant is known (scheme, year) but not whether it is still valid — neither active nor expired until staff confirm it.',
});
export const AssessmentResult = z
  .enum(['优秀', '合格', '限期整改', '不合格'])
  .meta({ id: 'AssessmentResult', description: 'Annual assessment result.' });

export const Assessment = z
  .object({
    id: z.string(),
    year: z.number().int(),
    result: AssessmentResult,
    notes: z.string().nullable(),
    assessedOn: LocalDate.nullable(),
  })
  .meta({ id: 'Assessment' });

export const Designation = z
  .object({
    id: z.string(),
    resourceId: z.string(),
    resourceName: z.string(),
    scheme: Term.extend({ level: z.string() }),
    grantedOn: LocalDate,
    grantedPrecision: z.enum(['day', 'year']).meta({
      description: '`year`: only the year of the grant is known; grantedOn is then 1 January of that year, not a date.',
    }),
    validUntil: LocalDate.nullable(),
    status: DesignationStatus.meta({ description: 'As recorded by staff.' }),
    effectiveStatus: z.enum(['active', 'suspended', 'revoked', 'expired', 'rectification', 'unconfirmed']).meta({
      description:
        'What the public sees: `expired` after validUntil, `rectification` when the latest assessment is 限期整改, `revoked` when it is 不合格, `unconfirmed` when its current validity is not known.',
    }),
    certificateNo: z.string().nullable(),
    source: z.string().nullable().meta({ description: 'Where the grant is published.' }),
    assessments: z.array(Assessment),
  })
  .meta({ id: 'Designation' });
export type Designation = z.infer<typeof Designation>;

export const Resource = z
  .object({
    id: z.string().meta({ example: 'res_06c2…' }),
    externalId: z.string().nullable(),
    kind: ResourceKind,
    status: ResourceStatus,
    name: z.string(),
    description: z.string(),
    organization: z
      .object({
        id: z.string().nullable().meta({
          description:
            'The deduplicated organisation (one per unified social credit code, else per normalised name); filter with `organization=`.',
          example: 'org_06c2…',
        }),
        name: z.string(),
        unifiedSocialCreditCode: z.string().nullable(),
        contactRole: z.string().nullable().meta({ description: "This entry's contact role (never a person)." }),
        website: z.string().nullable(),
      })
      .nullable(),
    location: z
      .object({
        address: z.string(),
        district: Term,
        lat: z.number().nullable(),
        lng: z.number().nullable(),
        transitHint: z.string().nullable(),
        accessibility: z.array(z.string()),
      })
      .nullable(),
    openingHours: OpeningHours.nullable(),
    topics: z.array(Term),
    audience: z.object({ groups: z.array(Term), ageMin: z.number().nullable(), ageMax: z.number().nullable() }),
    booking: Booking.nullable(),
    media: z.array(MediaLink),
    website: z.string().nullable(),
    assuredDate: z.string().nullable(),
    designations: z.array(Designation),
    demo: z.boolean().meta({ description: 'Part of the demo data set (see docs/registry.md for its sources).' }),
    source: z.string().nullable().meta({ description: 'Where the data comes from.' }),
    publishedAt: z.string().nullable(),
    updatedAt: z.string(),
    distanceKm: z.number().optional().meta({ description: 'With `near`: distance from that point.' }),
    pendingRevisionId: z
      .string()
      .nullable()
      .optional()
      .meta({ description: 'Staff and the submitter only: a revision awaiting review.' }),
  })
  .meta({ id: 'Resource' });
export type Resource = z.infer<typeof Resource>;

export const ResourceDetail = Resource.extend({
  jsonLd: z.record(z.string(), z.unknown()).meta({ description: 'schema.org JSON-LD of the entry.' }),
}).meta({ id: 'ResourceDetail' });
export type ResourceDetail = z.infer<typeof ResourceDetail>;

const Csv = (description: string) => z.string().max(500).optional().meta({ description });

export const ResourceListQuery = z
  .object({
    q: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Search text (Chinese is segmented).', example: '航天 科技馆' }),
    kind: Csv('Comma-separated kinds, e.g. venue,facility'),
    district: Csv('District codes or names, comma-separated, e.g. 南山区'),
    organization: z.string().max(64).optional().meta({
      description: 'Entries of this organisation (its id, `organization.id` of an entry).',
      example: 'org_06c2…',
    }),
    topic: Csv('Topic codes or names, comma-separated; an entry matches any of them'),
    designation: Csv('Designation scheme codes or names; only effective (active) designations count'),
    audienceAge: z.coerce.number().int().min(0).max(120).optional().meta({ description: 'Suitable for this age.' }),
    audience: Csv('Audience group codes or names'),
    openAt: z.iso
      .datetime({ offset: true, error: 'must be an ISO date-time with offset, e.g. 2026-12-05T10:00:00+08:00' })
      .optional()
      .meta({ description: 'Open at this moment (in the city time zone).' }),
    near: z
      .string()
      .regex(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, 'must be "lat,lng", e.g. 22.54,114.06')
      .optional()
      .meta({ description: 'lat,lng (WGS-84); results are sorted by distance.', example: '22.543,114.058' }),
    radiusKm: z.coerce
      .number()
      .positive()
      .max(200)
      .optional()
      .meta({ description: 'With near: maximum distance. Default 10.' }),
    status: ResourceStatus.optional().meta({ description: 'Staff (`registry:review`) only; default published.' }),
    facets: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => v !== 'false')
      .meta({ description: 'Include facet counts (default true).' }),
    cursor: Cursor.optional(),
    limit: Limit,
  })
  .meta({ id: 'ResourceListQuery' });
export type ResourceListQuery = z.infer<typeof ResourceListQuery>;

const FacetCount = z.object({ code: z.string(), name: z.string(), count: z.number().int() });
export const ResourceFacets = z
  .object({
    kind: z.array(FacetCount),
    district: z.array(FacetCount),
    topic: z.array(FacetCount),
    designation: z.array(FacetCount),
  })
  .meta({ id: 'ResourceFacets' });

export const ResourcePage = pageOf(Resource)
  .extend({
    total: z.number().int().meta({ description: 'Entries matching the filters.' }),
    facets: ResourceFacets.optional(),
    ranking: z.enum(['lexical', 'hybrid']).optional().meta({
      description:
        'With `q`: `hybrid` when the semantic index (configured embedding model) ranked too, `lexical` when only the words did (no semantic embedder, or it did not answer).',
    }),
  })
  .meta({ id: 'ResourcePage' });
export type ResourcePage = z.infer<typeof ResourcePage>;

export const ReviewAction = z.enum(['approve', 'reject', 'request_changes', 'archive']).meta({ id: 'ReviewAction' });
export const ReviewRequest = z
  .object({
    action: ReviewAction,
    reason: z.string().trim().min(2).max(1000).optional(),
  })
  .refine((r) => r.action === 'approve' || r.reason !== undefined, {
    message: 'reject, request_changes and archive need a reason',
    path: ['reason'],
  })
  .meta({ id: 'ReviewRequest' });
export type ReviewRequest = z.infer<typeof ReviewRequest>;

export const Duplicate = z
  .object({ id: z.string(), name: z.string(), status: ResourceStatus, reason: z.enum(['name_district', 'address']) })
  .meta({ id: 'Duplicate' });

export const SubmissionResult = z
  .object({ resource: Resource, duplicates: z.array(Duplicate) })
  .meta({ id: 'SubmissionResult' });

export const RevisionResult = z
  .object({
    resource: Resource,
    revision: z
      .object({ id: z.string(), status: z.enum(['submitted', 'changes_requested', 'approved', 'rejected']) })
      .nullable()
      .meta({ description: 'Set when the change awaits review (the published entry stays as it is until then).' }),
  })
  .meta({ id: 'RevisionResult' });

export const Transition = z
  .object({
    id: z.string(),
    resourceId: z.string(),
    revisionId: z.string().nullable(),
    action: z.enum(['submit', 'revise', 'approve', 'reject', 'request_changes', 'archive', 'import']),
    fromStatus: z.string().nullable(),
    toStatus: z.string(),
    actorKeyId: z.string().nullable(),
    actorOrganizationId: z.string().nullable(),
    reason: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'Transition' });
export const TransitionPage = z.object({ data: z.array(Transition) }).meta({ id: 'TransitionPage' });

export const RouteStop = z
  .object({
    position: z.number().int(),
    resourceId: z.string(),
    name: z.string(),
    district: z.string().nullable(),
    note: z.string().nullable(),
    stayMinutes: z.number().int().nullable(),
  })
  .meta({ id: 'RouteStop' });

export const ScienceRoute = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    name: z.string(),
    theme: z.string(),
    description: z.string(),
    durationText: z.string().meta({ example: '一日' }),
    durationMinutes: z.number().int().nullable(),
    audience: z.object({ groups: z.array(Term), ageMin: z.number().nullable(), ageMax: z.number().nullable() }),
    topics: z.array(Term),
    stops: z.array(RouteStop),
    demo: z.boolean(),
    jsonLd: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ScienceRoute' });
export type ScienceRoute = z.infer<typeof ScienceRoute>;

export const ScienceRouteInput = z
  .object({
    externalId: z
      .string()
      .max(64)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/)
      .optional(),
    name: z.string().trim().min(2).max(120),
    theme: z.string().trim().min(2).max(60),
    description: z.string().trim().min(10).max(3000),
    durationText: z.string().trim().min(1).max(30),
    durationMinutes: z
      .number()
      .int()
      .min(10)
      .max(60 * 24 * 7)
      .optional(),
    audience: ResourceAudienceInput.optional(),
    topics: z.array(z.string().min(1).max(40)).max(10).default([]),
    stops: z
      .array(
        z.object({
          resourceId: z.string().min(1).max(64),
          note: z.string().max(300).optional(),
          stayMinutes: z.number().int().min(5).max(600).optional(),
        }),
      )
      .min(2, 'a route has at least 2 stops')
      .max(20),
  })
  .meta({ id: 'ScienceRouteInput' });
export type ScienceRouteInput = z.infer<typeof ScienceRouteInput>;

export const ScienceRoutePage = pageOf(ScienceRoute).meta({ id: 'ScienceRoutePage' });

/** Query of `GET /v1/routes`. */
export const RouteListQuery = z.object({
  topic: z.string().max(40).optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type RouteListQuery = z.input<typeof RouteListQuery>;

export const DesignationInput = z
  .object({
    scheme: z.string().min(1).max(80).meta({ description: 'Scheme code or name of the profile.' }),
    grantedOn: LocalDate,
    validUntil: LocalDate.optional().meta({ description: 'Defaults to grantedOn + the scheme validity, if any.' }),
    certificateNo: z.string().max(60).optional(),
    source: z.string().max(300).optional(),
  })
  .refine((d) => d.validUntil === undefined || d.validUntil > d.grantedOn, {
    message: 'validUntil must be after grantedOn',
    path: ['validUntil'],
  })
  .meta({ id: 'DesignationInput' });
export type DesignationInput = z.infer<typeof DesignationInput>;

export const DesignationUpdate = z
  .object({
    status: DesignationStatus,
    reason: z.string().trim().min(2).max(500),
    validUntil: LocalDate.nullable()
      .optional()
      .meta({ description: 'Set with the status, e.g. when confirming an `unconfirmed` grant; null: no end date.' }),
  })
  .meta({ id: 'DesignationUpdate' });

export const AssessmentInput = z
  .object({
    year: z.number().int().min(1990).max(2100),
    result: AssessmentResult,
    notes: z.string().max(1000).optional(),
    assessedOn: LocalDate.optional(),
  })
  .meta({ id: 'AssessmentInput' });
export type AssessmentInput = z.infer<typeof AssessmentInput>;

export const DesignationListQuery = z.object({
  scheme: z.string().max(80).optional(),
  resourceId: z.string().max(64).optional(),
  effectiveStatus: Designation.shape.effectiveStatus.optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export const DesignationPage = pageOf(Designation).meta({ id: 'DesignationPage' });

export const TaxonomyView = z
  .object({
    id: z.string(),
    city: z.string(),
    districts: z.array(TaxonomyTerm),
    topics: z.array(TaxonomyTerm),
    audiences: z.array(TaxonomyTerm),
    designationSchemes: z.array(DesignationScheme),
    kinds: z.array(z.object({ code: ResourceKind, name: z.string() })),
  })
  .meta({ id: 'TaxonomyView' });

const CountRow = z.object({ code: z.string(), name: z.string(), count: z.number().int() });
export const ResourceStats = z
  .object({
    total: z.number().int(),
    byStatus: z.array(CountRow),
    byKind: z.array(CountRow),
    byDistrict: z.array(CountRow),
    byDesignation: z.array(CountRow),
    pendingRevisions: z.number().int(),
    generatedAt: z.string(),
  })
  .meta({ id: 'ResourceStats' });
export type ResourceStats = z.infer<typeof ResourceStats>;

export const ResourceExportQuery = z.object({
  format: z.enum(['csv', 'jsonl']).default('csv'),
});
