import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantConversations, assistantFeedback, assistantMessages } from '../../db/schema/knowledge.js';
import { createTestDatabase, TEST_DRIVERS } from '../../test/database.js';
import { purgeExpiredConversations } from './conversations.js';

describe.each(TEST_DRIVERS)('conversation retention on %s', (driver) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(async () => database.close());

  it('deletes conversations idle longer than the retention period, with their messages and feedback', async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const old = new Date('2025-11-01T00:00:00Z');
    await database.db.insert(assistantConversations).values([
      { id: 'conv_old', createdAt: old, lastMessageAt: old },
      { id: 'conv_new', createdAt: now, lastMessageAt: now },
    ]);
    await database.db.insert(assistantMessages).values([
      { id: 'msg_old', conversationId: 'conv_old', role: 'assistant', content: '旧的回答' },
      { id: 'msg_new', conversationId: 'conv_new', role: 'assistant', content: '新的回答' },
    ]);
    await database.db.insert(assistantFeedback).values({ messageId: 'msg_old', rating: 'up' });

    expect(await purgeExpiredConversations(database.db, 0, now)).toBe(0); // 0 keeps everything
    expect(await purgeExpiredConversations(database.db, 180, now)).toBe(1);
    const messages = await database.db.select({ id: assistantMessages.id }).from(assistantMessages);
    expect(messages).toEqual([{ id: 'msg_new' }]);
    expect(await database.db.$count(assistantFeedback)).toBe(0);
  });
});
