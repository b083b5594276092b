/** One entry as the topic model learns from it: its topics and the words of its claim and body. */
export interface TopicExample {
  topics: readonly string[];
  claimWords: readonly string[];
  bodyWords: readonly string[];
}

/** Add-k smoothing of word counts: small, so a word the topic never used is unlikely but not impossible. */
const SMOOTHING = 0.1;
/** The claim says what an entry is about; its words count this many times. */
const CLAIM_WEIGHT = 3;

/**
 * Which of the base's topics a text is about: multinomial naive Bayes over jieba words, learned from the entries'
 * own topics (no labelled queries). Two entries on the same subject from different angles (a food-safety entry and a
 * health entry on the same vegetable) differ in topic, and the words around a forwarded claim say which angle it takes.
 */
export class TopicModel {
  private constructor(
    private readonly logPrior: Map<string, number>,
    private readonly wordCounts: Map<string, Map<string, number>>,
    private readonly totals: Map<string, number>,
    private readonly vocabulary: number,
  ) {}

  static learn(examples: readonly TopicExample[]): TopicModel {
    const docs = new Map<string, number>();
    const wordCounts = new Map<string, Map<string, number>>();
    const totals = new Map<string, number>();
    const vocabulary = new Set<string>();
    for (const { topics, claimWords, bodyWords } of examples) {
      for (const topic of new Set(topics)) {
        docs.set(topic, (docs.get(topic) ?? 0) + 1);
        let counts = wordCounts.get(topic);
        if (!counts) {
          counts = new Map();
          wordCounts.set(topic, counts);
        }
        let added = 0;
        for (const [words, weight] of [
          [claimWords, CLAIM_WEIGHT],
          [bodyWords, 1],
        ] as const) {
          for (const word of words) {
            counts.set(word, (counts.get(word) ?? 0) + weight);
            vocabulary.add(word);
            added += weight;
          }
        }
        totals.set(topic, (totals.get(topic) ?? 0) + added);
      }
    }
    const all = [...docs.values()].reduce((sum, n) => sum + n, 0);
    const logPrior = new Map([...docs].map(([topic, n]) => [topic, Math.log(n / all)]));
    return new TopicModel(logPrior, wordCounts, totals, vocabulary.size);
  }

  /** P(topic | words) for every topic of the base, summing to 1; empty when no entry has a topic. */
  posterior(words: readonly string[]): Map<string, number> {
    const logs = new Map<string, number>();
    for (const [topic, prior] of this.logPrior) {
      const counts = this.wordCounts.get(topic) as Map<string, number>;
      const denominator = Math.log((this.totals.get(topic) ?? 0) + SMOOTHING * this.vocabulary);
      let log = prior;
      for (const word of words) log += Math.log((counts.get(word) ?? 0) + SMOOTHING) - denominator;
      logs.set(topic, log);
    }
    const top = Math.max(...logs.values());
    let sum = 0;
    for (const [topic, log] of logs) {
      const p = Math.exp(log - top);
      logs.set(topic, p);
      sum += p;
    }
    for (const [topic, p] of logs) logs.set(topic, p / sum);
    return logs;
  }
}
