import { RUMOUR_RATING_LABELS } from '@kepu/sdk/schema';
import type { ComposerEvent } from '../engine/events.js';
import type { SourceRef } from '../tools/types.js';
import { formatTimeRange } from './format.js';
import { PHRASES } from './phrases.js';
import { selectSentences } from './select-sentences.js';
import type { ComposeInput, Composer } from './types.js';

/**
 * The default composer, no model: the answer is made of fixed connecting phrases, values of structured cards and
 * sentences quoted verbatim from retrieved chunks, each with its citation. It cannot state a fact that is not in a
 * source, and rumour verdicts come only from the matched entry.
 */
export function createOfflineComposer(): Composer {
  return {
    name: 'offline',
    async *compose(input) {
      yield* composeOffline(input);
    },
  };
}

export function* composeOffline(input: ComposeInput): Generator<ComposerEvent> {
  const t = PHRASES[input.lang];
  const time = input.intent.time?.label;
  const cite = function* (source: SourceRef): Generator<ComposerEvent, string> {
    const { citation, fresh } = input.citations.cite(source);
    if (fresh) yield { type: 'citation', citation };
    return `[${citation.n}]`;
  };
  let said = false;
  const quote = function* (after: boolean): Generator<ComposerEvent, boolean> {
    // Quoted evidence: after a verdict or a list, one supporting passage at most; on its own, up to three.
    const quoted = input.evidence
      .filter((c) => !(input.rumour && c.sourceType === 'rumour' && c.sourceId === input.rumour.source.id))
      .filter(
        (c) =>
          !input.events.some((e) => e.source.id === c.sourceId) &&
          !input.places.some((p) => p.source.id === c.sourceId),
      )
      .slice(0, after ? 1 : input.evidenceFirst ? 2 : 3);
    if (!quoted.length) return false;
    yield { type: 'delta', text: t.evidenceIntro(after) };
    for (const chunk of quoted) {
      const marker = yield* cite({
        type: chunk.sourceType,
        id: chunk.sourceId,
        externalId: chunk.externalId ?? undefined,
        title: chunk.title,
        url: chunk.url ?? undefined,
        chunkId: chunk.chunkId,
      });
      const sentences = selectSentences(input.intent.query, chunk.text, input.evidenceFirst ? 3 : 2);
      yield { type: 'delta', text: t.quotedLine(chunk.title, sentences, marker) };
    }
    return true;
  };
  if (input.evidenceFirst) said = yield* quote(false);

  if (input.rumour) {
    const { card, source } = input.rumour;
    const marker = yield* cite(source);
    const label = RUMOUR_RATING_LABELS[card.rating][input.lang];
    yield { type: 'delta', text: t.verdict(card.claim, label, marker) };
    const sentences = selectSentences(input.intent.query, card.explanation, 3);
    if (sentences.length) yield { type: 'delta', text: t.explanation(sentences, marker) };
    yield { type: 'card', card };
    said = true;
  }

  const listEvents = function* (events: ComposeInput['events']): Generator<ComposerEvent> {
    let i = 0;
    for (const { card, source } of events) {
      const marker = yield* cite(source);
      const details = t.eventDetails({
        ...(card.venue ? { venue: card.venue.name } : {}),
        online: Boolean(card.onlineUrl),
        free: card.free,
        seatsLeft: card.seatsLeft,
      });
      yield {
        type: 'delta',
        text: `${++i}. **${card.title}** — ${formatTimeRange(card.startsAt, card.endsAt, input.timeZone, input.lang)}${details}${marker}\n`,
      };
      yield { type: 'card', card };
    }
  };
  if (input.events.length) {
    yield { type: 'delta', text: `${said ? '\n' : ''}${t.eventsIntro(input.intent.district, time)}` };
    yield* listEvents(input.events);
    said = true;
  } else if (input.missedTopic) {
    // Honest topic miss: say what was not found; partly related events only as labelled alternatives.
    const kind = input.eventAlternatives.length ? input.eventAlternativesAre : null;
    yield {
      type: 'delta',
      text: `${said ? '\n' : ''}${t.topicMissed(input.missedTopic, input.intent.district, time, kind)}`,
    };
    yield* listEvents(input.eventAlternatives);
    said = true;
  }

  if (input.places.length) {
    yield { type: 'delta', text: `${said ? '\n' : ''}${t.placesIntro}` };
    let i = 0;
    for (const { card, source } of input.places) {
      const marker = yield* cite(source);
      const address = card.address ?? card.district;
      const details = t.placeDetails({
        ...(address ? { address } : {}),
        ...(card.hoursToday !== undefined ? { hoursToday: card.hoursToday } : {}),
      });
      yield { type: 'delta', text: `${++i}. **${card.name}**${details}${marker}\n` };
      yield { type: 'card', card };
    }
    said = true;
  }

  if (input.opportunities.length) {
    yield { type: 'delta', text: `${said ? '\n' : ''}${t.opportunitiesIntro}` };
    let i = 0;
    for (const { card, source } of input.opportunities) {
      const marker = yield* cite(source);
      const when = card.startsAt
        ? `${t.sep}${formatTimeRange(card.startsAt, undefined, input.timeZone, input.lang)}`
        : '';
      const place = card.place ? `${t.sep}${card.place}` : '';
      yield { type: 'delta', text: `${++i}. **${card.title}**${when}${place}${marker}\n` };
      yield { type: 'card', card };
    }
    said = true;
  }

  if (!input.evidenceFirst) said = (yield* quote(said)) || said;

  if (input.missingTools.length && !said) {
    yield { type: 'delta', text: t.missingTools(input.missingTools) };
  } else if (!said) {
    yield { type: 'delta', text: noAnswerText(input) };
  }
}

/** Honest "we don't know", by intent, in the answer language. */
export function noAnswerText(
  input: Pick<ComposeInput, 'intent'> & Partial<Pick<ComposeInput, 'lang' | 'procedure'>>,
): string {
  const intent = input.procedure ? 'science_qa' : input.intent.intent;
  return PHRASES[input.lang ?? 'zh-CN'].noAnswer(intent, input.intent.time?.label);
}
