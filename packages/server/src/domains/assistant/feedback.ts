import { redactPersonalData } from '@kepu/assistant';
import type { Feedback } from '@kepu/sdk/schema';
import type { Db } from '../../db/create-database.js';
import { assistantFeedback } from '../../db/schema/knowledge.js';

/** One rating per answer; a second one replaces the first. The reason is stored redacted. */
export async function recordFeedback(db: Db, messageId: string, feedback: Feedback): Promise<void> {
  const values = {
    rating: feedback.rating,
    reason: feedback.reason ? redactPersonalData(feedback.reason) : null,
    createdAt: new Date(),
  };
  await db
    .insert(assistantFeedback)
    .values({ messageId, ...values })
    .onConflictDoUpdate({ target: assistantFeedback.messageId, set: values });
}
