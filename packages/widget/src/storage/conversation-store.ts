import type { Turn } from '../chat/turns.js';

const VERSION = 1;
const MAX_TURNS = 40;

export interface SavedConversation {
  conversationId: string | undefined;
  turns: Turn[];
}

/**
 * The conversation in `localStorage`, one entry per site (origin) and publishable key, so two partners' widgets on
 * one domain never see each other's history. Storage that is full, disabled or holds junk is treated as empty.
 */
export class ConversationStore {
  readonly key: string;

  constructor(origin: string, publishableKey: string) {
    this.key = `kepu-assistant:v${VERSION}:${origin}:${publishableKey}`;
  }

  load(): SavedConversation | undefined {
    try {
      const raw = globalThis.localStorage?.getItem(this.key);
      if (!raw) return undefined;
      const parsed: unknown = JSON.parse(raw);
      if (!isSaved(parsed)) return undefined;
      return parsed;
    } catch {
      return undefined;
    }
  }

  save(conversation: SavedConversation): void {
    try {
      const turns = conversation.turns.slice(-MAX_TURNS);
      globalThis.localStorage?.setItem(this.key, JSON.stringify({ ...conversation, turns }));
    } catch {
      // Quota exceeded or storage blocked: the conversation simply is not kept.
    }
  }

  clear(): void {
    try {
      globalThis.localStorage?.removeItem(this.key);
    } catch {
      // Storage blocked: nothing was kept either.
    }
  }
}

/** A saved entry came from our own `save()`, but another script on the page may have written the key: check it. */
function isSaved(value: unknown): value is SavedConversation {
  if (typeof value !== 'object' || value === null) return false;
  const { turns, conversationId } = value as Record<string, unknown>;
  if (conversationId !== undefined && typeof conversationId !== 'string') return false;
  return (
    Array.isArray(turns) &&
    turns.every((t: unknown) => {
      if (typeof t !== 'object' || t === null) return false;
      const turn = t as Record<string, unknown>;
      if (typeof turn.id !== 'string' || typeof turn.text !== 'string') return false;
      if (turn.role === 'user') return true;
      return (
        turn.role === 'assistant' &&
        typeof turn.status === 'string' &&
        Array.isArray(turn.cards) &&
        Array.isArray(turn.citations) &&
        Array.isArray(turn.followUps)
      );
    })
  );
}
