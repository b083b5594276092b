import {
  DISTRICTS,
  type EventCard,
  type EventFinding,
  type EventQuery,
  lexicalTokens,
  type Sourced,
  TOPIC_COVERAGE,
  topicCoverage,
} from '@kepu/assistant';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';
import { recommendEvents } from '../events/recommend.js';
import { defaultTaxonomy, type Taxonomy } from '../events/vocabulary.js';
import { chunkIdOf } from './knowledge.js';

/** Words of an event question that say nothing about the topic ("有什么适合孩子的周末活动"). */
const GENERIC =
  /^(活动|科普活动|推荐|有|什么|哪些|适合|孩子|小孩|儿童|亲子|家长|周末|今天|明天|后天|下周|本周|这周|这个|月|本月|下个|参加|报名|科普|附近|近|离|的|呢|去|玩|好玩|可以|带|一下|最近|近期|区|市|深圳|.{1,3}区|新区|岁|关于|有关|相关|方面|时候|时间|哪天|几号|地点|看看?|取消|不了|去不了|怎么办|改期|退票|流程|需要|条件|名额)$/;

/** English words of an event question that say nothing about the topic ("any astronomy events this month"). */
const GENERIC_EN = new Set(
  'any are there is was what which the a an for in on at this next coming upcoming week weekend weekends month today tomorrow tonight event events activity activities things thing do to kids kid children child family families me my i we you near nearby around soon some good recommend please can could with of about free lecture lectures talk talks workshop workshops exhibition exhibitions class classes shenzhen go where when have has how get join sign up register anything something old year years age aged'.split(
    ' ',
  ),
);

/** District names without their suffix (南山, 大鹏): the district is a slot of the query, not a topic. */
const DISTRICT_WORDS = new Set(DISTRICTS.flatMap((d) => [d, d.replace(/(新区|特别合作区|区)$/, '')]));

/** A topical word: not generic, not a district, not a number or a single character (下, 9, 吗). */
const isTopical = (token: string) =>
  !GENERIC.test(token) && !DISTRICT_WORDS.has(token) && !/^\d+$/.test(token) && [...token].length >= 2;

/**
 * The question's topic words: topical tokens without the pieces of a longer one (机器人, not also 机器), so a
 * compound counts once.
 */
