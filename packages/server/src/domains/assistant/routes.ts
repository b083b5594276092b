import { createRoute, z } from '@hono/zod-openapi';
import type { Embedder } from '@kepu/assistant';
import {
  AssistantStats,
  AssistantStatsQuery,
  ChatRequest,
  ChatResponse,
  ChatStreamEvent,
  ErrorEnvelope,
  Feedback,
  FeedbackReceipt,
  SuggestionList,
  SuggestionQuery,
} from '@kepu/sdk/schema';
import { streamSSE } from 'hono/streaming';
import { access } from '../../access/route-access.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/create-database.js';
import { ApiError } from '../../http/errors.js';
import { createRouter } from '../../http/openapi-app.js';
import type { Logger } from '../../logger.js';
import { registerCompletionsRoute } from './completions-routes.js';
import { findOwnAnswer } from './conversations.js';
import { recordFeedback } from './feedback.js';
import { suggestionsFromData } from './related-questions.js';
import { type AssistantService, collectAnswer, createAssistantService } from './service.js';
import { assistantStats } from './stats.js';

const errors = (...statuses: (400 | 401 | 403 | 404 | 429)[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: 'Error', content: { 'application/json': { schema: ErrorEnvelope } } }]),
  );

const chatRoute = createRoute({
  method: 'post',
  path: '/assistant/chat',
  tags: ['Assistant'],
  summary: 'Ask the assistant (JSON, or Server-Sent Events with `stream: true`)',
  description:
    'Answers only from published data, citing each claim as `[n]`. With `stream: true` (or `Accept: text/event-stream`) ' +
    'the answer streams as SSE: `meta`, then `delta`/`card`/`citation`, then `done` (or `error`); each event has ' +
    '`id: <messageId>:<seq>`. See docs/assistant.md.',
  ...access.client(),
  request: { body: { required: true, content: { 'application/json': { schema: ChatRequest } } } },
  responses: {
    200: {
      description: 'The answer (JSON), or its event stream',
      content: {
        'application/json': { schema: ChatResponse },
        'text/event-stream': { schema: ChatStreamEvent },
      },
    },
    ...errors(400, 401, 403, 404, 429),
  },
});

const MessageId = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .meta({ param: { name: 'id', in: 'path' }, example: 'msg_06c2…' }),
});

const feedbackRoute = createRoute({
  method: 'post',
  path: '/assistant/messages/{id}/feedback',
  tags: ['Assistant'],
  summary: 'Rate an answer (up/down, optional reason); the last rating counts',
  ...access.client(),
  request: { params: MessageId, body: { required: true, content: { 'application/json': { schema: Feedback } } } },
  responses: {
    200: { description: 'Recorded', content: { 'application/json': { schema: FeedbackReceipt } } },
    ...errors(400, 401, 403, 404, 429),
  },
});

const suggestionsRoute = createRoute({
  method: 'get',
  path: '/assistant/suggestions',
  tags: ['Assistant'],
  summary: 'Questions to start with, drawn from the data and the upcoming calendar',
  ...access.public(),
  request: { query: SuggestionQuery },
  responses: {
    200: { description: 'Suggestions', content: { 'application/json': { schema: SuggestionList } } },
    ...errors(400, 429),
  },
});

const statsRoute = createRoute({
  method: 'get',
  path: '/stats/assistant',
  tags: ['Assistant'],
  summary: 'Usage of the assistant: questions, intents, no-answer rate, top unanswered, feedback',
  ...access.scope('stats:read'),
  request: { query: AssistantStatsQuery },
  responses: {
    200: { description: 'Statistics', content: { 'application/json': { schema: AssistantStats } } },
    ...errors(400, 401, 403, 429),
  },
});

export interface AssistantRouteDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /** A prepared service (tests, benchmarks); built from the configuration when absent. */
  assistant?: AssistantService;
  /** The app's configured embedder, shared with the other domains; built from the configuration when absent. */
  embedder?: Embedder;
}

/** `/v1/assistant/*`, `/v1/chat/completions` and `/v1/stats/assistant`. */
export function assistantRoutes(deps: AssistantRouteDeps) {
  const db = deps.database.db;
  const service =
    deps.assistant ??
    createAssistantService({
      db,
      config: deps.config,
      logger: deps.logger,
      ...(deps.embedder ? { embedder: deps.embedder } : {}),
    });
  const router = createRouter();

  router.openapi(chatRoute, async (c) => {
    const body = c.req.valid('json');
    const prepared = await service.prepare(body, c.get('principal'));
    const wantsStream = body.stream ?? c.req.header('accept')?.includes('text/event-stream') ?? false;
    if (!wantsStream) {
      const { usage: _usage, ...answer } = await collectAnswer(prepared, c.req.raw.signal);
      return c.json(answer satisfies ChatResponse, 200);
    }
    c.header('Cache-Control', 'no-cache, no-transform');
    c.header('X-Accel-Buffering', 'no'); // nginx: do not buffer the stream
    return streamSSE(c, async (stream) => {
      for await (const event of prepared.events(c.req.raw.signal)) {
        if (stream.aborted) break;
        await stream.writeSSE({ event: event.event, id: event.id, data: JSON.stringify(event.data) });
        // Embedded PGlite answers without leaving the microtask queue; without a macrotask boundary the HTTP server
        // would only flush the socket when the whole answer is done, and `meta` would not arrive first.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }) as never;
  });

  router.openapi(feedbackRoute, async (c) => {
    const { id } = c.req.valid('param');
    const feedback = c.req.valid('json');
    if (!(await findOwnAnswer(db, id, c.get('principal')))) {
      throw new ApiError(404, 'not_found', `Answer ${id} was not found. Use the messageId of an assistant answer.`);
    }
    await recordFeedback(db, id, feedback);
    return c.json({ messageId: id, rating: feedback.rating } satisfies FeedbackReceipt, 200);
  });

  router.openapi(suggestionsRoute, async (c) => {
    const { limit } = c.req.valid('query');
    return c.json({ data: await suggestionsFromData(db, new Date(), limit) } satisfies SuggestionList, 200);
  });

  router.openapi(statsRoute, async (c) => {
    const { days } = c.req.valid('query');
    return c.json(await assistantStats(db, days, new Date()), 200);
  });

  registerCompletionsRoute(router, service);
  return router;
}
