import { loadSynonyms, synonymsOf } from '../text/synonyms.js';
import { Bm25Index, type Bm25Options, DocumentFrequencies, termCounts } from './bm25-index.js';
import { commonSubstringRatio, dice, gramCoverage } from './claim-features.js';
import { charNgrams, wordTerms } from './claim-terms.js';
import { CLAIM_THRESHOLDS, type ClaimDecision, type ClaimThresholds, decide } from './claim-thresholds.js';
import { cleanClaimText } from './clean-claim-text.js';
import { QueryLikelihoodIndex } from './query-likelihood.js';
import { DEFAULT_RERANK_WEIGHTS, type RerankWeights, rerankScore } from './rerank-weights.js';
import { TopicModel } from './topic-model.js';

/** A reviewed entry as the engine sees it: text only, no workflow, no database. */
export interface ClaimEntry {
  id: string;
  externalId?: string | null;
  claim: string;
  aliases?: readonly string[];
  explanation?: string;
  analysis?: string | null;
  topics?: readonly string[];
}

export type { ClaimDecision } from './claim-thresholds.js';

export interface ClaimMatch {
  id: string;
  externalId: string | null;
  /**
   * The learned re-ranker over `signals`: on the development set, the probability that this is the text's entry.
   * Orders the matches; the decision uses `confidence`.
   */
  score: number;
  /** The signals behind the score, for explanation and calibration. */
  signals: ClaimSignals;
}

export interface ClaimSignals {
  /** Lexical score (BM25 over words and bigrams, all fields) divided by the best of this query, in [0, 1]. */
  lexical: number;
  /** BM25 of the claim and aliases alone, divided by the best of this query. */
  titleLexical: number;
  /** BM25 of the explanation alone, divided by the best of this query's candidates. */
  explanationLexical: number;
  /** BM25 of the analysis alone, divided by the best of this query's candidates. */
  analysisLexical: number;
  /** Share (idf-weighted) of the entry's claim or best alias whose bigrams appear in the query. */
  claimCoverage: number;
  /** Share (idf-weighted) of the query's bigrams that appear anywhere in the entry. */
  queryCoverage: number;
  /** Share (idf-weighted) of the query's bigrams that appear in the claim or an alias. */
  titleQueryCoverage: number;
  /** Share of the claim's (or best alias's) character trigrams found in the query. */
  trigramCoverage: number;
  /** Longest run of the claim (or an alias) found verbatim in the query, relative to its length. */
  commonSubstring: number;
  /** Dice coefficient of the bigram sets of the query and the claim (or best alias). */
  titleDice: number;
  /** Share (idf-weighted) of the claim's (or best alias's) Han characters found in the query. */
  charCoverage: number;
  /**
   * Share (idf-weighted) of the claim's (or best alias's) words found in the query, as written or as a synonym
   * (CC-CEDICT, `synonymsOf`): 臀部 in the text covers 屁股 in the claim.
   */
  synonymCoverage: number;
  /** Share (idf-weighted) of the text's key words (its six rarest) found in the claim or an alias, as written. */
  keyTermTitle: number;
  /** As `keyTermTitle`, a key word also counting when one of its synonyms is in the claim or alias. */
  keyTermSynonym: number;
  /**
   * Query likelihood of the text under the entry's words (claim thrice, explanation, analysis; Dirichlet-smoothed),
   * per word and relative to the best candidate: 1 for the best, lower for the others.
   */
  likelihood: number;
  /** As `likelihood`, under the analysis alone: where the rumour's story is told and taken apart. */
  analysisLikelihood: number;
  /**
   * How likely the text is about the entry's topic (the best of its topics): naive Bayes learned from the base's own
   * entries and topics (`TopicModel`); 0 for an entry without topics.
   */
  topicProbability: number;
  /** 1 / (1 + rank) in the lexical first stage (1 for the best). */
  lexicalRank: number;
  /** Cosine similarity from the vector index, when the caller searched it; 0 otherwise. */
  vector: number;
  /** 1 / (1 + rank) among the vector index's hits; 0 when not among them. */
  vectorRank: number;
}

export interface ClaimMatchResult {
  decision: ClaimDecision;
  /**
   * How sure the engine is that the first match is the claim of the text, in [0, 1]: the thresholds apply to this.
   * `(2 × queryCoverage + claimCoverage) / 3 × (1 + gap) / 2` of the first match, where gap = 1 − the runner-up's
   * lexical score relative to the first.
   */
  confidence: number;
  matches: ClaimMatch[];
  /** The query after cleaning, as it was matched. */
  cleanedText: string;
}

