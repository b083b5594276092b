import { type ChatMessage, type Intent, RUMOUR_RATING_LABELS } from '@kepu/sdk/schema';
import { createCitationRegistry } from '../compose/citations.js';
import { composeOffline } from '../compose/offline-composer.js';
import { PHRASES } from '../compose/phrases.js';
import type { ComposeInput, Composer } from '../compose/types.js';
import { classifyIntent, type IntentResult } from '../intent/classify-intent.js';
import { withoutDistricts } from '../intent/slots.js';
import type { RetrievedChunk } from '../retrieve/types.js';
import { isPromptInjection, PROMPT_INJECTION_REPLY, PROMPT_INJECTION_REPLY_EN } from '../safety/prompt-injection.js';
import { createSensitiveWordFilter } from '../safety/sensitive-words.js';
import { URGENT_REPLIES, URGENT_REPLIES_EN } from '../safety/urgent.js';
import { rumourFromChunk } from '../tools/rumour-from-chunk.js';
import { TOPIC_COVERAGE, topicCoverage } from '../tools/topic-coverage.js';
import type { AssistantTools, RumourMatch } from '../tools/types.js';
import type { ComposerEvent, EngineEvent } from './events.js';
import {
  FIXED_REPLIES_EN,
  OUT_OF_SCOPE_REPLY,
  SENSITIVE_INPUT_REPLY,
  SMALLTALK_REPLY,
  THANKS_REPLY,
} from './fixed-replies.js';

/** A question about a procedure. */
const HOW_TO = /怎么|如何|怎样|流程|步骤|需要什么|什么条件|怎么办/;

export interface AssistantOptions {
  tools: AssistantTools;
  /** The LLM composer when configured; the offline composer is the default and the fallback. */
  composer?: Composer;
  sensitiveWords?: readonly string[];
  timeZone?: string;
  /** A chunk is evidence when it covers this share of the question's (idf-weighted) words. @default 0.5 */
  minCoverage?: number;
  /** … or when its cosine similarity reaches this and it covers at least a third of the words. @default 0.55 */
  minSimilarity?: number;
  /** Related questions that do have answers, for the no-answer case and follow-ups. */
  suggestRelated?: (query: string, intent: Intent) => Promise<string[]>;
  /** Called when a composer fails (the answer falls back to the offline composer). */
  onComposerError?: (error: unknown) => void;
}

export interface AnswerRequest {
  messages: readonly ChatMessage[];
  context?: { district?: string | undefined; age?: number | undefined; lang?: 'zh-CN' | 'en' | undefined };
  now?: Date;
  signal?: AbortSignal;
}

/**
 * The assistant: intent → tools and retrieval → composer, as a stream of events. `meta` is emitted as soon as the
 * intent is known (before any retrieval), so the first byte reaches the citizen within milliseconds.
 * @example for await (const e of createAssistant({ tools }).answer({ messages })) console.log(e)
 */
/** A chunk whose coverage is under this share of the best chunk's is not cited next to it. */
const RELATIVE_COVERAGE = 0.6;

