import { z } from 'zod';
import { RumourRating } from './rumour-rating.js';

/** What the assistant understood the question to be. */
export const Intent = z
  .enum([
    'rumour_check',
    'event_recommendation',
    'place_lookup',
    'volunteer_info',
    'science_qa',
    'smalltalk',
    'out_of_scope',
    'urgent',
  ])
  .meta({ id: 'Intent' });
export type Intent = z.infer<typeof Intent>;

/** Kinds of record an answer can cite. */
export const SourceType = z
  .enum(['resource', 'route', 'event', 'rumour', 'health_resource', 'expert', 'opportunity', 'faq'])
  .meta({ id: 'SourceType' });
export type SourceType = z.infer<typeof SourceType>;

export const Citation = z
  .object({
    n: z.number().int().min(1).meta({ description: 'The number used in the answer text as [n].' }),
    type: SourceType,
    id: z.string(),
    externalId: z.string().optional(),
    title: z.string(),
    url: z.string().optional(),
  })
  .meta({ id: 'Citation' });
export type Citation = z.infer<typeof Citation>;

const Source = z.object({
  title: z.string(),
  url: z.string().optional(),
  publisher: z.string().optional(),
  date: z.string().optional(),
});

export const RumourCard = z
  .object({
    type: z.literal('rumour'),
    id: z.string(),
    externalId: z.string().optional(),
    claim: z.string(),
    rating: RumourRating,
    ratingLabel: z.string().meta({ description: 'The rating in words, in the answer language (谣言, 属实 …).' }),
    explanation: z.string().meta({ description: '真相: the reviewed explanation.' }),
    reviewedBy: z.array(
      z.object({ name: z.string(), title: z.string().optional(), institution: z.string().optional() }),
    ),
    sources: z.array(Source),
    dateReviewed: z.string().optional(),
    url: z.string().optional(),
  })
  .meta({ id: 'RumourCard' });

export const EventCard = z
  .object({
    type: z.literal('event'),
    id: z.string(),
    occurrenceId: z.string(),
    title: z.string(),
    startsAt: z.string().meta({ description: 'ISO 8601 with offset.' }),
    endsAt: z.string(),
    venue: z.object({ name: z.string(), address: z.string().optional(), district: z.string().optional() }).optional(),
    onlineUrl: z.string().optional(),
    seatsLeft: z.number().int().nullable().meta({ description: 'null: no registration limit.' }),
    free: z.boolean(),
    registrationOpen: z.boolean(),
    reasons: z.array(z.string()).optional().meta({ description: 'Why it was recommended.' }),
    url: z.string().optional(),
  })
  .meta({ id: 'EventCard' });

export const PlaceCard = z
  .object({
    type: z.literal('place'),
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    district: z.string().optional(),
    address: z.string().optional(),
    hoursToday: z.string().nullable().optional().meta({ description: 'e.g. "09:30–17:00" or null when closed.' }),
    openNow: z.boolean().nullable().optional(),
    lat: z.number().optional(),
    lng: z.number().optional(),
    mapUrl: z.string().optional(),
    url: z.string().optional(),
  })
  .meta({ id: 'PlaceCard' });

export const OpportunityCard = z
  .object({
    type: z.literal('opportunity'),
    id: z.string(),
    title: z.string(),
    startsAt: z.string().optional(),
    place: z.string().optional(),
    slotsLeft: z.number().int().nullable().optional(),
    url: z.string().optional(),
  })
  .meta({ id: 'OpportunityCard' });

export const Card = z
  .discriminatedUnion('type', [RumourCard, EventCard, PlaceCard, OpportunityCard])
  .meta({ id: 'Card' });
export type Card = z.infer<typeof Card>;

export const ChatMessage = z
  .object({
    role: z.enum(['user', 'assistant']),
    content: z.string().min(1).max(2000),
  })
  .meta({ id: 'ChatMessage' });
export type ChatMessage = z.infer<typeof ChatMessage>;

