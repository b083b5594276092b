import { and, eq, lt, sql } from 'drizzle-orm';
import type { Principal } from '../../access/principal.js';
import type { Db } from '../../db/create-database.js';
import { assistantConversations, assistantMessages } from '../../db/schema/knowledge.js';
import { ApiError } from '../../http/errors.js';

/**
 * Checks that a conversation a client continues exists and belongs to the caller's organisation. Another partner's
 * conversation is reported as not found (its existence is not disclosed).
 */
export async function assertConversation(db: Db, id: string, principal: Principal): Promise<void> {
  const [row] = await db
    .select({ organizationId: assistantConversations.organizationId })
    .from(assistantConversations)
    .where(eq(assistantConversations.id, id));
  if (!row || row.organizationId !== principal.organizationId) {
    throw new ApiError(
      404,
      'not_found',
      `Conversation ${id} was not found (it may have expired). Omit conversationId to start a new conversation.`,
    );
  }
}

export interface StoredTurn {
  conversationId: string;
  isNewConversation: boolean;
  principal: Principal;
  question: { id: string; content: string };
  answer: {
    id: string;
    content: string;
    citations: { n: number; type: string; id: string; chunkId: string; title: string }[];
    composer: string;
    timings: Record<string, number>;
    topScore: number | null;
  };
  intent: string;
  answered: boolean;
}

/** Stores a question and its answer (already redacted) in one transaction. */
export async function storeTurn(db: Db, turn: StoredTurn): Promise<void> {
  await db.transaction(async (tx) => {
    const now = new Date();
    if (turn.isNewConversation) {
      await tx
        .insert(assistantConversations)
        .values({
          id: turn.conversationId,
          keyId: turn.principal.keyId,
          organizationId: turn.principal.organizationId,
          createdAt: now,
          lastMessageAt: now,
        })
        .onConflictDoNothing();
    } else {
      await tx
        .update(assistantConversations)
        .set({ lastMessageAt: now })
        .where(eq(assistantConversations.id, turn.conversationId));
    }
    await tx.insert(assistantMessages).values([
      {
        id: turn.question.id,
        conversationId: turn.conversationId,
        role: 'user',
        content: turn.question.content,
        intent: turn.intent,
        answered: turn.answered,
        createdAt: now,
      },
      {
        id: turn.answer.id,
        conversationId: turn.conversationId,
        role: 'assistant',
        content: turn.answer.content,
        intent: turn.intent,
        answered: turn.answered,
        citations: turn.answer.citations,
        composer: turn.answer.composer,
        timings: turn.answer.timings,
        topScore: turn.answer.topScore,
        createdAt: new Date(now.getTime() + 1),
      },
    ]);
  });
}

/** Deletes conversations idle for longer than the retention period (messages and feedback cascade). */
export async function purgeExpiredConversations(db: Db, retentionDays: number, now = new Date()): Promise<number> {
  if (retentionDays <= 0) return 0;
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const deleted = await db
    .delete(assistantConversations)
    .where(lt(assistantConversations.lastMessageAt, cutoff))
    .returning({ id: assistantConversations.id });
  return deleted.length;
}

/** The assistant message `id` if the caller's organisation may give feedback on it. */
export async function findOwnAnswer(db: Db, id: string, principal: Principal): Promise<boolean> {
  const rows = await db
    .select({ id: assistantMessages.id })
    .from(assistantMessages)
    .innerJoin(assistantConversations, eq(assistantConversations.id, assistantMessages.conversationId))
    .where(
      and(
        eq(assistantMessages.id, id),
        eq(assistantMessages.role, 'assistant'),
        principal.organizationId === null
          ? sql`${assistantConversations.organizationId} is null`
          : eq(assistantConversations.organizationId, principal.organizationId),
      ),
    );
  return rows.length > 0;
}