export function createAssistant(options: AssistantOptions) {
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const minCoverage = options.minCoverage ?? 0.5;
  const minSimilarity = options.minSimilarity ?? 0.55;
  const words = createSensitiveWordFilter(options.sensitiveWords ?? []);
  const isEvidence = (c: RetrievedChunk) =>
    c.coverage >= minCoverage || (c.similarity >= minSimilarity && c.coverage >= 0.34);
  /**
   * The evidence among retrieved chunks, without the ones that match the question much worse than the best: for
   * "有没有营养方面的专家？" every expert profile covers 方面 and 专家, but only one covers 营养 as well.
   */
  const evidenceOf = (chunks: RetrievedChunk[]): RetrievedChunk[] => {
    const evidence = chunks.filter(isEvidence);
    const best = Math.max(0, ...evidence.map((c) => c.coverage));
    return evidence.filter((c) => c.coverage >= best * RELATIVE_COVERAGE || c.similarity >= minSimilarity);
  };

  async function* answer(request: AnswerRequest): AsyncGenerator<EngineEvent> {
    const started = performance.now();
    const timings: Record<string, number> = {};
    const mark = (stage: string, since: number) => {
      timings[stage] = Math.round((performance.now() - since) * 10) / 10;
    };
    const now = request.now ?? new Date();
    const last = request.messages.at(-1)?.content ?? '';
    const en = request.context?.lang === 'en';

    const fixed = function* (intent: Intent, text: string): Generator<EngineEvent> {
      yield { type: 'meta', intent };
      yield { type: 'delta', text };
      mark('total', started);
      yield { type: 'done', followUps: [], timings, answered: true, composer: 'fixed', topScore: null, usage: null };
    };
    if (words.find(last)) return yield* fixed('out_of_scope', en ? FIXED_REPLIES_EN.sensitive : SENSITIVE_INPUT_REPLY);
    const intent = classifyIntent(request.messages, { now, timeZone });
    if (intent.urgent) {
      return yield* fixed('urgent', (en ? URGENT_REPLIES_EN : URGENT_REPLIES)[intent.urgent]);
    }
    if (isPromptInjection(last)) {
      return yield* fixed('out_of_scope', en ? PROMPT_INJECTION_REPLY_EN : PROMPT_INJECTION_REPLY);
    }
    if (intent.intent === 'smalltalk') {
      const thanks = /谢|感谢|thank/i.test(last);
      if (en) return yield* fixed('smalltalk', thanks ? FIXED_REPLIES_EN.thanks : FIXED_REPLIES_EN.smalltalk);
      return yield* fixed('smalltalk', thanks ? THANKS_REPLY : SMALLTALK_REPLY);
    }
    if (intent.intent === 'out_of_scope') {
      return yield* fixed('out_of_scope', en ? FIXED_REPLIES_EN.outOfScope : OUT_OF_SCOPE_REPLY);
    }

    mark('classify', started);
    yield { type: 'meta', intent: intent.intent };

    const gatherStarted = performance.now();
    const input = await gather(intent, request, now);
    mark('retrieve', gatherStarted);

    const answered =
      input.evidence.length > 0 ||
      input.rumour !== null ||
      input.events.length > 0 ||
      input.places.length > 0 ||
      input.opportunities.length > 0;
    const topScore = input.evidence[0]?.coverage ?? null;

    const composeStarted = performance.now();
    const filter = words.stream();
    let composer: 'offline' | 'llm' = 'offline';
    let firstDelta = true;
    let usage: { promptTokens: number; completionTokens: number } | null = null;
    const guard = function* (events: Iterable<ComposerEvent>): Generator<EngineEvent> {
      for (const event of events) {
        if (event.type === 'usage') {
          usage = { promptTokens: event.promptTokens, completionTokens: event.completionTokens };
          continue;
        }
        if (event.type !== 'delta') {
          yield event;
          continue;
        }
        const text = filter.push(event.text);
        if (text) {
          if (firstDelta) mark('firstDelta', started);
          firstDelta = false;
          yield { type: 'delta', text };
        }
      }
    };
    if (answered && options.composer) {
      composer = 'llm';
      const buffered: ComposerEvent[] = [];
      let emittedText = false;
      try {
        for await (const event of options.composer.compose(input, request.signal)) {
          buffered.length = 0;
          buffered.push(event);
          if (event.type === 'delta') emittedText = true;
          yield* guard(buffered);
        }
      } catch (error) {
        options.onComposerError?.(error);
        composer = 'offline';
        usage = null; // the answer the client gets is the offline one
        timings.llmFailed = 1;
        if (emittedText) yield* guard([{ type: 'delta', text: PHRASES[input.lang].modelFailedNote }]);
        yield* guard(composeOffline({ ...input, citations: input.citations }));
      }
    } else {
      yield* guard(composeOffline(input));
    }
    const rest = filter.flush();
    if (rest) yield { type: 'delta', text: rest };
    mark('compose', composeStarted);

    if (!answered && intent.intent === 'rumour_check' && options.tools.submitRumourTip) {
      await options.tools.submitRumourTip(last).catch((error: unknown) => options.onComposerError?.(error));
    }
    const followUps = options.suggestRelated
      ? (await options.suggestRelated(intent.query, intent.intent).catch(() => [])).slice(0, 3)
      : [];
    mark('total', started);
    yield { type: 'done', followUps, timings, answered, composer, topScore, usage };
  }

  async function gather(intent: IntentResult, request: AnswerRequest, now: Date): Promise<ComposeInput> {
    const { tools } = options;
    const district = intent.district ?? request.context?.district;
    const age = intent.age ?? request.context?.age;
    const missingTools: string[] = [];
    let rumour: RumourMatch | null = null;
    const input: ComposeInput = {
      messages: request.messages,
      intent: { ...intent, district, age },
      evidence: [],
      rumour: null,
      events: [],
      eventAlternatives: [],
      eventAlternativesAre: null,
      missedTopic: null,
      places: [],
      opportunities: [],
      missingTools,
      evidenceFirst: false,
      procedure: false,
      lang: request.context?.lang ?? 'zh-CN',
      timeZone,
      now,
      citations: createCitationRegistry(),
      tools,
    };
    switch (intent.intent) {
      case 'rumour_check': {
        const chunks = await tools.searchKnowledge(intent.query, {}, 5);
        if (tools.checkRumour) {
          // The rumour engine decides (calibrated thresholds); a rumour entry it did not match is not quoted, so a
          // near-miss entry cannot pass for a verdict on this claim.
          rumour = await tools.checkRumour(intent.query);
          input.evidence = chunks.filter(
            (c) => isEvidence(c) && (c.sourceType !== 'rumour' || c.sourceId === rumour?.source.id),
          );
        } else {
          input.evidence = evidenceOf(chunks);
          const top = input.evidence.find((c) => c.sourceType === 'rumour');
          rumour = top ? rumourFromChunk(top) : null;
        }
        // The verdict is the entry's; only its label follows the answer language.
        input.rumour = rumour && {
          ...rumour,
          card: { ...rumour.card, ratingLabel: RUMOUR_RATING_LABELS[rumour.card.rating][input.lang] },
        };
        break;
      }
      case 'event_recommendation': {
        const topic = district ? withoutDistricts(intent.query) : intent.query;
        const found = tools.findEvents
          ? await tools.findEvents({
              text: topic,
              district,
              age,
              from: intent.time?.from ?? now,
              to: intent.time?.to,
              limit: 3,
            })
          : undefined;
        if (found) {
          input.events = found.events;
          input.eventAlternatives = found.alternatives;
          input.eventAlternativesAre = found.alternativesAre;
          input.missedTopic = found.missedTopic;
        }
        if (HOW_TO.test(intent.query)) {
          // "怎么报名/怎么取消" is answered by the procedure (FAQ) before any list of events.
          const faq = await tools.searchKnowledge(intent.query, { sourceTypes: ['faq'] }, 2);
          input.evidence = evidenceOf(faq);
          input.evidenceFirst = input.evidence.length > 0;
          // A procedure question that names no event ("报名了去不了，怎么取消？") is not answered by a list of
          // whatever is on: without the procedure it is an honest no-answer.
          if (!input.evidenceFirst && found?.topic.length === 0) input.events = [];
          input.procedure = !input.evidenceFirst;
        }
        if (input.events.length === 0 && input.eventAlternatives.length === 0 && input.evidence.length === 0) {
          // Indexed event descriptions still answer "what is on" when the calendar has nothing to offer (the
          // calendar knows dates; the index does not, so it never overrides the calendar's alternatives). After a
          // topic miss, a description counts only if it is about that topic: one that merely shares a word (观测 of
          // 天文观测) must not undo the honest miss.
          const topicOf = input.missedTopic !== null ? found?.topic : undefined;
          const chunks = await tools.searchKnowledge(topic, { sourceTypes: ['event'], district, validAt: now }, 3);
          input.evidence = chunks.filter(
            (c) => isEvidence(c) && (!topicOf || topicCoverage(`${c.title} ${c.text}`, topicOf) >= TOPIC_COVERAGE),
          );
          if (input.evidence.length) {
            input.missedTopic = null;
            input.eventAlternatives = [];
          }
          if (!tools.findEvents && !input.evidence.length) missingTools.push('findEvents');
        }
        break;
      }
      case 'place_lookup': {
        if (tools.findPlaces) input.places = await tools.findPlaces({ text: intent.query, district, limit: 3 });
        const chunks = await tools.searchKnowledge(intent.query, { sourceTypes: ['resource', 'route'], district }, 3);
        input.evidence = evidenceOf(chunks);
        if (!input.places.length && !input.evidence.length) {
          // "在哪里申请…" may be about a procedure rather than a place.
          input.evidence = evidenceOf(await tools.searchKnowledge(intent.query, {}, 3));
        }
        if (!tools.findPlaces && !input.evidence.length) missingTools.push('findPlaces');
        break;
      }
      case 'volunteer_info': {
        if (tools.findOpportunities) {
          input.opportunities = await tools.findOpportunities({ text: intent.query, district, limit: 3 });
        }
        const chunks = await tools.searchKnowledge(intent.query, { sourceTypes: ['faq', 'opportunity'] }, 3);
        input.evidence = evidenceOf(chunks);
        input.evidenceFirst = HOW_TO.test(intent.query) && input.evidence.some((c) => c.sourceType === 'faq');
        break;
      }
      default: {
        const chunks = await tools.searchKnowledge(intent.query, {}, 5);
        input.evidence = evidenceOf(chunks);
      }
    }
    return input;
  }

  return { answer };
}
export type Assistant = ReturnType<typeof createAssistant>;
