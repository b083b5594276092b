import type { HybridRetriever } from '@kepu/assistant';
import type { SourceType, Suggestion } from '@kepu/sdk/schema';
import { and, asc, desc, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-database.js';
import { knowledgeDocuments } from '../../db/schema/knowledge.js';

/** A question the index can answer, made from a record's title (FAQ titles are questions already). */
export function questionFor(type: SourceType, title: string): Suggestion {
  const t = title.replace(/[？?。！!]+$/, '');
  switch (type) {
    case 'rumour':
      return { text: /吗$/.test(t) ? `${t}？` : `“${t}”是真的吗？`, intent: 'rumour_check' };
    case 'event':
      return { text: `“${t}”是什么活动？怎么参加？`, intent: 'event_recommendation' };
    case 'resource':
    case 'route':
      return { text: `${t}在哪里？`, intent: 'place_lookup' };
    case 'opportunity':
      return { text: `怎么报名“${t}”志愿服务？`, intent: 'volunteer_info' };
    case 'faq':
      return { text: `${t}？`, intent: 'science_qa' };
    default:
      return { text: `介绍一下${t}`, intent: 'science_qa' };
  }
}

/** Related questions that do have answers: the titles of the records nearest to the question. */
export async function relatedQuestions(retriever: HybridRetriever, query: string, now: Date): Promise<string[]> {
  const hits = await retriever.retrieve(query, { now }, 6);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const hit of hits) {
    // A record that answered the question is not a *related* question.
    if (seen.has(hit.sourceId) || hit.coverage >= 0.5) continue;
    seen.add(hit.sourceId);
    out.push(questionFor(hit.sourceType, hit.title).text);
  }
  return out.slice(0, 3);
}

const active = (now: Date) =>
  and(
    or(isNull(knowledgeDocuments.reviewDueAt), gt(knowledgeDocuments.reviewDueAt, now)),
    or(isNull(knowledgeDocuments.validUntil), gt(knowledgeDocuments.validUntil, now)),
  );

/**
 * Suggestions for the empty chat: the next upcoming events, the latest reviewed rumours, then FAQ and places —
 * all from the index, so each has an answer.
 */
export async function suggestionsFromData(db: Db, now: Date, limit: number): Promise<Suggestion[]> {
  const pick = async (type: SourceType, n: number, order: 'soonest' | 'latest') => {
    const rows = await db
      .select({ sourceType: knowledgeDocuments.sourceType, title: knowledgeDocuments.title })
      .from(knowledgeDocuments)
      .where(and(eq(knowledgeDocuments.sourceType, type), active(now)))
      .orderBy(
        order === 'soonest'
          ? asc(knowledgeDocuments.validUntil)
          : desc(sql`coalesce(${knowledgeDocuments.publishedAt}, ${knowledgeDocuments.indexedAt})`),
        asc(knowledgeDocuments.id),
      )
      .limit(n);
    return rows.map((r) => questionFor(r.sourceType as SourceType, r.title));
  };
  const groups = await Promise.all([
    pick('event', 2, 'soonest'),
    pick('rumour', 2, 'latest'),
    pick('faq', 1, 'latest'),
    pick('resource', 1, 'latest'),
    pick('opportunity', 1, 'latest'),
  ]);
  // Round-robin so a small limit still mixes kinds.
  const out: Suggestion[] = [];
  for (let i = 0; out.length < limit && groups.some((g) => g.length > i); i++) {
    for (const g of groups) if (g[i] && out.length < limit) out.push(g[i] as Suggestion);
  }
  return out;
}
