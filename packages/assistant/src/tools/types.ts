import type { Card, SourceType } from '@kepu/sdk/schema';
import type { RetrievalFilters, RetrievedChunk } from '../retrieve/types.js';

type CardOf<T extends Card['type']> = Extract<Card, { type: T }>;
export type RumourCard = CardOf<'rumour'>;
export type EventCard = CardOf<'event'>;
export type PlaceCard = CardOf<'place'>;
export type OpportunityCard = CardOf<'opportunity'>;

/** The record a card or sentence comes from, as cited. `chunkId` when the record is in the knowledge index. */
export interface SourceRef {
  type: SourceType;
  id: string;
  externalId?: string | undefined;
  title: string;
  url?: string | undefined;
  chunkId?: string | undefined;
}

export interface RumourMatch {
  card: RumourCard;
  /** Match confidence 0–1 of the claim matcher. */
  score: number;
  source: SourceRef;
}

export interface EventQuery {
  text: string;
  district?: string | undefined;
  age?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
}

export interface PlaceQuery {
  text: string;
  district?: string | undefined;
  limit: number;
}

/** What the event tool found for a question. */
export interface EventFinding {
  /** Events about the question's topic (or the best of the window when the question names no topic). */
  events: Sourced<EventCard>[];
  /** When no event is about the topic: alternatives, offered and labelled as such. */
  alternatives: Sourced<EventCard>[];
  /** `other_dates`: the topic outside the asked time window; `related_topic`: events sharing part of the topic. */
  alternativesAre: 'other_dates' | 'related_topic' | null;
  /** The topic no event covers ("天文观测"), or null when the topic was found or none was asked. */
  missedTopic: string | null;
  /** The question's topic words as the tool understood them (empty: no topic asked). */
  topic: string[];
}

/** A card with the record it stands for. */
export interface Sourced<C> {
  card: C;
  source: SourceRef;
}

/**
 * What the assistant can ask of the rest of Kepu. The server wires each to a domain service; one that is not wired
 * (undefined) makes the assistant say honestly that it cannot help with that yet.
 */
export interface AssistantTools {
  searchKnowledge(query: string, filters: Omit<RetrievalFilters, 'now'>, k?: number): Promise<RetrievedChunk[]>;
  checkRumour?(claim: string): Promise<RumourMatch | null>;
  findEvents?(query: EventQuery): Promise<EventFinding>;
  findPlaces?(query: PlaceQuery): Promise<Sourced<PlaceCard>[]>;
  findOpportunities?(query: {
    text: string;
    district?: string | undefined;
    limit: number;
  }): Promise<Sourced<OpportunityCard>[]>;
  /** Records a claim nobody has checked yet as a tip for the experts' queue. */
  submitRumourTip?(claim: string): Promise<void>;
}
