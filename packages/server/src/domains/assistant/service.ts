import {
  type Assistant,
  type Composer,
  createAssistant,
  type Embedder,
  type EngineCitation,
  redactPersonalData,
} from '@kepu/assistant';
import type { Card, ChatRequest, ChatResponse, ChatStreamEvent, Citation, Intent, TokenUsage } from '@kepu/sdk/schema';
import type { Principal } from '../../access/principal.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/create-database.js';
import { ApiError } from '../../http/errors.js';
import { newId } from '../../ids.js';
import type { Logger } from '../../logger.js';
import { assertConversation, purgeExpiredConversations, storeTurn } from './conversations.js';
import { createConfiguredEmbedder } from './embedder.js';
import { createLlmComposerFromConfig } from './llm.js';
import { relatedQuestions } from './related-questions.js';
import { createAssistantTools } from './tools.js';

export interface AssistantServiceDeps {
  db: Db;
  config: Config;
  logger: Logger;
  /** Overrides for tests and benchmarks. */
  embedder?: Embedder;
  composer?: Composer | null;
  now?: () => Date;
}

/** A stream event as sent: the SDK's `ChatStreamEvent` plus its reconnect-safe SSE id. */
export type ChatEvent = ChatStreamEvent & { id: string };

export interface PreparedChat {
  conversationId: string;
  messageId: string;
  events(signal?: AbortSignal): AsyncGenerator<ChatEvent>;
}

const toCitation = (c: EngineCitation): Citation => ({
  n: c.n,
  type: c.source.type,
  id: c.source.id,
  ...(c.source.externalId ? { externalId: c.source.externalId } : {}),
  title: c.source.title,
  ...(c.source.url ? { url: c.source.url } : {}),
});

/**
 * The assistant as the server runs it: configured embedder and composer, tools over the database, conversations
 * stored (redacted) with their citations' chunk ids.
 */
export function createAssistantService(deps: AssistantServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const embedder = deps.embedder ?? createConfiguredEmbedder(deps.config.assistant.embedding);
  const { tools, retriever } = createAssistantTools({
    db: deps.db,
    embedder,
    timeZone: deps.config.timeZone,
    now,
    logger: deps.logger,
  });
  const composer =
    deps.composer === undefined ? createLlmComposerFromConfig(deps.config.assistant, deps.logger) : deps.composer;
  const assistant: Assistant = createAssistant({
    tools,
    ...(composer ? { composer } : {}),
    sensitiveWords: deps.config.assistant.sensitiveWords,
    timeZone: deps.config.timeZone,
    suggestRelated: (query) => relatedQuestions(retriever, query, now()),
    onComposerError: (error) =>
      deps.logger.warn('assistant composer failed; answered offline', {
        error: error instanceof Error ? error.message : String(error),
      }),
  });
  let lastPurge = 0;

  /**
   * Validates what must be checked before the first byte (the conversation), then returns the event stream.
   * Throws ApiError (404) for a conversation that is not the caller's.
   */
  async function prepare(request: ChatRequest, principal: Principal): Promise<PreparedChat> {
    if (request.conversationId) await assertConversation(deps.db, request.conversationId, principal);
    const conversationId = request.conversationId ?? newId('conv');
    const messageId = newId('msg');
    const questionId = newId('msg');
    // Retention: a cheap indexed delete, at most once an hour per process.
    if (Date.now() - lastPurge > 3_600_000) {
      lastPurge = Date.now();
      await purgeExpiredConversations(deps.db, deps.config.assistant.retentionDays, now());
    }
    return {
      conversationId,
      messageId,
      async *events(signal) {
        let seq = 0;
        const id = () => `${messageId}:${seq++}`;
        let intent: Intent = 'science_qa';
        let answer = '';
        const citations: EngineCitation[] = [];
        try {
          for await (const event of assistant.answer({
            messages: request.messages,
            context: request.context,
            now: now(),
            ...(signal ? { signal } : {}),
          })) {
            switch (event.type) {
              case 'meta':
                intent = event.intent;
                yield { id: id(), event: 'meta', data: { conversationId, messageId, intent } };
                break;
              case 'delta':
                answer += event.text;
                yield { id: id(), event: 'delta', data: { text: event.text } };
                break;
              case 'card':
                yield { id: id(), event: 'card', data: event.card };
                break;
              case 'citation':
                citations.push(event.citation);
                yield { id: id(), event: 'citation', data: toCitation(event.citation) };
                break;
              case 'done': {
                const question = request.messages.at(-1)?.content ?? '';
                await storeTurn(deps.db, {
                  conversationId,
                  isNewConversation: !request.conversationId,
                  principal,
                  intent,
                  answered: event.answered,
                  question: { id: questionId, content: redactPersonalData(question) },
                  answer: {
                    id: messageId,
                    content: redactPersonalData(answer),
                    citations: citations.map((c) => ({
                      n: c.n,
                      type: c.source.type,
                      id: c.source.id,
                      chunkId: c.source.chunkId ?? '',
                      title: c.source.title,
                    })),
                    composer: event.composer,
                    timings: event.timings,
                    topScore: event.topScore,
                  },
                });
                const usage = event.usage && {
                  prompt_tokens: event.usage.promptTokens,
                  completion_tokens: event.usage.completionTokens,
                  total_tokens: event.usage.promptTokens + event.usage.completionTokens,
                };
                yield {
                  id: id(),
                  event: 'done',
                  data: { followUps: event.followUps, timings: event.timings, ...(usage ? { usage } : {}) },
                };
                break;
              }
            }
          }
        } catch (error) {
          deps.logger.error('assistant answer failed', { error, conversationId, messageId });
          yield {
            id: id(),
            event: 'error',
            data: {
              code: 'internal_error',
              message: 'The answer could not be completed. Quote the message id when you report it, or ask again.',
            },
          };
        }
      },
    };
  }

  return { prepare, retriever, embedder };
}
export type AssistantService = ReturnType<typeof createAssistantService>;

/** Runs a prepared chat to the end and collects the JSON answer (the same events as streaming, one behaviour). */
export async function collectAnswer(
  prepared: PreparedChat,
  signal?: AbortSignal,
): Promise<ChatResponse & { usage: TokenUsage | undefined }> {
  let intent: Intent = 'science_qa';
  let answer = '';
  const citations: Citation[] = [];
  const cards: Card[] = [];
  let followUps: string[] = [];
  let usage: TokenUsage | undefined;
  for await (const event of prepared.events(signal)) {
    if (event.event === 'meta') intent = event.data.intent;
    else if (event.event === 'delta') answer += event.data.text;
    else if (event.event === 'citation') citations.push(event.data);
    else if (event.event === 'card') cards.push(event.data);
    else if (event.event === 'done') ({ followUps, usage } = event.data);
    else if (event.event === 'error') throw new ApiError(503, 'service_unavailable', event.data.message);
  }
  return {
    conversationId: prepared.conversationId,
    messageId: prepared.messageId,
    intent,
    answer,
    citations,
    cards,
    followUps,
    usage,
  };
}