export interface ClaimMatcherOptions {
  /** @default CLAIM_THRESHOLDS (calibrated, see docs/rumours.md) */
  thresholds?: ClaimThresholds;
  /** @default DEFAULT_RERANK_WEIGHTS (learned with cross-validation, see docs/benchmarks.md) */
  rerankWeights?: RerankWeights;
  fieldWeights?: FieldWeights;
  bm25?: Bm25Options;
}

export interface ClaimMatchOptions {
  /** @default 5 */
  limit?: number;
  /**
   * Entries the vector index found for this text: entry id → cosine similarity of the text's embedding with the
   * entry's closest chunk. They join the candidates (an entry sharing no word with the text can still be found) and
   * feed the `vector` and `vectorRank` signals. Omitted: matching is lexical only.
   */
  semantic?: ReadonlyMap<string, number>;
}

export interface ClaimMatcher {
  readonly size: number;
  match(text: string, options?: ClaimMatchOptions): ClaimMatchResult;
}

/** Relative weight of each field and term kind in first-stage retrieval. */
export const DEFAULT_FIELD_WEIGHTS = {
  titleWords: 3,
  titleBigrams: 2,
  explanationWords: 1,
  explanationBigrams: 0.7,
  analysisWords: 1,
  analysisBigrams: 0.7,
};
export type FieldWeights = typeof DEFAULT_FIELD_WEIGHTS;

/** How many lexical first-stage candidates are re-ranked (the vector index's hits come on top). */
const CANDIDATES = 40;

/** How many of the text's rarest words are its key words (`keyTermTitle`). */
const KEY_TERMS = 6;

/** A word that can be a key word: it has a Han character, a Latin letter or a digit. */
const CONTENT_WORD = /\p{Script=Han}|[a-z0-9]/u;

const HAN = /\p{Script=Han}/u;

function hanChars(text: string): string[] {
  return [...text].filter((c) => HAN.test(c));
}

/** Σ weight of the items `has` accepts / Σ weight of all items (0 for none); `weights[i]` is `items[i]`'s. */
function weightedShare(items: readonly string[], weights: readonly number[], has: (item: string) => boolean) {
  let covered = 0;
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const w = weights[i] as number;
    total += w;
    if (has(items[i] as string)) covered += w;
  }
  return total > 0 ? covered / total : 0;
}

interface PreparedTitle {
  text: string;
  bigrams: Set<string>;
  trigrams: string[];
  /** Distinct jieba words and Han characters with their idf in the base (fixed per build), for coverage signals. */
  words: string[];
  wordWeights: number[];
  chars: string[];
  charWeights: number[];
}

interface PreparedEntry {
  entry: ClaimEntry;
  /** The claim and each alias, cleaned, with their n-grams. */
  titles: PreparedTitle[];
}

function titleTexts(entry: ClaimEntry): string[] {
  return [entry.claim, ...(entry.aliases ?? [])].map(cleanClaimText).filter(Boolean);
}

/**
 * Builds an in-memory matcher over `entries`. Candidates come from BM25 over jieba words and character bigrams of
 * claim+aliases, explanation and analysis, plus the vector index's hits when the caller passes them; a linear
 * re-ranker (weights learned with cross-validation) then orders them by lexical, coverage (bigrams, characters,
 * words and their CC-CEDICT synonyms), verbatim-overlap, query-likelihood, topic and vector signals. Rebuild it
 * when the base changes; building 2,000 entries takes about 2 s.
 */
