import type { Tx } from '../../db/create-database.js';
import { rumourEntries } from '../../db/schema/rumours.js';
import { newId } from '../../ids.js';
import type { DemoSeeder } from '../../seed/run-seeders.js';
import { upsertKnowledge } from '../assistant/knowledge.js';
import { recordRumourTip } from './claim-check.js';
import { DEMO_EXPERTS } from './demo/experts.js';
import { DEMO_RUMOURS } from './demo/rumours.js';
import { AUTHORITIES } from './demo/sources.js';
import { reviewersOf, rumourKnowledge } from './entry-service.js';
import { createExpert } from './expert-service.js';

/** Claims the demo base does not cover, as the queue would hold them after a few days of checks. */
const DEMO_TIPS: { text: string; channel: 'check' | 'assistant' | 'officer'; times: number }[] = [
  { text: '听说用淘米水洗脸能美白祛斑，是真的吗？', channel: 'check', times: 3 },
  { text: '朋友圈说吃芒果会过敏致癌，小孩不能吃', channel: 'assistant', times: 2 },
  { text: '社区群里在传：冬天晒背能补阳气治百病', channel: 'officer', times: 1 },
];

/**
 * Demo rumour base: example experts, 46 published entries (each with reviewer, sources and aliases, indexed for the
 * assistant) and a few queue items.
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
  for (const tip of DEMO_TIPS) {
    for (let i = 0; i < tip.times; i++) await recordRumourTip(tx, tip.text, tip.channel, now);
  }
  return { inserted: DEMO_EXPERTS.length + DEMO_RUMOURS.length + DEMO_TIPS.length };
}

export const rumoursSeeder: DemoSeeder = {
  name: 'rumours',
  run: (ctx) => seedRumours(ctx.db as unknown as Tx, ctx.now),
};
