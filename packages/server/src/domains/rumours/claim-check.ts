import { type ClaimMatcher, charNgrams, cleanClaimText, createClaimMatcher, redactPersonalData } from '@kepu/assistant';
import {
  RUMOUR_RATING_LABELS,
  type RumourCheckMatch,
  type RumourCheckResponse,
  type RumourSource,
  type RumourTipChannel,
} from '@kepu/sdk/schema';
import { count, desc, eq, max, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { rumourEntries, rumourTips } from '../../db/schema/rumours.js';
import { newId } from '../../ids.js';
import type { RumourEntryRow } from './mappers.js';

type Queryable = Db | Tx;

type PublishedEntry = Pick<RumourEntryRow, 'id' | 'externalId' | 'claim' | 'rating' | 'explanation'> & {
  sources: RumourSource[];
};

interface LoadedBase {
  fingerprint: string;
  matcher: ClaimMatcher;
  byId: Map<string, PublishedEntry>;
}

/**
 * One matcher per database handle, rebuilt when the published base changes. The fingerprint (count and latest
 * change of published entries) costs one indexed aggregate per check, so every process notices changes made by
 * the others without a message bus.
 */
const bases = new WeakMap<object, { fingerprint: string; loading: Promise<LoadedBase> }>();

async function fingerprintOf(db: Queryable): Promise<string> {
  const [row] = await db
    .select({ n: count(), latest: max(rumourEntries.updatedAt) })
    .from(rumourEntries)
    .where(eq(rumourEntries.status, 'published'));
  return `${row?.n ?? 0}:${row?.latest ? new Date(row.latest).getTime() : 0}`;
}

async function buildBase(db: Queryable, fingerprint: string): Promise<LoadedBase> {
  const rows = await db
    .select({
      id: rumourEntries.id,
      externalId: rumourEntries.externalId,
      claim: rumourEntries.claim,
      aliases: rumourEntries.aliases,
      rating: rumourEntries.rating,
      explanation: rumourEntries.explanation,
      analysis: rumourEntries.analysis,
      topics: rumourEntries.topics,
      sources: rumourEntries.sources,
    })
    .from(rumourEntries)
    .where(eq(rumourEntries.status, 'published'));
  return {
    fingerprint,
    matcher: createClaimMatcher(rows),
    byId: new Map(rows.map((r) => [r.id, r])),
  };
}

/** The matcher over the currently published entries (built on first use, rebuilt after any change). */
export async function loadClaimBase(db: Db): Promise<LoadedBase> {
  const fingerprint = await fingerprintOf(db);
  const cached = bases.get(db);
  if (cached?.fingerprint === fingerprint) return cached.loading;
  const loading = buildBase(db, fingerprint);
  bases.set(db, { fingerprint, loading });
  try {
    return await loading;
  } catch (error) {
    bases.delete(db);
    throw error;
  }
}

export type ClaimCheck = Omit<RumourCheckResponse, 'tipId'>;

/**
 * Matches a text (a forwarded message, a question) against the published, expert-reviewed entries. The verdict
 * of every match comes from its entry; `decision` says whether the first one is this claim (`match`), may be related
 * (`possible`), or nothing reviewed covers it (`none`). The assistant calls this too: same engine, same thresholds.
 * @example const { decision, matches } = await checkClaim(db, '隔夜菜致癌，千万别吃！')
 */
export async function checkClaim(db: Db, text: string, options: { limit?: number } = {}): Promise<ClaimCheck> {
  const base = await loadClaimBase(db);
  const result = base.matcher.match(text, { limit: options.limit ?? 5 });
  const matches: RumourCheckMatch[] = result.matches.flatMap((m) => {
    const entry = base.byId.get(m.id);
    if (!entry) return [];
    return [
      {
        id: entry.id,
        externalId: entry.externalId,
        claim: entry.claim,
        rating: entry.rating,
        ratingLabel: RUMOUR_RATING_LABELS[entry.rating]['zh-CN'],
        explanation: entry.explanation,
        sources: entry.sources,
        score: Math.round(m.score * 1000) / 1000,
      },
    ];
  });
  return {
    decision: matches.length ? result.decision : 'none',
    confidence: Math.round(result.confidence * 1000) / 1000,
    matches,
  };
}

/** Bigram Jaccard similarity at or above which two tips are the same claim (repeats, small edits, added noise). */
export const TIP_SIMILARITY = 0.6;
/** How many recent tips a new one is compared with. */
const TIP_WINDOW = 2000;
const TIP_MAX_LENGTH = 2000;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * Puts a claim nobody has reviewed into the experts' queue, or counts it towards a similar one already there (any
 * status: a dismissed claim that keeps coming back shows its count). Personal data is redacted before storing.
 * Returns the queue item and whether it is new.
 */
export async function recordRumourTip(
  db: Queryable,
  text: string,
  channel: RumourTipChannel,
  now: Date = new Date(),
): Promise<{ id: string; created: boolean }> {
  const redacted = redactPersonalData(text.trim()).slice(0, TIP_MAX_LENGTH);
  const textKey = cleanClaimText(redacted).toLowerCase().slice(0, TIP_MAX_LENGTH) || redacted;
  const grams = new Set(charNgrams(textKey));
  const recent = await db
    .select({ id: rumourTips.id, textKey: rumourTips.textKey })
    .from(rumourTips)
    .orderBy(desc(rumourTips.lastSeenAt))
    .limit(TIP_WINDOW);
  let best: { id: string; similarity: number } | undefined;
  for (const tip of recent) {
    const similarity = tip.textKey === textKey ? 1 : jaccard(grams, new Set(charNgrams(tip.textKey)));
    if (similarity >= TIP_SIMILARITY && (!best || similarity > best.similarity)) best = { id: tip.id, similarity };
  }
  const increment = {
    count: sql`${rumourTips.count} + 1`,
    channels: sql`jsonb_set(${rumourTips.channels}, ${`{${channel}}`}::text[], to_jsonb(coalesce((${rumourTips.channels}->>${channel})::int, 0) + 1))`,
    lastSeenAt: now,
  };
  if (best) {
    await db.update(rumourTips).set(increment).where(eq(rumourTips.id, best.id));
    return { id: best.id, created: false };
  }
  // Exact repeats racing each other meet on the unique text key and count instead of duplicating.
  const id = newId('tip');
  const [row] = await db
    .insert(rumourTips)
    .values({ id, text: redacted, textKey, channels: { [channel]: 1 }, firstSeenAt: now, lastSeenAt: now })
    .onConflictDoUpdate({ target: rumourTips.textKey, set: increment })
    .returning({ id: rumourTips.id });
  return { id: row?.id ?? id, created: row?.id === id };
}
