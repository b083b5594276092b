import { z } from 'zod';
import { pageOf } from './common.js';

// ── Shared pieces ────────────────────────────────────────────────────────────────────────────────────────────────

/** Mainland China mobile: 11 digits starting 13–19. Spaces, hyphens and a +86 / 0086 prefix are tolerated. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

/** Strips separators and the country prefix, so `+86 138-0013-8000` and `13800138000` are the same number. */
export function normalizeMainlandMobile(input: string): string {
  return input.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
}

export const MainlandMobile = z
  .string()
  .max(20)
  .transform(normalizeMainlandMobile)
  .refine((v) => MAINLAND_MOBILE.test(v), {
    message: 'must be a mainland China mobile number: 11 digits starting with 13–19, e.g. 13800138000',
  })
  .meta({ description: 'Mainland China mobile number.', example: '13800138000' });

const IsoDateTime = z.iso.datetime({ offset: true });
const IsoDate = z.iso.date();

export const VolunteerRole = z
  .enum(['science_volunteer', 'information_officer', 'lecturer'])
  .meta({ id: 'VolunteerRole', description: '科技志愿者 · 科普中国信息员 · 宣讲团成员.' });
export type VolunteerRole = z.infer<typeof VolunteerRole>;

export const VolunteerStatus = z
  .enum(['applicant', 'active', 'suspended', 'archived'])
  .meta({ id: 'VolunteerStatus', description: 'applicant → active ↔ suspended; archived (with a reason) is final.' });
export type VolunteerStatus = z.infer<typeof VolunteerStatus>;

export const VolunteerOrganizationKind = z
  .enum([
    'science_society',
    'university',
    'enterprise',
    'research_institute',
    'school',
    'hospital',
    'government',
    'other',
  ])
  .meta({
    id: 'VolunteerOrganizationKind',
    description: '科技社团 · 高校 · 企业 · 科研院所 · 学校 · 医院 · 机关 · 其他.',
  });

/** A skill tag: lowercase slug, e.g. `astronomy`, `first-aid`, `ai`. */
export const VolunteerSkill = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a lowercase slug such as `astronomy` or `first-aid`');

const District = z.string().trim().min(1).max(40).meta({ example: '南山区' });

export const VolunteerConsentInput = z
  .object({
    agreed: z.literal(true, { message: 'must be true: registration needs consent to the privacy notice' }),
    noticeVersion: z.string().trim().min(1).max(40).meta({ example: 'volunteer-privacy-2026-01' }),
    purposes: z
      .array(z.enum(['volunteer_management', 'service_records', 'contact_for_shifts', 'certificates']))
      .min(1)
      .default(['volunteer_management', 'service_records', 'contact_for_shifts', 'certificates']),
  })
  .meta({ id: 'VolunteerConsentInput' });

export const GuardianConsentInput = z
  .object({
    agreed: z.literal(true, { message: 'must be true: a guardian must consent for a volunteer under 14' }),
    noticeVersion: z.string().trim().min(1).max(40),
    guardianName: z.string().trim().min(1).max(40),
    relationship: z.string().trim().min(1).max(20).meta({ example: '母亲' }),
  })
  .meta({ id: 'GuardianConsentInput' });

export const VolunteerRegistration = z
  .object({
    name: z.string().trim().min(1).max(40).meta({ example: '李明' }),
    mobile: MainlandMobile,
    email: z.email().max(120).optional(),
    birthDate: IsoDate.meta({ description: 'Used only to tell whether a guardian must consent (under 14).' }),
    district: District,
    organization: z.string().trim().min(1).max(80).optional().meta({ example: '深圳大学' }),
    organizationKind: VolunteerOrganizationKind.optional(),
    skills: z.array(VolunteerSkill).max(20).default([]),
    roles: z.array(VolunteerRole).min(1).max(3).default(['science_volunteer']),
    consent: VolunteerConsentInput,
    guardianConsent: GuardianConsentInput.optional(),
  })
  .meta({ id: 'VolunteerRegistration' });
export type VolunteerRegistration = z.input<typeof VolunteerRegistration>;

