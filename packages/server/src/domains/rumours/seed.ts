import type { Tx } from '../../db/create-database.js';
import { healthResources, rumourEntries } from '../../db/schema/rumours.js';
import { newId } from '../../ids.js';
import type { DemoSeeder } from '../../seed/run-seeders.js';
import { upsertKnowledge } from '../assistant/knowledge.js';
import { recordRumourTip } from './claim-check.js';
import { DEMO_EXPERTS } from './demo/experts.js';
import { DEMO_RUMOURS } from './demo/rumours.js';
import { AUTHORITIES } from './demo/sources.js';
import { reviewersOf, rumourKnowledge } from './entry-service.js';
import { createExpert } from './expert-service.js';
import { healthResourceKnowledge } from './health-resource-service.js';

/** Claims the demo base does not cover, as the queue would hold them after a few days of checks. */
const DEMO_TIPS: { text: string; channel: 'check' | 'assistant' | 'officer'; times: number }[] = [
  { text: '听说用淘米水洗脸能美白祛斑，是真的吗？', channel: 'check', times: 3 },
  { text: '朋友圈说吃芒果会过敏致癌，小孩不能吃', channel: 'assistant', times: 2 },
  { text: '社区群里在传：冬天晒背能补阳气治百病', channel: 'officer', times: 1 },
];

/** Reviewed health resources of the demo (our own short texts); the last one is overdue for re-review. */
const DEMO_HEALTH_RESOURCES = [
  {
    kind: 'article' as const,
    title: '剩菜怎么存、怎么吃才安全',
    body: '剩菜晾凉后尽快放入冰箱冷藏，最好在一两天内吃完；吃之前彻底加热，热透再吃。绿叶蔬菜尽量现做现吃，凉拌菜不宜剩。',
    audience: ['家庭'],
    topics: ['食品安全'],
    sources: ['cfsa'] as const,
    reviewer: 0,
    months: 12,
  },
  {
    kind: 'qa' as const,
    title: '孩子发烧了要不要捂汗？',
    body: '不要捂。发热时应穿着宽松、保持室内通风、适当补充水分；体温较高、精神差或持续发热时应及时就医。',
    audience: ['家长'],
    topics: ['儿童健康'],
    sources: ['nhc'] as const,
    reviewer: 3,
    months: 12,
  },
  {
    kind: 'article' as const,
    title: '流感季如何保护自己和家人',
    body: '每年接种流感疫苗是预防流感最有效的手段；勤洗手、咳嗽打喷嚏时遮掩口鼻、开窗通风，发热时居家休息。',
    audience: ['老年人', '家庭'],
    topics: ['传染病'],
    sources: ['cdc', 'who'] as const,
    reviewer: 2,
    months: -1,
  },
];

/**
 * Demo rumour base: example experts, 46 published entries (each with reviewer, sources and aliases, indexed for the
 * assistant), three reviewed health resources (one overdue) and a few queue items.
 */
export async function seedRumours(tx: Tx, now: Date): Promise<{ inserted: number }> {
  const expertIds: string[] = [];
  for (const expert of DEMO_EXPERTS) expertIds.push((await createExpert(tx, expert, now)).id);
  for (const demo of DEMO_RUMOURS) {
    const reviewerId = expertIds[demo.reviewer];
    if (!reviewerId) throw new Error(`demo rumour ${demo.key} names a missing reviewer`);
    const reviewedBy = await reviewersOf(tx, [reviewerId]);
    const [row] = await tx
      .insert(rumourEntries)
      .values({
        id: newId('rum'),
        externalId: demo.key,
        claim: demo.claim,
        aliases: demo.aliases,
        rating: demo.rating,
        explanation: demo.explanation,
        topics: demo.topics,
        sources: demo.sources.map((key) => AUTHORITIES[key]),
        reviewerIds: [reviewerId],
        reviewedBy,
        status: 'published',
        publishedAt: now,
        lastReviewedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await upsertKnowledge(tx, rumourKnowledge(row));
  }
  for (const r of DEMO_HEALTH_RESOURCES) {
    const reviewDueAt = new Date(now);
    reviewDueAt.setUTCMonth(reviewDueAt.getUTCMonth() + r.months);
    const [row] = await tx
      .insert(healthResources)
      .values({
        id: newId('hr'),
        kind: r.kind,
        title: r.title,
        body: r.body,
        author: '科普编辑部（示例）',
        reviewerId: expertIds[r.reviewer] ?? null,
        audience: r.audience,
        topics: r.topics,
        sources: r.sources.map((key) => AUTHORITIES[key]),
        status: 'published',
        publishedAt: now,
        reviewedAt: now,
        reviewDueAt,
        // The overdue example is flagged as the review sweep would have, and is not in the assistant's index.
        overdueSince: reviewDueAt <= now ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (row && !row.overdueSince) await upsertKnowledge(tx, healthResourceKnowledge(row));
  }
  for (const tip of DEMO_TIPS) {
    for (let i = 0; i < tip.times; i++) await recordRumourTip(tx, tip.text, tip.channel, now);
  }
  return {
    inserted: DEMO_EXPERTS.length + DEMO_RUMOURS.length + DEMO_HEALTH_RESOURCES.length + DEMO_TIPS.length,
  };
}

export const rumoursSeeder: DemoSeeder = {
  name: 'rumours',
  run: (ctx) => seedRumours(ctx.db as unknown as Tx, ctx.now),
};
