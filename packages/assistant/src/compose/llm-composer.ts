import { RUMOUR_RATING_LABELS } from '@kepu/sdk/schema';
import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ComposerEvent } from '../engine/events.js';
import { createCitationMapper } from './citations.js';
import { type PromptSource, renderSources, sourcesOf, systemPrompt, verdictSentence } from './llm-prompt.js';
import { modelToolDefinitions, runModelTool } from './model-tools.js';
import type { ComposeInput, Composer } from './types.js';

export interface LlmComposerOptions {
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  /** Whole answer; the first token must come within a quarter of it (at least 1 s). @default 20000 */
  timeoutMs?: number;
  /** Rounds of tool calls before the model must answer. @default 2 */
  maxToolRounds?: number;
  temperature?: number;
}

/** The provider failed or timed out before answering; the engine answers offline instead. */
export class LlmUnavailableError extends Error {
  override name = 'LlmUnavailableError';
}

/** Tool calls of one round beyond this get a refusal, not a run (a runaway model must not fan out queries). */
const MAX_CALLS_PER_ROUND = 5;

/**
 * Answers with a model behind any OpenAI-compatible chat endpoint, grounded in the gathered sources: the sources
 * are numbered, the model cites them as [k], and markers that do not map to a given source are removed. The
 * rumour verdict is written by us from the matched entry before the model speaks. The model may call the tools the
 * server wired (search knowledge, check a rumour, find events, places, volunteer opportunities); their results are
 * more numbered sources. Token usage reported by the provider is passed on. Failures throw (before or during the
 * stream) so the engine falls back.
 */
export function createLlmComposer(options: LlmComposerOptions): Composer {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const client = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey ?? 'unused',
    timeout: timeoutMs,
    maxRetries: 0, // a retry would blow the latency budget; the offline composer is the fallback
  });
  return {
    name: 'llm',
    async *compose(input, signal) {
      yield* composeWithModel(client, options, timeoutMs, input, signal);
    },
  };
}

async function* composeWithModel(
  client: OpenAI,
  options: LlmComposerOptions,
  timeoutMs: number,
  input: ComposeInput,
  outerSignal: AbortSignal | undefined,
): AsyncGenerator<ComposerEvent> {
  const sources: PromptSource[] = sourcesOf(input);
  const mapper = createCitationMapper(() => sources.map((s) => s.ref), input.citations);
  if (input.rumour) {
    const { citation, fresh } = input.citations.cite(input.rumour.source);
    if (fresh) yield { type: 'citation', citation };
    yield { type: 'delta', text: verdictSentence(input.rumour.card, input.lang, `[${citation.n}]`) };
    yield { type: 'card', card: input.rumour.card };
  }
  for (const { card } of [...input.events, ...input.places, ...input.opportunities]) yield { type: 'card', card };

  const history: ChatCompletionMessageParam[] = input.messages
    .slice(-7, -1)
    .map((m) => ({ role: m.role, content: m.content }));
  const question = input.messages.at(-1)?.content ?? '';
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: systemPrompt(input.lang) },
    ...history,
    {
      role: 'user',
      content:
        `资料：\n${renderSources(sources)}\n\n` +
        (input.rumour
          ? `核查结论（专家给出，不可改变）：${RUMOUR_RATING_LABELS[input.rumour.card.rating]['zh-CN']}\n\n`
          : '') +
        `问题：${question}` +
        (input.lang === 'en' ? '\n\n(Answer in English.)' : ''),
    },
  ];

  const tools = modelToolDefinitions(input.tools);
  const usage = { promptTokens: 0, completionTokens: 0, reported: false };
  const controller = new AbortController();
  const abort = () => controller.abort();
  outerSignal?.addEventListener('abort', abort, { once: true });
  const total = setTimeout(abort, timeoutMs);
  try {
    for (let round = 0; ; round++) {
      const allowTools = round < (options.maxToolRounds ?? 2);
      let stream: AsyncIterable<ChatCompletionChunk>;
      // The first token must come within a quarter of the budget (at least 1 s): a stalled provider is dropped early.
      const firstToken = setTimeout(abort, Math.min(timeoutMs, Math.max(Math.floor(timeoutMs / 4), 1000)));
      try {
        stream = await client.chat.completions.create(
          {
            model: options.model,
            messages,
            stream: true,
            // Real token counts in the last chunk (OpenAI, DeepSeek, Qwen, vLLM, Ollama); absent when unsupported.
            stream_options: { include_usage: true },
            temperature: options.temperature ?? 0.2,
            ...(allowTools && tools.length ? { tools, tool_choice: 'auto' as const } : {}),
          },
          { signal: controller.signal },
        );
      } catch (error) {
        clearTimeout(firstToken);
        throw new LlmUnavailableError(describe(error, controller.signal));
      }
      const calls = new Map<number, { id: string; name: string; args: string }>();
      let content = '';
      try {
        for await (const chunk of stream) {
          clearTimeout(firstToken);
          if (chunk.usage) {
            usage.promptTokens += chunk.usage.prompt_tokens;
            usage.completionTokens += chunk.usage.completion_tokens;
            usage.reported = true;
          }
          const choice = chunk.choices[0];
          if (!choice) continue;
          for (const call of choice.delta.tool_calls ?? []) {
            const slot = calls.get(call.index) ?? { id: '', name: '', args: '' };
            if (call.id) slot.id = call.id;
            if (call.function?.name) slot.name += call.function.name;
            if (call.function?.arguments) slot.args += call.function.arguments;
            calls.set(call.index, slot);
          }
          const text = choice.delta.content;
          if (text) {
            content += text;
            const mapped = mapper.push(text);
            for (const citation of mapped.citations) yield { type: 'citation', citation };
            if (mapped.text) yield { type: 'delta', text: mapped.text };
          }
        }
      } catch (error) {
        throw new LlmUnavailableError(describe(error, controller.signal));
      } finally {
        clearTimeout(firstToken);
      }
      if (calls.size === 0 || !allowTools) break;
      // Tool round: run the calls, give the results as more numbered sources, ask again.
      messages.push({
        role: 'assistant',
        content: content || null,
        tool_calls: [...calls.values()].map((c) => ({
          id: c.id,
          type: 'function' as const,
          function: { name: c.name, arguments: c.args },
        })),
      });
      let run = 0;
      for (const call of calls.values()) {
        if (++run > MAX_CALLS_PER_ROUND) {
          messages.push({
            role: 'tool',
            tool_call_id: call.id,
            content: `调用失败：每轮最多 ${MAX_CALLS_PER_ROUND} 次工具调用。`,
          });
          continue;
        }
        // Text the model wrote before calling is complete: flush it so our verdict line follows it, not splits it.
        const before = mapper.flush();
        for (const citation of before.citations) yield { type: 'citation', citation };
        if (before.text) yield { type: 'delta', text: before.text };
        const outcome = await runModelTool(call, input, sources, input.now);
        yield* outcome.events;
        messages.push({ role: 'tool', tool_call_id: call.id, content: outcome.content });
      }
    }
    const rest = mapper.flush();
    for (const citation of rest.citations) yield { type: 'citation', citation };
    if (rest.text) yield { type: 'delta', text: rest.text };
    if (usage.reported)
      yield { type: 'usage', promptTokens: usage.promptTokens, completionTokens: usage.completionTokens };
  } finally {
    clearTimeout(total);
    outerSignal?.removeEventListener('abort', abort);
  }
}

function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'the model did not answer in time';
  if (error instanceof OpenAI.APIError)
    return `the model endpoint answered ${error.status ?? 'an error'}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