export const ChatContext = z
  .object({
    district: z.string().max(40).optional(),
    age: z.number().int().min(0).max(120).optional(),
    lang: z.enum(['zh-CN', 'en']).optional(),
  })
  .meta({ id: 'ChatContext' });

export const ChatRequest = z
  .object({
    messages: z
      .array(ChatMessage)
      .min(1)
      .max(20)
      .refine((m) => m.at(-1)?.role === 'user', 'the last message must be from the user'),
    conversationId: z.string().max(64).optional(),
    stream: z.boolean().optional(),
    context: ChatContext.optional(),
  })
  .meta({ id: 'ChatRequest' });
export type ChatRequest = z.infer<typeof ChatRequest>;

export const ChatResponse = z
  .object({
    conversationId: z.string(),
    messageId: z.string(),
    intent: Intent,
    answer: z.string().meta({ description: 'Markdown; claims carry [n] citation markers.' }),
    citations: z.array(Citation),
    cards: z.array(Card),
    followUps: z.array(z.string()),
  })
  .meta({ id: 'ChatResponse' });
export type ChatResponse = z.infer<typeof ChatResponse>;

/** Token counts as OpenAI reports them (`CompletionUsage`). */
export const TokenUsage = z
  .object({
    prompt_tokens: z.number().int().min(0),
    completion_tokens: z.number().int().min(0),
    total_tokens: z.number().int().min(0),
  })
  .meta({ id: 'TokenUsage' });
export type TokenUsage = z.infer<typeof TokenUsage>;

/**
 * Server-Sent Events of `POST /v1/assistant/chat` with `stream: true`. Each SSE message has `event: <event>`,
 * `id: <messageId>:<seq>` and `data: <JSON of data>`. Order: meta, then delta/card/citation interleaved, then done
 * (or error).
 */
export const ChatStreamEvent = z
  .discriminatedUnion('event', [
    z.object({
      event: z.literal('meta'),
      data: z.object({ conversationId: z.string(), messageId: z.string(), intent: Intent }),
    }),
    z.object({ event: z.literal('delta'), data: z.object({ text: z.string() }) }),
    z.object({ event: z.literal('card'), data: Card }),
    z.object({ event: z.literal('citation'), data: Citation }),
    z.object({
      event: z.literal('done'),
      data: z.object({
        followUps: z.array(z.string()),
        timings: z.record(z.string(), z.number()).meta({ description: 'Milliseconds per stage.' }),
        usage: TokenUsage.optional().meta({
          description: 'Tokens the model provider reported, when a model answered; absent otherwise.',
        }),
      }),
    }),
    z.object({ event: z.literal('error'), data: z.object({ code: z.string(), message: z.string() }) }),
  ])
  .meta({ id: 'ChatStreamEvent' });
export type ChatStreamEvent = z.infer<typeof ChatStreamEvent>;

export const Feedback = z
  .object({ rating: z.enum(['up', 'down']), reason: z.string().max(500).optional() })
  .meta({ id: 'Feedback' });
export type Feedback = z.infer<typeof Feedback>;

export const Suggestion = z.object({ text: z.string(), intent: Intent.optional() }).meta({ id: 'Suggestion' });
export type Suggestion = z.infer<typeof Suggestion>;

/** Answer of `POST /v1/assistant/messages/{id}/feedback`. */
export const FeedbackReceipt = z
  .object({ messageId: z.string(), rating: z.enum(['up', 'down']) })
  .meta({ id: 'FeedbackReceipt' });
export type FeedbackReceipt = z.infer<typeof FeedbackReceipt>;

/** `GET /v1/assistant/suggestions`: questions the assistant can answer now, drawn from the data and the calendar. */
export const SuggestionList = z.object({ data: z.array(Suggestion) }).meta({ id: 'SuggestionList' });
export type SuggestionList = z.infer<typeof SuggestionList>;

export const SuggestionQuery = z.object({
  limit: z.coerce.number().int().min(1).max(20).default(6).meta({ description: 'How many, 1–20.', example: 6 }),
});

