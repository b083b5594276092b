/**
 * Cleaning of forwarded messages before claim matching. People paste what they received: emoji, "转发", "这是真的吗",
 * links, 【headline】 brackets, hashtags, "xx的微博视频" trailers and rows of "！！！". None of it says what the claim is,
 * and all of it adds noise to lexical matching, so it goes before anything is segmented.
 */

/** Links: http(s) URLs and bare `www.` hosts. */
const URL_PATTERN = /(?:https?:\/\/|www\.)[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]*/giu;

/** Pictographs, dingbats, variation selectors, zero-width and other invisible characters. */
const EMOJI_PATTERN =
  /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1f1e6}-\u{1f1ff}\u200b-\u200f\u2028-\u202f\u2060-\u206f]|\ufe0e|\ufe0f|\u20e3/gu;

/** Weibo-style trailers: "L某某的微博视频", "网页链接", "展开全文" … */
const TRAILER_PATTERN = /(?:\bL\S{0,30}?的微博视频|网页链接|展开全文|收起全文|原图|查看图片|\[[^\]\n]{1,8}\])/gu;

/**
 * Phrases of the forwarding ritual. Only whole phrases that never carry a claim; single words such as "真的" stay,
 * because "真的会致癌" does carry one.
 */
const RITUAL_PHRASES = [
  '这是真的吗',
  '是真的吗',
  '真的假的',
  '是不是真的',
  '求辟谣',
  '求证',
  '转发周知',
  '转发扩散',
  '转给家人',
  '转给身边的人',
  '看完请转发',
  '看到请转发',
  '请转发',
  '赶紧转发',
  '转发',
  '速看',
  '必看',
  '重要通知',
  '紧急通知',
  '紧急提醒',
  '特别提醒',
  '温馨提示',
  '朋友圈都在传',
  '群里都在传',
  '大家注意了',
  '大家注意',
  '千万注意',
  '告诉家人',
  '告诉身边的人',
  '不转不是中国人',
] as const;
const RITUAL_PATTERN = new RegExp([...RITUAL_PHRASES].sort((a, b) => b.length - a.length).join('|'), 'gu');

/**
 * Returns the text with the noise of forwarding removed and punctuation runs collapsed; the claim itself is kept
 * word for word. Full-width forms become half-width (NFKC).
 * @example cleanClaimText('【转发】隔夜菜致癌！！！千万别吃😱 这是真的吗？ https://t.cn/x') // '隔夜菜致癌! 千万别吃 ?'
 */
export function cleanClaimText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(URL_PATTERN, ' ')
    .replace(EMOJI_PATTERN, ' ')
    .replace(TRAILER_PATTERN, ' ')
    .replace(RITUAL_PATTERN, ' ')
    .replace(/[【】〔〕［］「」『』#＃]/gu, ' ')
    .replace(/([\p{P}\p{S}])\1+/gu, '$1')
    .replace(/\s+/gu, ' ')
    .trim();
}
