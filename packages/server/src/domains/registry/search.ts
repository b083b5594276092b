import { segmentForSearch } from '@kepu/assistant';
import { type SQL, sql } from 'drizzle-orm';
import { registryResources } from '../../db/schema/registry.js';

/** Words that say nothing about what is wanted ("哪里有适合孩子的…"): left out of the query, kept in the index. */
const QUERY_STOPWORDS = new Set(
  '的 了 和 与 及 在 是 吗 呢 吧 啊 有 个 去 找 我 我们 想 要 可以 能 哪 哪里 哪儿 哪些 什么 怎么 怎样 如何 附近 一下 一些 推荐 适合 地方 好玩 周末 带 孩子 有没有 请问 深圳'.split(
    ' ',
  ),
);

const tokens = (text: string) => segmentForSearch(text).join(' ');

/** The text fields of an entry, by weight: A the name, B what it is about, C the rest. */
export interface SearchableText {
  name: string;
  about: string[];
  rest: string[];
}

/** A `tsvector` of jieba search-mode tokens (`simple` configuration: Postgres itself cannot segment Chinese). */
export function searchVectorOf(text: SearchableText): SQL {
  return sql`setweight(to_tsvector('simple', ${tokens(text.name)}), 'A') || setweight(to_tsvector('simple', ${tokens(text.about.join(' '))}), 'B') || setweight(to_tsvector('simple', ${tokens(text.rest.join(' '))}), 'C')`;
}

/** The query's meaningful tokens, in jieba search mode (so 科技馆 also yields 科技). */
export function queryTokens(q: string): string[] {
  const all = [...new Set(segmentForSearch(q))];
  const meaningful = all.filter((t) => !QUERY_STOPWORDS.has(t));
  return meaningful.length ? meaningful : all;
}

/**
 * Match and rank for `q`: any query token may match; entries are ranked by how many of the query's tokens they
 * contain (coverage), then by ts_rank (matches in the name weigh most), plus a boost when the name contains the
 * query as typed (exact names, Latin abbreviations).
 */
export function textSearch(q: string): { where: SQL; rank: SQL } {
  const tokenQueries = queryTokens(q).map((t) => sql`plainto_tsquery('simple', ${t})`);
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const nameHit = sql`${registryResources.name} ilike ${like}`;
  if (tokenQueries.length === 0) return { where: nameHit, rank: sql`case when ${nameHit} then 1.0 else 0.0 end` };
  const query = sql`(${sql.join(tokenQueries, sql` || `)})`;
  const coverage = sql`((${sql.join(
    tokenQueries.map((tq) => sql`(${registryResources.searchVector} @@ ${tq})::int`),
    sql` + `,
  )})::float / ${tokenQueries.length})`;
  return {
    where: sql`(${registryResources.searchVector} @@ ${query} or ${nameHit})`,
    rank: sql`(${coverage} + 0.5 * ts_rank(${registryResources.searchVector}, ${query}) + case when ${nameHit} then 1.0 else 0.0 end)`,
  };
}