export const VolunteerConsentRecord = z
  .object({
    id: z.string(),
    kind: z.enum(['volunteer', 'guardian']),
    noticeVersion: z.string(),
    purposes: z.array(z.string()),
    agreedAt: z.string(),
    withdrawnAt: z.string().nullable(),
  })
  .meta({ id: 'VolunteerConsentRecord' });

/** A volunteer as staff see it: name and mobile masked (`李*`, `***-****-8000`). */
export const Volunteer = z
  .object({
    id: z.string(),
    name: z.string().meta({ description: 'Masked unless read through the personal-data endpoint.' }),
    mobile: z.string().meta({ description: 'Masked: `***-****-8000`.' }),
    district: z.string(),
    organization: z.string().nullable(),
    organizationKind: VolunteerOrganizationKind.nullable(),
    skills: z.array(z.string()),
    roles: z.array(VolunteerRole),
    status: VolunteerStatus,
    statusReason: z.string().nullable(),
    minor: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'Volunteer' });
export type Volunteer = z.infer<typeof Volunteer>;

/** Unmasked personal data: only for `volunteers:pii` (audited with a reason) or the volunteer's own token. */
export const VolunteerPersonalData = Volunteer.extend({
  name: z.string(),
  mobile: z.string(),
  email: z.string().nullable(),
  birthDate: z.string().nullable(),
  consents: z.array(VolunteerConsentRecord),
}).meta({ id: 'VolunteerPersonalData' });
export type VolunteerPersonalData = z.infer<typeof VolunteerPersonalData>;

export const VolunteerRegistered = z
  .object({
    volunteer: Volunteer,
    volunteerToken: z.string().meta({
      description:
        'Shown once. Send it as `X-Volunteer-Token` for self-service (own record, sign-ups, export, deletion). Only its hash is stored.',
    }),
  })
  .meta({ id: 'VolunteerRegistered' });

export const VolunteerListQuery = z.object({
  status: VolunteerStatus.optional(),
  role: VolunteerRole.optional(),
  district: z.string().max(40).optional(),
  shiftId: z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'Only volunteers signed up for this shift (scheduled or completed): the roster.' }),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const VolunteerStatusChange = z
  .object({
    status: VolunteerStatus,
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .meta({ id: 'VolunteerStatusChange' });

export const VolunteerPersonalDataQuery = z.object({
  reason: z
    .string()
    .trim()
    .min(4, 'say why you need the unmasked data (at least 4 characters), e.g. `联系确认 6 月 1 日排班`')
    .max(500),
});

export const VolunteerTokenReissue = z
  .object({
    reason: z.string().trim().min(4, 'say how the volunteer asked for a new token (at least 4 characters)').max(500),
  })
  .meta({ id: 'VolunteerTokenReissue' });
export type VolunteerTokenReissue = z.infer<typeof VolunteerTokenReissue>;

export const VolunteerTokenIssued = z
  .object({
    volunteerId: z.string(),
    volunteerToken: z.string().meta({ description: 'Shown once; the previous token stops working.' }),
  })
  .meta({ id: 'VolunteerTokenIssued' });
export type VolunteerTokenIssued = z.infer<typeof VolunteerTokenIssued>;

export const VolunteerErasure = z
  .object({
    volunteerId: z.string(),
    erasedAt: z.string(),
    anonymisedMinutes: z.number().int().meta({ description: 'Approved minutes kept as anonymous aggregates.' }),
  })
  .meta({ id: 'VolunteerErasure' });

export const StaffKeyLink = z.object({ keyId: z.string().nullable() }).meta({
  id: 'StaffKeyLink',
  description: 'The staff key this volunteer operates, if any; it may not approve their own hours.',
});

// ── Opportunities, shifts, assignments ───────────────────────────────────────────────────────────────────────────

export const OpportunityInput = z
  .object({
    title: z.string().trim().min(1).max(120),
    description: z.string().trim().max(4000).default(''),
    eventId: z.string().max(64).optional().meta({ description: 'The event this opportunity serves.' }),
    classroomId: z.string().max(64).optional().meta({
      description:
        'A 科普课堂 that is not published as an event (e.g. a school’s own course). A published 科普课堂 is an event of type `class`: link it with `eventId`.',
    }),
    district: District,
    roles: z.array(VolunteerRole).min(1).default(['science_volunteer']),
  })
  .meta({ id: 'OpportunityInput' });

export const VolunteerShiftInput = z
  .object({
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    place: z.string().trim().min(1).max(200),
    slots: z.number().int().min(1).max(10_000),
    requiredSkills: z.array(VolunteerSkill).max(10).default([]),
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  })
  .refine((s) => Date.parse(s.endsAt) - Date.parse(s.startsAt) <= 24 * 3_600_000, {
    message: 'a shift lasts at most 24 hours; split longer service into several shifts',
    path: ['endsAt'],
  })
  .meta({ id: 'VolunteerShiftInput' });

export const VolunteerShift = z
  .object({
    id: z.string(),
    opportunityId: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    minutes: z.number().int(),
    place: z.string(),
    slots: z.number().int(),
    filled: z.number().int(),
    available: z.number().int(),
    requiredSkills: z.array(z.string()),
  })
  .meta({ id: 'VolunteerShift' });
export type VolunteerShift = z.infer<typeof VolunteerShift>;

export const Opportunity = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    eventId: z.string().nullable(),
    classroomId: z.string().nullable(),
    district: z.string(),
    roles: z.array(VolunteerRole),
    organizationId: z.string(),
    organizationName: z.string(),
    shifts: z.array(VolunteerShift),
    createdAt: z.string(),
    closedAt: z.string().nullable().meta({
      description:
        'When recruitment was closed (招募结束): no new shifts or sign-ups, and the assistant no longer offers it. Null while open.',
    }),
  })
  .meta({ id: 'Opportunity' });
