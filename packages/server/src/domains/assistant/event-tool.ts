import { DISTRICTS, type EventCard, type EventQuery, lexicalTokens, type Sourced } from '@kepu/assistant';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';
import { recommendEvents } from '../events/recommend.js';
import { chunkIdOf } from './knowledge.js';

/** Words of an event question that say nothing about the topic ("有什么适合孩子的周末活动"). */
const GENERIC =
  /^(活动|科普活动|推荐|有|什么|哪些|适合|孩子|小孩|儿童|亲子|家长|周末|今天|明天|后天|下周|本周|这周|这个|月|本月|下个|参加|报名|科普|附近|近|离|的|呢|去|玩|好玩|可以|带|一下|最近|近期|区|市|深圳|.{1,3}区|新区|岁)$/;

/** District names without their suffix (南山, 大鹏): the district is a slot of the query, not a topic. */
const DISTRICT_WORDS = new Set(DISTRICTS.flatMap((d) => [d, d.replace(/(新区|特别合作区|区)$/, '')]));

/** A topical word: not generic, not a district, not a number or a single character (下, 9, 吗). */
const isTopical = (token: string) =>
  !GENERIC.test(token) && !DISTRICT_WORDS.has(token) && !/^\d+$/.test(token) && [...token].length >= 2;

/**
 * Events for a question: the events domain's recommendations (age, time window, seats, district reasons), narrowed
 * to the ones whose title, summary or topics share the question's topical words. A question without topical words
 * ("周末有什么活动") gets the best-ranked events of the window.
 */
export async function findEventsForQuestion(
  db: Db,
  query: EventQuery,
  options: { timeZone: string; now: Date },
): Promise<Sourced<EventCard>[]> {
  const recs = await recommendEvents(
    db,
    {
      ...(query.age !== undefined ? { age: query.age } : {}),
      ...(query.district ? { district: query.district } : {}),
      from: (query.from ?? options.now).toISOString(),
      ...(query.to ? { to: query.to.toISOString() } : {}),
      limit: 50,
    },
    options,
  ).catch(() => []);
  const topical = [...new Set(lexicalTokens(query.text).filter(isTopical))];
  const scored = recs
    .filter((r) => !query.district || r.reasons.some((x) => x.kind === 'district') || r.event.onlineUrl)
    .map((r) => {
      const words = new Set(lexicalTokens(`${r.event.title} ${r.event.summary ?? ''} ${r.event.topics.join(' ')}`));
      return { r, overlap: topical.filter((t) => words.has(t)).length };
    })
    .filter((s) => topical.length === 0 || s.overlap > 0);
  // The events that match the question best; a partial match ("观测" of "天文观测") is not the same topic.
  const best = Math.max(0, ...scored.map((s) => s.overlap));
  const chosen = scored
    .filter((s) => s.overlap === best)
    .sort((a, b) => b.r.score - a.r.score)
    .slice(0, query.limit);
  if (chosen.length === 0) return [];
  const ids = chosen.map((s) => s.r.event.id);
  const indexed = new Set(
    (
      await db
        .select({ id: knowledgeDocuments.sourceId })
        .from(knowledgeDocuments)
        .where(and(eq(knowledgeDocuments.sourceType, 'event'), inArray(knowledgeDocuments.sourceId, ids)))
    ).map((r) => r.id),
  );
  return chosen.map(({ r }) => {
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
