import type { AssistantStats } from '@kepu/sdk/schema';
import { and, count, countDistinct, desc, eq, gte } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { assistantFeedback, assistantMessages } from '../../db/schema/knowledge.js';

/** Usage over the last `days` days. Questions are user turns; their intent and outcome are stored with them. */
export async function assistantStats(db: Db, days: number, now: Date): Promise<AssistantStats> {
  const from = new Date(now.getTime() - days * 86_400_000);
  const inWindow = and(eq(assistantMessages.role, 'user'), gte(assistantMessages.createdAt, from));
  const [totals] = await db
    .select({ questions: count(), conversations: countDistinct(assistantMessages.conversationId) })
    .from(assistantMessages)
    .where(inWindow);
  const intents = await db
    .select({ intent: assistantMessages.intent, n: count() })
    .from(assistantMessages)
    .where(inWindow)
    .groupBy(assistantMessages.intent);
  const [unanswered] = await db
    .select({ n: count() })
    .from(assistantMessages)
    .where(and(inWindow, eq(assistantMessages.answered, false)));
  const top = await db
    .select({ question: assistantMessages.content, n: count() })
    .from(assistantMessages)
    .where(and(inWindow, eq(assistantMessages.answered, false)))
    .groupBy(assistantMessages.content)
    .orderBy(desc(count()), assistantMessages.content)
    .limit(10);
  const feedback = await db
    .select({ rating: assistantFeedback.rating, n: count() })
    .from(assistantFeedback)
    .where(gte(assistantFeedback.createdAt, from))
    .groupBy(assistantFeedback.rating);
  const composers = await db
    .select({ composer: assistantMessages.composer, n: count() })
    .from(assistantMessages)
    .where(and(eq(assistantMessages.role, 'assistant'), gte(assistantMessages.createdAt, from)))
    .groupBy(assistantMessages.composer);
  const questions = totals?.questions ?? 0;
  return {
    from: from.toISOString(),
    to: now.toISOString(),
    questions,
    conversations: totals?.conversations ?? 0,
    intents: Object.fromEntries(intents.map((r) => [r.intent ?? 'unknown', r.n])),
    noAnswerRate: questions ? Math.round(((unanswered?.n ?? 0) / questions) * 1000) / 1000 : 0,
    topUnanswered: top.map((r) => ({ question: r.question, count: r.n })),
    feedback: {
      up: feedback.find((f) => f.rating === 'up')?.n ?? 0,
      down: feedback.find((f) => f.rating === 'down')?.n ?? 0,
    },
    composers: Object.fromEntries(composers.map((r) => [r.composer ?? 'unknown', r.n])),
  };
}
