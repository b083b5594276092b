import { z } from 'zod';
import { Cursor, Limit, pageOf } from './common.js';

const DateTime = z.iso.datetime({ offset: true }).meta({ example: '2026-11-29T10:00:00+08:00' });

/**
 * A health science expert of the expert pool (健康科普专家库). Only the public profile is stored: name, title,
 * institution, specialties — no phone, no ID number. `isExample` marks fictional demo profiles.
 */
export const Expert = z
  .object({
    id: z.string().meta({ example: 'exp_06c2…' }),
    name: z.string().meta({ example: '林文（示例）' }),
    title: z.string().nullable().meta({ description: 'Professional title, e.g. 主任医师.', example: '主任医师' }),
    institution: z.string().nullable().meta({ example: '深圳市某三甲医院（示例）' }),
    specialties: z.array(z.string()).meta({ example: ['营养与食品安全', '慢性病防控'] }),
    profile: z.string().nullable().meta({ description: 'Public profile shown to citizens.' }),
    verified: z.boolean().meta({ description: 'Credentials checked by the association.' }),
    reviewer: z.boolean().meta({ description: 'May be named as reviewer of rumour entries and health resources.' }),
    isExample: z.boolean().meta({ description: 'A fictional demo profile.' }),
    removedAt: DateTime.nullable().meta({
      description: 'Left the pool (staff see it; the public and the assistant no longer do).',
    }),
    createdAt: DateTime,
    updatedAt: DateTime,
  })
  .meta({ id: 'Expert' });
export type Expert = z.infer<typeof Expert>;

const shortText = (max: number) => z.string().trim().min(1).max(max);

export const CreateExpert = z
  .object({
    name: shortText(60),
    title: shortText(60).optional(),
    institution: shortText(120).optional(),
    specialties: z.array(shortText(40)).max(20).default([]),
    profile: shortText(2000).optional(),
    verified: z.boolean().default(false),
    reviewer: z.boolean().default(false),
    isExample: z.boolean().default(false),
  })
  .meta({ id: 'CreateExpert' });
export type CreateExpert = z.infer<typeof CreateExpert>;

export const UpdateExpert = z
  .object({
    name: shortText(60),
    title: shortText(60).nullable(),
    institution: shortText(120).nullable(),
    specialties: z.array(shortText(40)).max(20),
    profile: shortText(2000).nullable(),
    verified: z.boolean(),
    reviewer: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' })
  .meta({ id: 'UpdateExpert' });
export type UpdateExpert = z.infer<typeof UpdateExpert>;

export const ExpertListQuery = z.object({
  cursor: Cursor.optional(),
  limit: Limit,
  specialty: z.string().trim().min(1).max(40).optional().meta({ description: 'Only experts with this specialty.' }),
  reviewer: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: 'Only reviewers (true) or non-reviewers (false).' }),
});
export type ExpertListQuery = z.infer<typeof ExpertListQuery>;

export const ExpertList = pageOf(Expert).meta({ id: 'ExpertList' });
export type ExpertList = z.infer<typeof ExpertList>;
