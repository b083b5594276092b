import type { AssistantEvalCase, AssistantEvalObservation } from '@kepu/assistant';
import type { App } from '../../app.js';
import { parseSse } from './parse-sse.js';

const FIXED_INTENTS = new Set(['urgent', 'smalltalk', 'out_of_scope']);

/**
 * Asks one case through the real HTTP route with `stream: true` and observes what a client sees: time to the
 * first byte and to the end of the stream, the intent, cited records and the verdict card.
 */
export async function observeCase(
  app: App,
  auth: { authorization: string },
  c: AssistantEvalCase,
): Promise<AssistantEvalObservation> {
  const started = performance.now();
  const res = await app.request('/v1/assistant/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...auth },
    body: JSON.stringify({ messages: [{ role: 'user', content: c.question }], stream: true, context: c.context }),
  });
  const empty = (error: string): AssistantEvalObservation => ({
    intent: null,
    citedExternalIds: [],
    rating: null,
    noAnswer: true,
    firstByteMs: performance.now() - started,
    doneMs: performance.now() - started,
    error,
  });
  if (res.status !== 200 || !res.body) return empty(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let body = '';
  let firstByteMs: number | null = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (firstByteMs === null && value.length > 0) firstByteMs = performance.now() - started;
    body += decoder.decode(value, { stream: true });
  }
  const doneMs = performance.now() - started;
  const events = parseSse(body);
  let intent: string | null = null;
  let rating: string | null = null;
  let cards = 0;
  const cited: string[] = [];
  let error: string | null = null;
  for (const e of events) {
    if (e.event === 'meta') intent = e.data.intent;
    else if (e.event === 'citation') cited.push(e.data.externalId ?? e.data.id);
    else if (e.event === 'card') {
      cards++;
      if (e.data.type === 'rumour' && rating === null) rating = e.data.rating;
    } else if (e.event === 'error') error = e.data.message;
  }
  return {
    intent,
    citedExternalIds: cited,
    rating,
    // Fixed replies (emergency numbers, greetings, declining) are answers, not "I don't know".
    noAnswer: cited.length === 0 && cards === 0 && !FIXED_INTENTS.has(intent ?? ''),
    firstByteMs: firstByteMs ?? doneMs,
    doneMs,
    error,
  };
}