export function createClaimMatcher(entries: readonly ClaimEntry[], options: ClaimMatcherOptions = {}): ClaimMatcher {
  const thresholds = options.thresholds ?? CLAIM_THRESHOLDS;
  const weights = options.rerankWeights ?? DEFAULT_RERANK_WEIGHTS;
  const FIELD_WEIGHTS = options.fieldWeights ?? DEFAULT_FIELD_WEIGHTS;
  const bm25 = options.bm25 ?? {};
  const prepared: PreparedEntry[] = [];
  const positionOf = new Map<string, number>();
  const titleWords: string[][] = [];
  const titleBigrams: string[][] = [];
  const explanationWords: string[][] = [];
  const explanationBigrams: string[][] = [];
  const analysisWords: string[][] = [];
  const analysisBigrams: string[][] = [];
  // Distinct terms of each whole entry, for the idf weights of the coverage signals.
  const allBigramDocs: Set<string>[] = [];
  const allWordDocs: Set<string>[] = [];
  const allCharDocs: Set<string>[] = [];
  const topicExamples: { topics: readonly string[]; claimWords: string[]; bodyWords: string[] }[] = [];
  const likelihoodDocs: string[][] = [];

  for (const entry of entries) {
    const titles = titleTexts(entry);
    const title = titles.join('\n');
    const explanation = cleanClaimText(entry.explanation ?? '');
    const analysis = cleanClaimText(entry.analysis ?? '');
    const tb = charNgrams(title);
    const eb = charNgrams(explanation);
    const ab = charNgrams(analysis);
    const tw = wordTerms(title);
    const ew = wordTerms(explanation);
    const aw = wordTerms(analysis);
    titleWords.push(tw);
    titleBigrams.push(tb);
    explanationWords.push(ew);
    explanationBigrams.push(eb);
    analysisWords.push(aw);
    analysisBigrams.push(ab);
    allBigramDocs.push(new Set([...tb, ...eb, ...ab]));
    allWordDocs.push(new Set([...tw, ...ew, ...aw]));
    allCharDocs.push(new Set(hanChars(`${title}${explanation}${analysis}`)));
    likelihoodDocs.push([...tw, ...tw, ...tw, ...ew, ...aw]);
    if (entry.topics?.length) topicExamples.push({ topics: entry.topics, claimWords: tw, bodyWords: [...ew, ...aw] });
    positionOf.set(entry.id, prepared.length);
    prepared.push({
      entry,
      titles: titles.map((t) => ({
        text: t.toLowerCase(),
        bigrams: new Set(charNgrams(t)),
        trigrams: [...new Set(charNgrams(t, 3))],
        words: [...new Set(wordTerms(t))],
        wordWeights: [],
        chars: [...new Set(hanChars(t))],
        charWeights: [],
      })),
    });
  }

  const indexes = {
    titleWords: Bm25Index.build(titleWords, bm25),
    titleBigrams: Bm25Index.build(titleBigrams, bm25),
    explanationWords: Bm25Index.build(explanationWords, bm25),
    explanationBigrams: Bm25Index.build(explanationBigrams, bm25),
    analysisWords: Bm25Index.build(analysisWords, bm25),
    analysisBigrams: Bm25Index.build(analysisBigrams, bm25),
  };
  const bigramIdf = DocumentFrequencies.count(allBigramDocs);
  const wordIdf = DocumentFrequencies.count(allWordDocs);
  const charIdf = DocumentFrequencies.count(allCharDocs);
  for (const { titles } of prepared) {
    for (const title of titles) {
      title.wordWeights = title.words.map((w) => wordIdf.idf(w));
      title.charWeights = title.chars.map((c) => charIdf.idf(c));
    }
  }
  const topicModel = TopicModel.learn(topicExamples);
  const likelihoodIndex = QueryLikelihoodIndex.build(likelihoodDocs);
  const analysisLikelihoodIndex = QueryLikelihoodIndex.build(analysisWords);
  // Matching looks synonyms up; the dictionary is parsed while the index is built, not on the first check.
  if (prepared.length > 0) loadSynonyms();
  return {
    size: prepared.length,
    match(text, options = {}) {
      const limit = options.limit ?? 5;
      const cleanedText = cleanClaimText(text);
      const lowered = cleanedText.toLowerCase();
      const textWords = wordTerms(cleanedText);
      const words = saturate(termCounts(textWords));
      const bigramCounts = saturate(termCounts(charNgrams(cleanedText)));
      const bigrams = new Set(bigramCounts.keys());
      if (prepared.length === 0 || (words.size === 0 && bigrams.size === 0)) {
        return { decision: 'none', confidence: 0, matches: [], cleanedText };
      }
      const titleScores = new Float64Array(prepared.length);
      indexes.titleWords.scoreInto(titleScores, words, FIELD_WEIGHTS.titleWords);
      indexes.titleBigrams.scoreInto(titleScores, bigramCounts, FIELD_WEIGHTS.titleBigrams);
      const explanationScores = new Float64Array(prepared.length);
      indexes.explanationWords.scoreInto(explanationScores, words, FIELD_WEIGHTS.explanationWords);
      indexes.explanationBigrams.scoreInto(explanationScores, bigramCounts, FIELD_WEIGHTS.explanationBigrams);
      const analysisScores = new Float64Array(prepared.length);
      indexes.analysisWords.scoreInto(analysisScores, words, FIELD_WEIGHTS.analysisWords);
      indexes.analysisBigrams.scoreInto(analysisScores, bigramCounts, FIELD_WEIGHTS.analysisBigrams);
      const scores = new Float64Array(prepared.length);
      for (let i = 0; i < scores.length; i++) {
        scores[i] = (titleScores[i] as number) + (explanationScores[i] as number) + (analysisScores[i] as number);
      }

      const lexicalCandidates = topIndices(scores, CANDIDATES);
      const best = lexicalCandidates.length ? (scores[lexicalCandidates[0] as number] as number) : 0;
      // Vector hits, best first; unknown ids (an entry unpublished since the search) are ignored.
      const vectorHits = [...(options.semantic ?? new Map<string, number>())]
        .flatMap(([id, similarity]) => {
          const at = positionOf.get(id);
          return at === undefined || !Number.isFinite(similarity) ? [] : [{ at, similarity }];
        })
        .sort((a, b) => b.similarity - a.similarity);
      if (best <= 0 && vectorHits.length === 0) return { decision: 'none', confidence: 0, matches: [], cleanedText };
      const vectorRankOf = new Map(vectorHits.map((h, rank) => [h.at, { rank, similarity: h.similarity }]));
      const lexicalRankOf = new Map(lexicalCandidates.map((at, rank) => [at, rank]));
      const candidates = [...new Set([...lexicalCandidates, ...vectorHits.map((h) => h.at)])];
      const bestOf = (field: Float64Array) => candidates.reduce((m, i) => Math.max(m, field[i] as number), 0);
      const bestTitle = bestOf(titleScores);
      const bestExplanation = bestOf(explanationScores);
      const bestAnalysis = bestOf(analysisScores);

      let queryIdfTotal = 0;
      const queryIdf = new Map<string, number>();
      for (const g of bigrams) {
        const idf = bigramIdf.idf(g);
        queryIdf.set(g, idf);
        queryIdfTotal += idf;
      }
      const trigrams = new Set(charNgrams(cleanedText, 3));
      const queryChars = new Set(hanChars(lowered));
      // The text's key words: its rarest words in the base, each with the synonyms that may stand for it in a claim.
      const keyTerms = [...new Set(textWords)]
        .filter((w) => [...w].length >= 2 && CONTENT_WORD.test(w))
        .map((w) => ({ word: w, idf: wordIdf.idf(w) }))
        .sort((a, b) => b.idf - a.idf)
        .slice(0, KEY_TERMS)
        .map((k) => ({ ...k, synonyms: synonymsOf(k.word) }));
      const keyTotal = keyTerms.reduce((sum, k) => sum + k.idf, 0);
      const inText = (word: string) => lowered.includes(word);
      // Whether a claim word is in the text as written or as a synonym; candidates share words, so once per word.
      const statedCache = new Map<string, boolean>();
      const stated = (word: string) => {
        let known = statedCache.get(word);
        if (known === undefined) {
          known = inText(word) || synonymsOf(word).some(inText);
          statedCache.set(word, known);
        }
        return known;
      };
      const topicOfText = topicModel.posterior(textWords);
      const likelihoods = likelihoodIndex.relativeLikelihood(candidates, words);
      const analysisLikelihoods = analysisLikelihoodIndex.relativeLikelihood(candidates, words);

      const ranked = candidates.map((i, slot): ClaimMatch => {
        const p = prepared[i] as PreparedEntry;
        let claimCoverage = 0;
        let trigramCoverage = 0;
        let commonSubstring = 0;
        let titleDice = 0;
        let charCoverage = 0;
        let synonymCoverage = 0;
        let keyTermTitle = 0;
        let keyTermSynonym = 0;
        for (const title of p.titles) {
          let covered = 0;
          let total = 0;
          for (const g of title.bigrams) {
            const idf = bigramIdf.idf(g);
            total += idf;
            if (bigrams.has(g)) covered += idf;
          }
          if (total > 0) claimCoverage = Math.max(claimCoverage, covered / total);
          trigramCoverage = Math.max(trigramCoverage, gramCoverage(title.trigrams, trigrams));
          commonSubstring = Math.max(commonSubstring, commonSubstringRatio(lowered, title.text));
          titleDice = Math.max(titleDice, dice(title.bigrams, bigrams));
          charCoverage = Math.max(
            charCoverage,
            weightedShare(title.chars, title.charWeights, (c) => queryChars.has(c)),
          );
          synonymCoverage = Math.max(synonymCoverage, weightedShare(title.words, title.wordWeights, stated));
          if (keyTotal > 0) {
            let plain = 0;
            let withSynonyms = 0;
            for (const k of keyTerms) {
              if (title.text.includes(k.word)) {
                plain += k.idf;
                withSynonyms += k.idf;
              } else if (k.synonyms.some((s) => title.text.includes(s))) withSynonyms += k.idf;
            }
            keyTermTitle = Math.max(keyTermTitle, plain / keyTotal);
            keyTermSynonym = Math.max(keyTermSynonym, withSynonyms / keyTotal);
          }
        }
        let queryCovered = 0;
        let titleCovered = 0;
        for (const [g, idf] of queryIdf) {
          // Membership from the fields' postings: a set of every bigram per entry would hold ~3 million strings.
          const inTitle = indexes.titleBigrams.contains(g, i);
          if (inTitle || indexes.explanationBigrams.contains(g, i) || indexes.analysisBigrams.contains(g, i)) {
            queryCovered += idf;
          }
          if (inTitle) titleCovered += idf;
        }
        const lexicalRank = lexicalRankOf.get(i);
        const vector = vectorRankOf.get(i);
        const signals: ClaimSignals = {
          lexical: best > 0 ? (scores[i] as number) / best : 0,
          titleLexical: bestTitle > 0 ? (titleScores[i] as number) / bestTitle : 0,
          explanationLexical: bestExplanation > 0 ? (explanationScores[i] as number) / bestExplanation : 0,
          analysisLexical: bestAnalysis > 0 ? (analysisScores[i] as number) / bestAnalysis : 0,
          claimCoverage,
          queryCoverage: queryIdfTotal > 0 ? queryCovered / queryIdfTotal : 0,
          titleQueryCoverage: queryIdfTotal > 0 ? titleCovered / queryIdfTotal : 0,
          trigramCoverage,
          commonSubstring,
          titleDice,
          charCoverage,
          synonymCoverage,
          keyTermTitle,
          keyTermSynonym,
          likelihood: likelihoods[slot] as number,
          analysisLikelihood: analysisLikelihoods[slot] as number,
          topicProbability: Math.max(0, ...(p.entry.topics ?? []).map((t) => topicOfText.get(t) ?? 0)),
          lexicalRank: lexicalRank === undefined ? 0 : 1 / (1 + lexicalRank),
          vector: vector ? Math.max(0, vector.similarity) : 0,
          vectorRank: vector ? 1 / (1 + vector.rank) : 0,
        };
        return {
          id: p.entry.id,
          externalId: p.entry.externalId ?? null,
          score: rerankScore(signals, weights, vectorHits.length > 0),
          signals,
        };
      });
      // Equal scores (candidates the model cannot tell apart, e.g. found by the vector index alone): the nearer
      // vector first, then the stronger lexical match.
      ranked.sort(
        (a, b) => b.score - a.score || b.signals.vector - a.signals.vector || b.signals.lexical - a.signals.lexical,
      );
      const confidence = confidenceOf(ranked);
      return { decision: decide(confidence, thresholds), confidence, matches: ranked.slice(0, limit), cleanedText };
    },
  };
}

