import type { Card, Citation, Intent } from '@kepu/sdk/schema';

/** Why an answer failed, in the terms the citizen sees (each has its own message and retry advice). */
export type ChatFailure =
  | { kind: 'offline' }
  | { kind: 'rate_limited'; retryAfterSeconds: number | undefined }
  | { kind: 'unauthorized' }
  | { kind: 'bad_request' }
  | { kind: 'server'; requestId?: string | undefined };

export interface UserTurn {
  role: 'user';
  id: string;
  text: string;
}

export interface AssistantTurn {
  role: 'assistant';
  id: string;
  status: 'pending' | 'streaming' | 'done' | 'stopped' | 'error';
  text: string;
  cards: Card[];
  citations: Citation[];
  followUps: string[];
  intent?: Intent;
  /** The server's id of this answer: feedback refers to it. */
  messageId?: string;
  error?: ChatFailure;
  feedback?: 'up' | 'down';
}

export type Turn = UserTurn | AssistantTurn;

let counter = 0;
/** Local ids for list keys; not sent to the server. */
export function localId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}`;
}
