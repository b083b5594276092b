import { createRoute } from '@hono/zod-openapi';
import {
  type Card,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  type ChatMessage,
  type Citation,
  ErrorEnvelope,
  type Intent,
  type TokenUsage,
} from '@kepu/sdk/schema';
import { streamSSE } from 'hono/streaming';
import { access } from '../../access/route-access.js';
import { badRequest } from '../../http/errors.js';
import type { Router } from '../../http/openapi-app.js';
import { type AssistantService, collectAnswer } from './service.js';

/** The model name we report; the request's `model` is ignored (the answer always comes from Kepu's data). */
export const COMPLETION_MODEL = 'kepu-assistant';

const completionsRoute = createRoute({
  method: 'post',
  path: '/chat/completions',
  tags: ['Assistant'],
  summary: 'OpenAI-compatible chat completions over the same assistant (citations in the `kepu` field)',
  description:
    'For tools built for OpenAI: point their base URL at `/v1` and use a Kepu key as the API key. System and tool ' +
    'messages are ignored (the assistant keeps its own rules); `model` is ignored. The extra body field `kepu` takes ' +
    '`{ conversationId?, context? }` as /v1/assistant/chat does. The answer text carries `[n]` ' +
    "markers; `kepu.citations` maps them to records. With `stream: true`, chunks follow OpenAI's " +
    '`chat.completion.chunk` format, the last one carries `kepu`, then `data: [DONE]`.',
  ...access.client(),
  request: { body: { required: true, content: { 'application/json': { schema: ChatCompletionRequest } } } },
  responses: {
    200: {
      description: 'The completion (JSON), or its chunks (SSE)',
      content: { 'application/json': { schema: ChatCompletion }, 'text/event-stream': { schema: ChatCompletionChunk } },
    },
    ...Object.fromEntries(
      ([400, 401, 403, 429] as const).map((s) => [
        s,
        { description: 'Error', content: { 'application/json': { schema: ErrorEnvelope } } },
      ]),
    ),
  },
});

/** OpenAI messages → our chat messages: text only, user and assistant turns only, the last 20. */
function toChatMessages(body: ChatCompletionRequest): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of body.messages) {
    if (m.role !== 'user' && m.role !== 'assistant') continue;
    const text = (typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join(''))
      .trim()
      .slice(0, 2000);
    if (text) out.push({ role: m.role, content: text });
  }
  if (out.at(-1)?.role !== 'user') {
    throw badRequest('The last message must be a user message with text content.', [
      { path: 'body.messages', message: 'the last user or assistant message must be from the user and not empty' },
    ]);
  }
  return out.slice(-20);
}

export function registerCompletionsRoute(router: Router, service: AssistantService): void {
  router.openapi(completionsRoute, async (c) => {
    const body = c.req.valid('json');
    const messages = toChatMessages(body);
    const prepared = await service.prepare(
      {
        messages,
        ...(body.kepu?.conversationId ? { conversationId: body.kepu.conversationId } : {}),
        ...(body.kepu?.context ? { context: body.kepu.context } : {}),
      },
      c.get('principal'),
    );
    const id = `chatcmpl-${prepared.messageId}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      const answer = await collectAnswer(prepared, c.req.raw.signal);
      const completion: ChatCompletion = {
        id,
        object: 'chat.completion',
        created,
        model: COMPLETION_MODEL,
        choices: [{ index: 0, message: { role: 'assistant', content: answer.answer }, finish_reason: 'stop' }],
        // The provider's counts when a model wrote the answer; absent (not a made-up 0) when no model did.
        ...(answer.usage ? { usage: answer.usage } : {}),
        kepu: {
          conversationId: answer.conversationId,
          messageId: answer.messageId,
          intent: answer.intent,
          citations: answer.citations,
          cards: answer.cards,
          followUps: answer.followUps,
        },
      };
      return c.json(completion, 200);
    }
    c.header('Cache-Control', 'no-cache, no-transform');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const write = (rest: Pick<ChatCompletionChunk, 'choices' | 'kepu' | 'usage'>) => {
        const data: ChatCompletionChunk = {
          id,
          object: 'chat.completion.chunk',
          created,
          model: COMPLETION_MODEL,
          ...rest,
        };
        return stream.writeSSE({ data: JSON.stringify(data) });
      };
      const chunk = (
        delta: ChatCompletionChunk['choices'][number]['delta'],
        finish: 'stop' | null,
        kepu?: ChatCompletionChunk['kepu'],
      ) => write({ choices: [{ index: 0, delta, finish_reason: finish }], ...(kepu ? { kepu } : {}) });
      await chunk({ role: 'assistant', content: '' }, null);
      let intent: Intent = 'science_qa';
      let usage: TokenUsage | null = null;
      const citations: Citation[] = [];
      const cards: Card[] = [];
      for await (const event of prepared.events(c.req.raw.signal)) {
        if (stream.aborted) return;
        if (event.event === 'meta') intent = event.data.intent;
        else if (event.event === 'delta') {
          await chunk({ content: event.data.text }, null);
          await new Promise((resolve) => setImmediate(resolve)); // let the server flush (see routes.ts)
        } else if (event.event === 'citation') citations.push(event.data);
        else if (event.event === 'card') cards.push(event.data);
        else if (event.event === 'error') {
          await stream.writeSSE({
            data: JSON.stringify({ error: { message: event.data.message, type: event.data.code } }),
          });
          return;
        } else if (event.event === 'done') {
          usage = event.data.usage ?? null;
          await chunk({}, 'stop', {
            conversationId: prepared.conversationId,
            messageId: prepared.messageId,
            intent,
            citations,
            cards,
            followUps: event.data.followUps,
          });
        }
      }
      if (body.stream_options?.include_usage) {
        // As OpenAI: one more chunk, no choices, the usage (null when no model answered: nothing to count).
        await write({ choices: [], usage });
      }
      await stream.writeSSE({ data: '[DONE]' });
    }) as never;
  });
}
