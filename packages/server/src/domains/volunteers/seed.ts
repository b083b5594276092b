import type { VolunteerRegistration, VolunteerRole } from '@kepu/sdk/schema';
import { VolunteerRegistration as RegistrationSchema } from '@kepu/sdk/schema';
import { and, asc, eq, gt } from 'drizzle-orm';
import { loadConfig } from '../../config.js';
import { createPiiCipher } from '../../crypto/pii-cipher.js';
import type { Db } from '../../db/create-database.js';
import { auditLog, organizations } from '../../db/schema/access.js';
import { eventOccurrences, events } from '../../db/schema/events.js';
import { newId } from '../../ids.js';
import type { DemoSeeder, SeedContext } from '../../seed/run-seeders.js';
import { loadTaxonomy } from '../registry/taxonomy/profile.js';
import type { Actor, VolunteerServiceDeps } from './context.js';
import { resolveDistrict } from './district.js';
import { addServiceRecord, decideServiceRecord, issueCertificate } from './hours-service.js';
import { createLecturer, giveFeedback, requestBooking, transitionBooking } from './lecturer-service.js';
import { logActivity } from './officer-service.js';
import { addShift, createOpportunity, signUp } from './shift-service.js';
import { changeStatus, getVolunteerRow, registerVolunteer } from './volunteer-service.js';

/** The demo volunteer centre: owns the demo opportunities and records (and certifies) the demo hours. */
export const DEMO_VOLUNTEER_ORG_ID = 'org_demo_volunteer_centre';

/**
 * Demo mobiles come from 170-0000-xxxx. China has no officially reserved fictional range (like the US 555-01xx),
 * so we use a block of the 170 virtual-operator prefix that is not assigned to subscribers as far as we know; the
 * names say 【演示】 so no one mistakes them for people.
 */
export const DEMO_MOBILE_PREFIX = '1700000';

interface DemoVolunteer {
  name: string;
  district: string;
  organization: string;
  organizationKind: NonNullable<VolunteerRegistration['organizationKind']>;
  skills: string[];
  roles: VolunteerRole[];
  active: boolean;
}

const VOLUNTEERS: DemoVolunteer[] = [
  {
    name: '【演示】张晓明',
    district: '南山区',
    organization: '示例大学物理系',
    organizationKind: 'university',
    skills: ['astronomy', 'explaining'],
    roles: ['science_volunteer', 'lecturer'],
    active: true,
  },
  {
    name: '【演示】李思远',
    district: '福田区',
    organization: '示例科技社团',
    organizationKind: 'science_society',
    skills: ['first-aid', 'explaining'],
    roles: ['science_volunteer'],
    active: true,
  },
  {
    name: '【演示】王雨桐',
    district: '龙华区',
    organization: '示例电子企业',
    organizationKind: 'enterprise',
    skills: ['robotics', 'ai'],
    roles: ['science_volunteer'],
    active: true,
  },
  {
    name: '【演示】陈嘉怡',
    district: '宝安区',
    organization: '示例社区卫生服务中心',
    organizationKind: 'hospital',
    skills: ['first-aid', 'health'],
    roles: ['science_volunteer', 'information_officer'],
    active: true,
  },
  {
    name: '【演示】刘建国',
    district: '罗湖区',
    organization: '示例退休科技工作者协会',
    organizationKind: 'science_society',
    skills: ['botany', 'explaining'],
    roles: ['science_volunteer', 'information_officer'],
    active: true,
  },
  {
    name: '【演示】赵一鸣',
    district: '光明区',
    organization: '示例科学城实验室',
    organizationKind: 'research_institute',
    skills: ['ai', 'explaining'],
    roles: ['science_volunteer'],
    active: true,
  },
  {
    name: '【演示】周可欣',
    district: '大鹏新区',
    organization: '示例中学',
    organizationKind: 'school',
    skills: ['astronomy'],
    roles: ['information_officer'],
    active: true,
  },
  {
    name: '【演示】吴浩然',
    district: '龙岗区',
    organization: '示例新能源企业',
    organizationKind: 'enterprise',
    skills: ['energy'],
    roles: ['science_volunteer'],
    active: true,
  },
  {
    name: '【演示】孙悦',
    district: '坪山区',
    organization: '示例大学生物系',
    organizationKind: 'university',
    skills: ['biology'],
    roles: ['science_volunteer'],
    active: false,
  },
  {
    name: '【演示】郑子涵',
    district: '盐田区',
    organization: '示例海洋科普社',
    organizationKind: 'science_society',
    skills: ['ocean'],
    roles: ['science_volunteer'],
    active: false,
  },
];