export type Opportunity = z.infer<typeof Opportunity>;

export const OpportunityListQuery = z.object({
  district: z.string().max(40).optional(),
  role: VolunteerRole.optional(),
  skill: VolunteerSkill.optional(),
  eventId: z.string().max(64).optional(),
  from: IsoDateTime.optional().meta({ description: 'Only opportunities with a shift ending after this time.' }),
  to: IsoDateTime.optional().meta({ description: 'Only opportunities with a shift starting before this time.' }),
  openOnly: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .meta({ description: '`true`: only opportunities with a shift that has free slots.' }),
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const AssignmentStatus = z
  .enum(['scheduled', 'completed', 'no_show', 'cancelled'])
  .meta({ id: 'AssignmentStatus' });

export const ShiftAssignment = z
  .object({
    id: z.string(),
    shiftId: z.string(),
    volunteerId: z.string(),
    status: AssignmentStatus,
    checkedInAt: z.string().nullable(),
    checkedOutAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    shift: VolunteerShift.optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'ShiftAssignment' });
export type ShiftAssignment = z.infer<typeof ShiftAssignment>;

export const StaffSignUp = z.object({ volunteerId: z.string().max(64) }).meta({
  id: 'StaffSignUp',
  description: 'Staff may sign up a volunteer; volunteers sign themselves up with their token.',
});

export const ShiftCheckTime = z
  .object({ at: IsoDateTime.optional().meta({ description: 'When it happened; default now. Staff back-entry.' }) })
  .meta({ id: 'ShiftCheckTime' });

// ── Service records (hours) ──────────────────────────────────────────────────────────────────────────────────────

export const ServiceRecordSource = z
  .enum(['check_in', 'staff_entry', 'back_entry', 'import'])
  .meta({ id: 'ServiceRecordSource' });
export const ServiceRecordStatus = z.enum(['pending', 'approved', 'declined']).meta({ id: 'ServiceRecordStatus' });

export const ServiceRecordInput = z
  .object({
    shiftId: z.string().max(64).optional(),
    source: z.enum(['staff_entry', 'back_entry', 'import']).default('staff_entry'),
    serviceDate: IsoDate,
    description: z.string().trim().min(1).max(500).meta({ example: '科技馆周末讲解' }),
    scheduledMinutes: z.number().int().min(0).max(1440).optional(),
    creditedMinutes: z.number().int().min(0).max(1440),
    reason: z.string().trim().min(1).max(500).optional().meta({
      description: 'Required when credited minutes exceed the shift length, and for corrections.',
    }),
    correctsRecordId: z.string().max(64).optional().meta({
      description: 'A correction is a new record that supersedes this one once approved; the old one is never edited.',
    }),
  })
  .meta({ id: 'ServiceRecordInput' });

export const ServiceRecord = z
  .object({
    id: z.string(),
    volunteerId: z.string(),
    shiftId: z.string().nullable(),
    assignmentId: z.string().nullable(),
    organizationId: z.string(),
    source: ServiceRecordSource,
    serviceDate: z.string(),
    description: z.string(),
    scheduledMinutes: z.number().int().nullable(),
    creditedMinutes: z.number().int(),
    reason: z.string().nullable(),
    status: ServiceRecordStatus,
    correctsRecordId: z.string().nullable(),
    supersededBy: z.string().nullable(),
    recordedByKeyId: z.string().nullable(),
    decidedByKeyId: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ServiceRecord' });
export type ServiceRecord = z.infer<typeof ServiceRecord>;

/** What checking out answers: the completed assignment and the (pending) hours it recorded. */
export const CheckedOut = z
  .object({ assignment: ShiftAssignment, serviceRecord: ServiceRecord })
  .meta({ id: 'CheckedOut' });
export type CheckedOut = z.infer<typeof CheckedOut>;

export const ServiceRecordDecision = z
  .object({
    decision: z.enum(['approved', 'declined']),
    note: z.string().trim().max(500).optional(),
  })
  .meta({ id: 'ServiceRecordDecision' });

export const VolunteerHours = z
  .object({
    volunteerId: z.string(),
    approvedMinutes: z.number().int(),
    pendingMinutes: z.number().int(),
    records: z.array(ServiceRecord),
  })
  .meta({ id: 'VolunteerHours' });

// ── Certificates ─────────────────────────────────────────────────────────────────────────────────────────────────

export const ServiceCertificateInput = z
  .object({ periodStart: IsoDate, periodEnd: IsoDate })
  .refine((p) => p.periodEnd >= p.periodStart, {
    message: 'periodEnd must not be before periodStart',
    path: ['periodEnd'],
  })
  .meta({ id: 'ServiceCertificateInput' });

export const ServiceCertificate = z
  .object({
    code: z.string().meta({ description: 'Verification code; anyone may verify at /v1/certificates/{code}.' }),
    volunteerName: z.string().meta({ description: 'Masked on the public verification; full on the issued copy.' }),
    organizationName: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    approvedMinutes: z.number().int(),
    hours: z.number(),
    recordCount: z.number().int(),
    issuedAt: z.string(),
    revoked: z.boolean(),
    verifyUrl: z.string(),
    printUrl: z.string(),
  })
  .meta({ id: 'ServiceCertificate' });
export type ServiceCertificate = z.infer<typeof ServiceCertificate>;

// ── Lecturers ────────────────────────────────────────────────────────────────────────────────────────────────────

export const LecturerInput = z
  .object({
    name: z.string().trim().min(1).max(40),
    title: z.string().trim().max(80).default(''),
    institution: z.string().trim().max(120).default(''),
    topics: z.array(z.string().trim().min(1).max(40)).min(1).max(20),
    spirits: z
      .array(z.enum(['scientist', 'entrepreneur', 'craftsman']))
      .default([])
      .meta({ description: '科学家精神 · 企业家精神 · 工匠精神.' }),
    bio: z.string().trim().max(2000).default(''),
    district: District.optional(),
    volunteerId: z.string().max(64).optional(),
  })
  .meta({ id: 'LecturerInput' });

export const Lecturer = z
  .object({
    id: z.string(),
    name: z.string(),
    title: z.string(),
    institution: z.string(),
    topics: z.array(z.string()),
    spirits: z.array(z.enum(['scientist', 'entrepreneur', 'craftsman'])),
    bio: z.string(),
    district: z.string().nullable(),
    deliveredCount: z.number().int(),
    averageRating: z.number().nullable(),
  })
  .meta({ id: 'Lecturer' });
export type Lecturer = z.infer<typeof Lecturer>;

export const LecturerListQuery = z.object({
  topic: z.string().max(40).optional(),
  spirit: z.enum(['scientist', 'entrepreneur', 'craftsman']).optional(),
  district: z.string().max(40).optional(),
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const LecturerBookingStatus = z
  .enum(['requested', 'accepted', 'declined', 'delivered'])
  .meta({ id: 'LecturerBookingStatus' });

export const LecturerBookingInput = z
  .object({
    requesterKind: z.enum(['community', 'school', 'enterprise', 'other']),
    requesterName: z.string().trim().min(1).max(120).meta({ example: '南山区某社区党群服务中心' }),
    contactName: z.string().trim().min(1).max(40),
    contactMobile: MainlandMobile,
    preferredDate: IsoDate,
    topic: z.string().trim().min(1).max(120),
    audienceSize: z.number().int().min(1).max(100_000),
    note: z.string().trim().max(1000).default(''),
  })
  .meta({ id: 'LecturerBookingInput' });

export const LecturerBooking = z
  .object({
    id: z.string(),
    lecturerId: z.string(),
    requesterKind: z.enum(['community', 'school', 'enterprise', 'other']),
    requesterName: z.string(),
    contactName: z.string().meta({ description: 'Masked.' }),
    contactMobile: z.string().meta({ description: 'Masked.' }),
    preferredDate: z.string(),
    topic: z.string(),
    audienceSize: z.number().int(),
    note: z.string(),
    status: LecturerBookingStatus,
    decisionNote: z.string().nullable(),
    feedbackRating: z.number().int().nullable(),
    feedbackComment: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'LecturerBooking' });
export type LecturerBooking = z.infer<typeof LecturerBooking>;

export const LecturerBookingList = z.object({ data: z.array(LecturerBooking) }).meta({ id: 'LecturerBookingList' });
export type LecturerBookingList = z.infer<typeof LecturerBookingList>;

export const LecturerBookingTransition = z
  .object({ status: z.enum(['accepted', 'declined', 'delivered']), note: z.string().trim().max(500).optional() })
  .meta({ id: 'LecturerBookingTransition' });

export const LecturerBookingFeedback = z
  .object({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).default('') })
  .meta({ id: 'LecturerBookingFeedback' });

// ── 科普中国信息员 activity ─────────────────────────────────────────────────────────────────────────────────────────

export const OfficerActivityKind = z.enum(['share', 'rumour_report']).meta({ id: 'OfficerActivityKind' });

export const OfficerActivityInput = z
  .object({
    kind: OfficerActivityKind,
    title: z.string().trim().min(1).max(200),
    url: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
    channel: z.string().trim().max(40).optional().meta({ example: '微信群' }),
    note: z.string().trim().max(1000).default(''),
  })
  .meta({ id: 'OfficerActivityInput' });

export const OfficerActivity = z
  .object({
    id: z.string(),
    volunteerId: z.string(),
    kind: OfficerActivityKind,
    title: z.string(),
    url: z.string().nullable(),
    channel: z.string().nullable(),
    note: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'OfficerActivity' });

export const OfficerActivitySummary = z
  .object({
    volunteerId: z.string(),
    counts: z.object({ share: z.number().int(), rumour_report: z.number().int() }),
    recent: z.array(OfficerActivity),
  })
  .meta({ id: 'OfficerActivitySummary' });

// ── Self-service export and stats ────────────────────────────────────────────────────────────────────────────────

export const VolunteerExport = z
  .object({
    exportedAt: z.string(),
    volunteer: VolunteerPersonalData,
    assignments: z.array(ShiftAssignment),
    serviceRecords: z.array(ServiceRecord),
    certificates: z.array(ServiceCertificate),
    activities: z.array(OfficerActivity),
  })
  .meta({ id: 'VolunteerExport' });

export const VolunteerStatsQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});

const MinutesBucket = z.object({ key: z.string(), minutes: z.number().int(), hours: z.number() });

export const VolunteerStats = z
  .object({
    activeVolunteers: z.number().int(),
    volunteersByRole: z.object({
      science_volunteer: z.number().int(),
      information_officer: z.number().int(),
      lecturer: z.number().int(),
    }),
    approvedMinutes: z.number().int(),
    byMonth: z.array(MinutesBucket),
    byDistrict: z.array(MinutesBucket),
    byOrganization: z.array(MinutesBucket),
    officerActivity: z.object({ share: z.number().int(), rumour_report: z.number().int() }),
  })
  .meta({
    id: 'VolunteerStats',
    description: 'Aggregates only; includes hours of erased volunteers, kept anonymously.',
  });

export const VolunteerPage = pageOf(Volunteer);
export const OpportunityPage = pageOf(Opportunity);
export const LecturerPage = pageOf(Lecturer);

export type MainlandMobile = z.infer<typeof MainlandMobile>;
export type VolunteerOrganizationKind = z.infer<typeof VolunteerOrganizationKind>;
export type VolunteerSkill = z.infer<typeof VolunteerSkill>;
export type VolunteerConsentInput = z.infer<typeof VolunteerConsentInput>;
export type GuardianConsentInput = z.infer<typeof GuardianConsentInput>;
export type VolunteerConsentRecord = z.infer<typeof VolunteerConsentRecord>;
export type VolunteerRegistered = z.infer<typeof VolunteerRegistered>;
export type VolunteerListQuery = z.infer<typeof VolunteerListQuery>;
export type VolunteerStatusChange = z.infer<typeof VolunteerStatusChange>;
export type VolunteerPersonalDataQuery = z.infer<typeof VolunteerPersonalDataQuery>;
export type VolunteerErasure = z.infer<typeof VolunteerErasure>;
export type StaffKeyLink = z.infer<typeof StaffKeyLink>;
export type OpportunityInput = z.infer<typeof OpportunityInput>;
export type VolunteerShiftInput = z.infer<typeof VolunteerShiftInput>;
export type OpportunityListQuery = z.infer<typeof OpportunityListQuery>;
export type AssignmentStatus = z.infer<typeof AssignmentStatus>;
export type StaffSignUp = z.infer<typeof StaffSignUp>;
export type ShiftCheckTime = z.infer<typeof ShiftCheckTime>;
export type ServiceRecordSource = z.infer<typeof ServiceRecordSource>;
export type ServiceRecordStatus = z.infer<typeof ServiceRecordStatus>;
export type ServiceRecordInput = z.infer<typeof ServiceRecordInput>;
export type ServiceRecordDecision = z.infer<typeof ServiceRecordDecision>;
export type VolunteerHours = z.infer<typeof VolunteerHours>;
export type ServiceCertificateInput = z.infer<typeof ServiceCertificateInput>;
export type LecturerInput = z.infer<typeof LecturerInput>;
export type LecturerListQuery = z.infer<typeof LecturerListQuery>;
export type LecturerBookingStatus = z.infer<typeof LecturerBookingStatus>;
export type LecturerBookingInput = z.infer<typeof LecturerBookingInput>;
export type LecturerBookingTransition = z.infer<typeof LecturerBookingTransition>;
export type LecturerBookingFeedback = z.infer<typeof LecturerBookingFeedback>;
export type OfficerActivityKind = z.infer<typeof OfficerActivityKind>;
export type OfficerActivityInput = z.infer<typeof OfficerActivityInput>;
export type OfficerActivity = z.infer<typeof OfficerActivity>;
export type OfficerActivitySummary = z.infer<typeof OfficerActivitySummary>;
export type VolunteerExport = z.infer<typeof VolunteerExport>;
export type VolunteerStatsQuery = z.infer<typeof VolunteerStatsQuery>;
export type VolunteerStats = z.infer<typeof VolunteerStats>;
export type VolunteerPage = z.infer<typeof VolunteerPage>;
export type OpportunityPage = z.infer<typeof OpportunityPage>;
export type LecturerPage = z.infer<typeof LecturerPage>;
