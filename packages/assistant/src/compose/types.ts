import type { ChatMessage } from '@kepu/sdk/schema';
import type { ComposerEvent } from '../engine/events.js';
import type { IntentResult } from '../intent/classify-intent.js';
import type { RetrievedChunk } from '../retrieve/types.js';
import type {
  AssistantTools,
  EventCard,
  EventFinding,
  OpportunityCard,
  PlaceCard,
  RumourMatch,
  Sourced,
} from '../tools/types.js';
import type { CitationRegistry } from './citations.js';

export interface ComposeInput {
  /** The conversation as the client sent it (last message is the question). */
  messages: readonly ChatMessage[];
  intent: IntentResult;
  /** Chunks that passed the evidence bar, best first. */
  evidence: RetrievedChunk[];
  rumour: RumourMatch | null;
  events: Sourced<EventCard>[];
  /** No event is about the question's topic: alternatives, offered and labelled as such. */
  eventAlternatives: Sourced<EventCard>[];
  eventAlternativesAre: EventFinding['alternativesAre'];
  /** The topic no event covers, or null. */
  missedTopic: string | null;
  places: Sourced<PlaceCard>[];
  opportunities: Sourced<OpportunityCard>[];
  /** A how-to question ("怎么报名"): the quoted procedure comes before the lists of cards. */
  evidenceFirst: boolean;
  /** A how-to question whose procedure was not found: a no-answer says so, not "no events". */
  procedure: boolean;
  /** Tools the intent needed but the server has not wired: the answer says so. */
  missingTools: string[];
  lang: 'zh-CN' | 'en';
  timeZone: string;
  /** The time the question is answered at (tools' time windows start here). */
  now: Date;
  citations: CitationRegistry;
  tools: AssistantTools;
}

/** Builds the answer as a stream of text, cards and citations. Must never state a fact that is not in the input. */
export interface Composer {
  readonly name: 'offline' | 'llm';
  compose(input: ComposeInput, signal?: AbortSignal): AsyncIterable<ComposerEvent>;
}