const LECTURERS = [
  {
    name: '（示例）林海 研究员',
    title: '研究员',
    institution: '示例空间科学研究所',
    topics: ['航天', '空间科学'],
    spirits: ['scientist'] as const,
    bio: '虚构的示例讲师：讲述科研团队攻关中的科学家精神。',
    district: '南山区',
  },
  {
    name: '（示例）黄明 高级工程师',
    title: '高级工程师',
    institution: '示例新能源汽车企业',
    topics: ['新能源汽车', '电池安全'],
    spirits: ['craftsman', 'entrepreneur'] as const,
    bio: '虚构的示例讲师：从产线到实验室的工匠故事。',
    district: '坪山区',
  },
  {
    name: '（示例）何静 创始人',
    title: '企业创始人',
    institution: '示例智能硬件公司',
    topics: ['创新创业', '人工智能'],
    spirits: ['entrepreneur'] as const,
    bio: '虚构的示例讲师：科技企业如何把论文变成产品。',
    district: '南山区',
  },
  {
    name: '（示例）罗建华 技师',
    title: '高级技师',
    institution: '示例精密制造企业',
    topics: ['精密制造', '职业技能'],
    spirits: ['craftsman'] as const,
    bio: '虚构的示例讲师：毫米之间的工匠精神。',
    district: '宝安区',
  },
  {
    name: '（示例）许文 教授',
    title: '教授',
    institution: '示例大学',
    topics: ['天文', '科学方法'],
    spirits: ['scientist'] as const,
    bio: '虚构的示例讲师：带中学生认识宇宙与科学方法。',
    district: '福田区',
  },
];

const HOURS_DAYS_AGO = [75, 48, 20];