/**
 * Confidence that the first match is the claim: mostly how much of the text the entry explains (a forwarded message
 * about something else shares only common words with the base), then how much of the entry's claim the text states,
 * then how clearly the first match beats the runner-up.
 */
function confidenceOf(ranked: readonly ClaimMatch[]): number {
  const first = ranked[0];
  if (!first) return 0;
  const runnerUp = ranked.find((m, i) => i > 0 && m.id !== first.id)?.signals.lexical ?? 0;
  const gap = Math.max(0, first.signals.lexical - runnerUp) / Math.max(first.signals.lexical, 1e-9);
  // The gap can only halve or keep the coverage, never create confidence: a lone candidate in a small base that
  // shares one word with the text must not become a match.
  return (((2 * first.signals.queryCoverage + first.signals.claimCoverage) / 3) * (1 + gap)) / 2;
}

/** Indices of the `k` largest positive values, largest first (partial selection; `values` is not modified). */
function topIndices(values: Float64Array, k: number): number[] {
  const heap: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v <= 0) continue;
    if (heap.length < k) {
      heap.push(i);
      if (heap.length === k) heap.sort((a, b) => (values[a] as number) - (values[b] as number));
    } else if (v > (values[heap[0] as number] as number)) {
      heap[0] = i;
      // keep ascending order with one insertion pass: k is small
      for (
        let j = 0;
        j + 1 < heap.length && (values[heap[j] as number] as number) > (values[heap[j + 1] as number] as number);
        j++
      ) {
        const t = heap[j] as number;
        heap[j] = heap[j + 1] as number;
        heap[j + 1] = t;
      }
    }
  }
  return heap.sort((a, b) => (values[b] as number) - (values[a] as number));
}

/**
 * BM25's query-term saturation with k3 = 1: a word the message repeats (its subject, usually) counts up to twice,
 * never more, so long rants do not drown the claim in one repeated word.
 */
function saturate(counts: Map<string, number>): Map<string, number> {
  for (const [term, count] of counts) counts.set(term, (2 * count) / (1 + count));
  return counts;
}
