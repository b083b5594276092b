import { RUMOUR_RATING_LABELS } from '@kepu/sdk/schema';
import type { ComposerEvent } from '../engine/events.js';
import type { SourceRef } from '../tools/types.js';
import { formatTimeRange } from './format.js';
import { selectSentences } from './select-sentences.js';
import type { ComposeInput, Composer } from './types.js';

/** What the answer says when the intent needs a service the server has not wired. */
const MISSING: Record<string, string> = {
  findEvents: '活动查询',
  findPlaces: '场馆查询',
  findOpportunities: '志愿服务岗位查询',
  checkRumour: '谣言核查',
};

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
    yield { type: 'delta', text: after ? '\n相关资料：\n' : '根据已发布的科普资料：\n\n' };
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
      yield { type: 'delta', text: `- ${chunk.title}：${sentences.join('')}${marker}\n` };
    }
    return true;
  };
  if (input.evidenceFirst) said = yield* quote(false);

  if (input.rumour) {
    const { card, source } = input.rumour;
    const marker = yield* cite(source);
    const label = RUMOUR_RATING_LABELS[card.rating]['zh-CN'];
    yield { type: 'delta', text: `关于“${card.claim}”，经专家审核的结论是：**${label}**${marker}。\n\n` };
    const sentences = selectSentences(input.intent.query, card.explanation, 3);
    if (sentences.length) yield { type: 'delta', text: `${sentences.join('')}${marker}\n` };
    yield { type: 'card', card };
    said = true;
  }

  if (input.events.length) {
    const when = input.intent.time ? `${input.intent.time.label}` : '近期';
    const where = input.intent.district ? `${input.intent.district}` : '';
    yield { type: 'delta', text: `${said ? '\n' : ''}为你找到${where}${when}的这些活动：\n` };
    let i = 0;
    for (const { card, source } of input.events) {
      const marker = yield* cite(source);
      const venue = card.venue ? `，${card.venue.name}` : card.onlineUrl ? '，线上' : '';
      const seats = card.seatsLeft === null ? '' : card.seatsLeft > 0 ? `，余位 ${card.seatsLeft}` : '，名额已满';
      const fee = card.free ? '，免费' : '';
      yield {
        type: 'delta',
        text: `${++i}. **${card.title}** — ${formatTimeRange(card.startsAt, card.endsAt, input.timeZone)}${venue}${fee}${seats}${marker}\n`,
      };
      yield { type: 'card', card };
    }
    said = true;
  }

  if (input.places.length) {
    yield { type: 'delta', text: `${said ? '\n' : ''}相关的场馆和基地：\n` };
    let i = 0;
    for (const { card, source } of input.places) {
      const marker = yield* cite(source);
      const address = card.address ? `，${card.address}` : card.district ? `，${card.district}` : '';
      const hours =
        card.hoursToday === undefined ? '' : card.hoursToday === null ? '，今天不开放' : `，今天 ${card.hoursToday}`;
      yield { type: 'delta', text: `${++i}. **${card.name}**${address}${hours}${marker}\n` };
      yield { type: 'card', card };
    }
    said = true;
  }

  if (input.opportunities.length) {
    yield { type: 'delta', text: `${said ? '\n' : ''}正在招募的志愿服务：\n` };
    let i = 0;
    for (const { card, source } of input.opportunities) {
      const marker = yield* cite(source);
      const when = card.startsAt ? `，${formatTimeRange(card.startsAt, undefined, input.timeZone)}` : '';
      const place = card.place ? `，${card.place}` : '';
      yield { type: 'delta', text: `${++i}. **${card.title}**${when}${place}${marker}\n` };
      yield { type: 'card', card };
    }
    said = true;
  }

  if (!input.evidenceFirst) said = (yield* quote(said)) || said;

  const missing = input.missingTools.map((t) => MISSING[t] ?? t);
  if (missing.length && !said) {
    yield { type: 'delta', text: `抱歉，${missing.join('、')}功能还没有接入，暂时帮不上忙。` };
  } else if (!said) {
    yield { type: 'delta', text: noAnswerText(input) };
  }
}

/** Honest "we don't know", by intent. */
export function noAnswerText(input: Pick<ComposeInput, 'intent'>): string {
  switch (input.intent.intent) {
    case 'rumour_check':
      return '这个说法目前还没有经过我们专家核查的结论，我不想凭猜测下判断。我已把它记录下来，转给专家团队核查。在此之前，请以权威机构发布的信息为准。';
    case 'event_recommendation':
      return `抱歉，${input.intent.time ? `${input.intent.time.label}` : '近期'}没有找到符合条件的已发布活动。可以换个时间或区域再问问我。`;
    case 'place_lookup':
      return '抱歉，我在已发布的科普场馆名录里没有找到符合条件的地方。可以换个名称或区域再问问我。';
    case 'volunteer_info':
      return '抱歉，目前没有找到符合条件的志愿服务信息。';
    default:
      return '抱歉，我在已发布的科普资料里没有找到能回答这个问题的内容，不想凭猜测回答。我已记录这个问题，会请专家补充。';
  }
}