/** `GET /v1/stats/assistant`: how the assistant is used and where it fails. */
export const AssistantStats = z
  .object({
    from: z.string().meta({ description: 'Start of the window (ISO 8601).' }),
    to: z.string(),
    questions: z.number().int(),
    conversations: z.number().int(),
    intents: z.record(z.string(), z.number().int()).meta({ description: 'Questions per intent.' }),
    noAnswerRate: z.number().meta({ description: 'Share of questions answered "we do not know" (0–1).' }),
    topUnanswered: z.array(z.object({ question: z.string(), count: z.number().int() })),
    feedback: z.object({ up: z.number().int(), down: z.number().int() }),
    composers: z.record(z.string(), z.number().int()).meta({ description: 'Answers per composer (offline, llm …).' }),
  })
  .meta({ id: 'AssistantStats' });
export type AssistantStats = z.infer<typeof AssistantStats>;

export const AssistantStatsQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(366)
    .default(30)
    .meta({ description: 'Window in days, 1–366.', example: 30 }),
});

/** `POST /v1/chat/completions` (OpenAI-compatible). Only what the assistant uses; unknown fields are ignored. */
export const ChatCompletionRequest = z
  .object({
    model: z.string().max(100).optional().meta({ description: 'Ignored: the answer always comes from Kepu.' }),
    messages: z
      .array(
        z.object({
          role: z.enum(['system', 'user', 'assistant', 'developer', 'tool']),
          content: z.union([
            z.string().max(2000),
            z.array(z.object({ type: z.string(), text: z.string().max(2000).optional() })).max(20),
          ]),
        }),
      )
      .min(1)
      .max(40),
    stream: z.boolean().optional(),
    stream_options: z
      .object({ include_usage: z.boolean().optional() })
      .optional()
      .meta({ description: 'With `include_usage`, a last chunk with empty `choices` carries `usage` (as OpenAI).' }),
    user: z.string().max(64).optional(),
    kepu: z
      .object({ conversationId: z.string().max(64).optional(), context: ChatContext.optional() })
      .optional()
      .meta({
        description:
          'Kepu extension (OpenAI clients send it as an extra body field): continue a conversation, and the ' +
          "context of /v1/assistant/chat (district, age, lang: 'en' for English answers).",
      }),
  })
  .meta({ id: 'ChatCompletionRequest' });
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

/** Kepu's extra field on a completion: the citations and cards, so OpenAI tools keep the sources. */
export const KepuCompletionExtra = z
  .object({
    conversationId: z.string(),
    messageId: z.string(),
    intent: Intent,
    citations: z.array(Citation),
    cards: z.array(Card),
    followUps: z.array(z.string()),
  })
  .meta({ id: 'KepuCompletionExtra' });

export const ChatCompletion = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        message: z.object({ role: z.literal('assistant'), content: z.string() }),
        finish_reason: z.literal('stop'),
      }),
    ),
    usage: TokenUsage.optional().meta({
      description:
        "The model provider's token counts when a model wrote the answer. Absent when the offline composer (no " +
        'model) answered: there are no tokens to count, and OpenAI marks the field optional.',
    }),
    kepu: KepuCompletionExtra,
  })
  .meta({ id: 'ChatCompletion' });
export type ChatCompletion = z.infer<typeof ChatCompletion>;

/**
 * One chunk of `POST /v1/chat/completions` with `stream: true`, in OpenAI's `chat.completion.chunk` format (each is
 * the `data:` of one server-sent event; `[DONE]` ends the stream). The chunk with `finish_reason: 'stop'` carries
 * `kepu` with the citations; with `stream_options: { include_usage: true }` a last chunk with empty `choices` carries
 * `usage` (null when no model answered).
 */
export const ChatCompletionChunk = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion.chunk'),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        delta: z.object({ role: z.literal('assistant').optional(), content: z.string().optional() }),
        finish_reason: z.literal('stop').nullable(),
      }),
    ),
    kepu: KepuCompletionExtra.optional(),
    usage: TokenUsage.nullable().optional(),
  })
  .meta({ id: 'ChatCompletionChunk' });
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunk>;
