/**
 * Chinese queries as citizens type them → the demo entries that must come first. A whole-run `simple` tokenizer
 * would fail every one of these: the words are inside longer runs of characters.
 */
export const SEARCH_QUERIES: readonly (readonly [string, readonly string[]])[] = [
  ['红树林', ['demo-sz-009', 'demo-sz-010', 'demo-sz-041', 'demo-sz-062']],
  ['哪里可以看红树林和候鸟', ['demo-sz-009', 'demo-sz-010']],
  ['植物园', ['demo-sz-020']],
  ['天文台观星', ['demo-sz-059']],
  ['基因', ['demo-sz-060']],
  ['核电', ['demo-sz-061']],
  ['地质公园 火山', ['demo-sz-058']],
  ['科学馆', ['demo-sz-001']],
  ['气象观测', ['demo-sz-040']],
  ['人工智能 机器人', ['demo-sz-028']],
  ['海洋世界', ['demo-sz-037']],
  ['新能源汽车', ['demo-sz-052']],
  ['儿童图书馆', ['demo-sz-005']],
  ['消防安全', ['demo-sz-015']],
];

/**
 * Queries that say what is wanted in other words than the entries use (a top hit is any of the listed entries):
 * where a semantic model could add something a lexical search cannot.
 */
export const PARAPHRASE_QUERIES: readonly (readonly [string, readonly string[]])[] = [
  ['观赏飞禽', ['demo-sz-008', 'demo-sz-009', 'demo-sz-010', 'demo-sz-026', 'demo-sz-027', 'demo-sz-041']],
  ['看星星', ['demo-sz-059']],
  ['了解遗传密码', ['demo-sz-060']],
  ['核能发电', ['demo-sz-061']],
  ['暴雨台风预警', ['demo-sz-040', 'demo-sz-064']],
  ['远古生物遗迹', ['demo-sz-058', 'demo-sz-020']],
];
