import type { Card, Intent } from '@kepu/sdk/schema';
import type { SourceRef } from '../tools/types.js';

/** A citation as the engine emits it: the public fields plus the chunk it maps to (stored, not sent). */
export interface EngineCitation {
  n: number;
  source: SourceRef;
}

/** What a composer produces, in order. Text carries `[n]` markers that refer to citations already emitted. */
export type ComposerEvent =
  | { type: 'delta'; text: string }
  | { type: 'card'; card: Card }
  | { type: 'citation'; citation: EngineCitation }
  /** Tokens the model provider reported for this answer (all rounds); absent when no model answered. */
  | { type: 'usage'; promptTokens: number; completionTokens: number };

export type EngineEvent =
  | { type: 'meta'; intent: Intent }
  | ComposerEvent
  | {
      type: 'done';
      followUps: string[];
      timings: Record<string, number>;
      /** false: no evidence; the question is recorded as unanswered. */
      answered: boolean;
      composer: 'offline' | 'llm' | 'fixed';
      topScore: number | null;
      /** Provider-reported tokens when a model answered and reported them; null otherwise (nothing is estimated). */
      usage: { promptTokens: number; completionTokens: number } | null;
    };