function isoDate(now: Date, daysAgo: number): string {
  return new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Demo volunteers, opportunities tied to the demo events (when the events seeder ran first), shifts with sign-ups,
 * approved past hours, one certificate, lecturer profiles with bookings and 科普中国信息员 activity.
 * @param options.piiKey the personal-data key; by default the one the server would use (KEPU_PII_KEY).
 */
export function createVolunteersSeeder(options: { piiKey?: Buffer; publicUrl?: string } = {}): DemoSeeder {
  return {
    name: 'volunteers',
    async run(ctx: SeedContext) {
      const config = options.piiKey && options.publicUrl ? null : loadConfig(process.env);
      const piiKey = options.piiKey ?? config?.piiKey;
      const publicUrl = options.publicUrl ?? config?.publicUrl ?? 'http://localhost:8787';
      if (!piiKey) throw new Error('no personal-data key');
      const deps: VolunteerServiceDeps = {
        db: ctx.db,
        pii: createPiiCipher(piiKey),
        now: () => ctx.now,
        timeZone: config?.timeZone ?? 'Asia/Shanghai',
        district: (value, path) => resolveDistrict(loadTaxonomy(config?.taxonomyProfile ?? null), value, path),
        audit: (tx: Db, entry) =>
          tx
            .insert(auditLog)
            .values({
              id: newId('aud'),
              action: entry.action,
              targetType: entry.targetType,
              targetId: entry.targetId ?? null,
              reason: entry.reason ?? 'demo data',
            })
            .then(() => undefined),
      };
      let inserted = 0;
      await ctx.db
        .insert(organizations)
        .values({
          id: DEMO_VOLUNTEER_ORG_ID,
          name: '深圳市科技志愿服务总队（演示）',
          kind: 'association',
          contactRole: '志愿服务部',
        })
        .onConflictDoNothing();
      const staff: Actor = { keyId: null, organizationId: DEMO_VOLUNTEER_ORG_ID, volunteerId: null };

      const people: { id: string; active: boolean; roles: VolunteerRole[] }[] = [];
      for (const [i, v] of VOLUNTEERS.entries()) {
        const input = RegistrationSchema.parse({
          ...v,
          mobile: `${DEMO_MOBILE_PREFIX}${String(i + 1).padStart(4, '0')}`,
          birthDate: `${1965 + i * 4}-0${(i % 9) + 1}-15`,
          consent: { agreed: true, noticeVersion: 'volunteer-privacy-demo' },
        });
        const { volunteer } = await registerVolunteer(deps, input);
        if (v.active) await changeStatus(deps, volunteer.id, { status: 'active' });
        people.push({ id: volunteer.id, active: v.active, roles: v.roles });
        inserted += 1;
      }
      const active = people.filter((p) => p.active);

      // Opportunities for the next demo events, one shift per event occurrence.
      const upcoming = await ctx.db
        .select({
          id: events.id,
          title: events.title,
          district: events.district,
          startsAt: eventOccurrences.startsAt,
          endsAt: eventOccurrences.endsAt,
        })
        .from(eventOccurrences)
        .innerJoin(events, eq(events.id, eventOccurrences.eventId))
        .where(and(gt(eventOccurrences.startsAt, ctx.now), eq(eventOccurrences.status, 'scheduled')))
        .orderBy(asc(eventOccurrences.startsAt))
        .limit(12);
      const seen = new Set<string>();
      const targets = upcoming.filter((e) => !seen.has(e.id) && seen.add(e.id)).slice(0, 4);
      if (targets.length === 0) {
        ctx.logger.warn('no demo events found: volunteer opportunities are created without an event link');
        targets.push({
          id: '',
          title: '科普日主场活动',
          district: '福田区',
          startsAt: new Date(ctx.now.getTime() + 7 * 86_400_000),
          endsAt: new Date(ctx.now.getTime() + 7 * 86_400_000 + 4 * 3_600_000),
        });
      }
      for (const [i, event] of targets.entries()) {
        const opportunity = await createOpportunity(deps, staff, {
          title: `【演示】${event.title} · 现场志愿者`,
          description: '引导观众、讲解展项、维持秩序。虚构的演示岗位。',
          ...(event.id ? { eventId: event.id } : {}),
          district: event.district ?? '福田区',
          roles: ['science_volunteer'],
        });
        const startsAt = new Date(event.startsAt.getTime() - 30 * 60_000);
        const endsAt = new Date(Math.min(event.endsAt.getTime() + 30 * 60_000, startsAt.getTime() + 24 * 3_600_000));
        const shift = await addShift(deps, staff, opportunity.id, {
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          place: '活动现场服务台',
          slots: 4 + i * 2,
          requiredSkills: i === 0 ? ['explaining'] : [],
        });
        inserted += 2;
        for (const person of active.slice(i, i + 3)) {
          try {
            await signUp(deps, person.id, shift.id);
            inserted += 1;
          } catch {
            // A demo volunteer without the shift's skill or with an overlapping shift simply does not sign up.
          }
        }
      }

      // Past hours: recorded and approved by the demo centre, so stats and certificates have something to show.
      for (const [i, person] of active.entries()) {
        for (const daysAgo of HOURS_DAYS_AGO.slice(0, 1 + (i % 3))) {
          const record = await addServiceRecord(deps, staff, person.id, {
            source: 'back_entry',
            serviceDate: isoDate(ctx.now, daysAgo + i),
            description: '【演示】科技馆周末讲解',
            scheduledMinutes: 180,
            creditedMinutes: 120 + (i % 3) * 30,
          });
          await decideServiceRecord(deps, staff, record.id, { decision: 'approved' });
          inserted += 1;
        }
      }
      const first = active[0];
      if (first) {
        await issueCertificate({ ...deps, publicUrl }, staff, first.id, {
          periodStart: isoDate(ctx.now, 365),
          periodEnd: isoDate(ctx.now, 0),
        });
        inserted += 1;
      }

      for (const person of active.filter((p) => p.roles.includes('information_officer'))) {
        const row = await getVolunteerRow(ctx.db, person.id);
        await logActivity(deps, row, {
          kind: 'share',
          title: '【演示】台风季防灾科普长图',
          channel: '社区微信群',
          note: '',
        });
        await logActivity(deps, row, {
          kind: 'rumour_report',
          title: '【演示】“喝隔夜茶致癌”传言',
          channel: '家长群',
          note: '',
        });
        inserted += 2;
      }

      for (const [i, l] of LECTURERS.entries()) {
        const lecturer = await createLecturer(deps, { ...l, spirits: [...l.spirits] });
        inserted += 1;
        if (i > 1) continue;
        const booking = await requestBooking(deps, staff, lecturer.id, {
          requesterKind: i === 0 ? 'school' : 'community',
          requesterName: i === 0 ? '（示例）某实验中学' : '（示例）某社区党群服务中心',
          contactName: '【演示】联系人',
          contactMobile: `${DEMO_MOBILE_PREFIX}${String(90 + i).padStart(4, '0')}`,
          preferredDate: isoDate(ctx.now, -21),
          topic: l.topics[0] ?? '科普讲座',
          audienceSize: i === 0 ? 300 : 60,
          note: '',
        });
        if (i === 0) {
          await transitionBooking(deps, booking.id, { status: 'accepted' });
          await transitionBooking(deps, booking.id, { status: 'delivered' });
          await giveFeedback(deps, staff, booking.id, { rating: 5, comment: '【演示】学生反响热烈' });
        }
        inserted += 1;
      }
      return { inserted };
    },
  };
}

export const volunteersSeeder = createVolunteersSeeder();