export function topicWords(text: string, taxonomy: Taxonomy = defaultTaxonomy()): string[] {
  const words = lexicalTokens(text).flatMap((t) => {
    if (!/^[a-z][a-z'-]*$/i.test(t)) return isTopical(t) ? [t] : [];
    // An English word: a topic of the taxonomy (astronomy → 天文) becomes its Chinese name, the data's language;
    // a district or a generic word is dropped; anything else stays, so an English topic we lack is a honest miss.
    const lower = t.toLowerCase();
    if (GENERIC_EN.has(lower) || taxonomy.find('districts', lower)) return [];
    const topic = taxonomy.find('topics', lower) ?? taxonomy.find('topics', lower.replace(/s$/, ''));
    return [topic ? topic.name : lower];
  });
  const topical = [...new Set(words)];
  return topical.filter((t) => !topical.some((o) => o !== t && o.length > t.length && o.includes(t)));
}

/**
 * Events for a question: the events domain's recommendations (age, time window, seats, district reasons), kept when
 * their title, summary or topics cover the question's topic words. A question without topic words ("周末有什么活动")
 * gets the best-ranked events of the window. When no event covers the topic, the ones sharing part of it are
 * returned as `alternatives` and `missedTopic` names what was not found ("天文观测" must not be answered with a
 * weather open day that merely shares 观测).
 */
export async function findEventsByTopic(
  db: Db,
  query: EventQuery,
  options: { timeZone: string; now: Date },
): Promise<EventFinding> {
  const from = query.from ?? options.now;
  const topic = topicWords(query.text);
  const inWindow = await rankByTopic(db, query, topic, { ...options, from, to: query.to });
  const matches = inWindow.filter((s) => s.coverage >= TOPIC_COVERAGE).slice(0, query.limit);
  if (matches.length || topic.length === 0) {
    return {
      events: await toCards(
        db,
        matches.map((s) => s.r),
      ),
      alternatives: [],
      alternativesAre: null,
      missedTopic: null,
      topic,
    };
  }
  // Adjacent in the question ("天文观测") reads as one phrase; scattered words are listed.
  const missedTopic = query.text.includes(topic.join('')) ? topic.join('') : topic.join('、');
  // Nearest alternative first: the same topic on other dates (when a time window was asked), else events of the
  // window that share part of the topic.
  if (query.to) {
    const later = (await rankByTopic(db, query, topic, { ...options, from: options.now, to: undefined }))
      .filter((s) => s.coverage >= TOPIC_COVERAGE)
      .slice(0, query.limit);
    if (later.length) {
      return {
        events: [],
        alternatives: await toCards(
          db,
          later.map((s) => s.r),
        ),
        alternativesAre: 'other_dates',
        missedTopic,
        topic,
      };
    }
  }
  const partial = inWindow.filter((s) => s.coverage > 0).slice(0, query.limit);
  return {
    events: [],
    alternatives: await toCards(
      db,
      partial.map((s) => s.r),
    ),
    alternativesAre: partial.length ? 'related_topic' : null,
    missedTopic,
    topic,
  };
}

/**
 * How much of the topic an event covers. Words that name a taxonomy topic (天文, 物理 …) define the subject: an event
 * lacking one of them is at most a partial match, and one that has them all is about the topic even when it words the
 * rest differently (天文观测 → a 天文 star-gazing night without 观测). Without taxonomy words, the share of words decides.
 */
function eventCoverage(text: string, topic: string[], taxonomy: Taxonomy = defaultTaxonomy()): number {
  const subject = topic.filter((t) => taxonomy.find('topics', t));
  const share = topicCoverage(text, topic);
  if (subject.length === 0 || subject.length === topic.length) return share;
  const hasSubject = topicCoverage(text, subject) === 1;
  return hasSubject ? Math.max(share, TOPIC_COVERAGE) : Math.min(share, TOPIC_COVERAGE / 2);
}

/** The window's recommended events with the share of the topic each covers, best first. */
async function rankByTopic(
  db: Db,
  query: EventQuery,
  topic: string[],
  window: { timeZone: string; now: Date; from: Date; to: Date | undefined },
) {
  const recs = await recommendEvents(
    db,
    {
      ...(query.age !== undefined ? { age: query.age } : {}),
      ...(query.district ? { district: query.district } : {}),
      from: window.from.toISOString(),
      ...(window.to ? { to: window.to.toISOString() } : {}),
      limit: 50,
    },
    { timeZone: window.timeZone, now: window.now },
  ).catch(() => []);
  return recs
    .filter((r) => !query.district || r.reasons.some((x) => x.kind === 'district') || r.event.onlineUrl)
    .map((r) => ({
      r,
      coverage: eventCoverage(`${r.event.title} ${r.event.summary ?? ''} ${r.event.topics.join(' ')}`, topic),
    }))
    .sort((a, b) => b.coverage - a.coverage || b.r.score - a.r.score);
}

/** The events that match a question's topic (no alternatives). */
export async function findEventsForQuestion(
  db: Db,
  query: EventQuery,
  options: { timeZone: string; now: Date },
): Promise<Sourced<EventCard>[]> {
  return (await findEventsByTopic(db, query, options)).events;
}

type Recommendation = Awaited<ReturnType<typeof recommendEvents>>[number];

async function toCards(db: Db, chosen: Recommendation[]): Promise<Sourced<EventCard>[]> {
  if (chosen.length === 0) return [];
  const ids = chosen.map((r) => r.event.id);
  const indexed = new Set(
    (
      await db
        .select({ id: knowledgeDocuments.sourceId })
        .from(knowledgeDocuments)
        .where(and(eq(knowledgeDocuments.sourceType, 'event'), inArray(knowledgeDocuments.sourceId, ids)))
    ).map((r) => r.id),
  );
  return chosen.map((r) => {
    const { event, occurrence } = r;
    const seatsLeft = event.registration.required ? occurrence.seatsLeft : null;
    const card: EventCard = {
      type: 'event',
      id: event.id,
      occurrenceId: occurrence.id,
      title: event.title,
      startsAt: occurrence.startsAt,
      endsAt: occurrence.endsAt,
      ...(event.venueName
        ? {
            venue: {
              name: event.venueName,
              ...(event.address ? { address: event.address } : {}),
              ...(event.district ? { district: event.district } : {}),
            },
          }
        : {}),
      ...(event.onlineUrl ? { onlineUrl: event.onlineUrl } : {}),
      seatsLeft,
      free: event.free,
      registrationOpen:
        event.registration.required && (seatsLeft === null || seatsLeft > 0 || event.registration.waitlist),
      reasons: r.reasons.map((x) => x.text),
      url: `/v1/events/${event.id}`,
    };
    return {
      card,
      source: {
        type: 'event',
        id: event.id,
        title: event.title,
        url: `/v1/events/${event.id}`,
        ...(indexed.has(event.id) ? { chunkId: chunkIdOf('event', event.id, 0) } : {}),
      },
    };
  });
}
