/** Mainland mobile numbers, with optional +86 and separators (138 0013 8000, 138-0013-8000). */
const MOBILE = /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)/g;
/** Resident identity card numbers (18 digits, the last may be X). */
const ID_CARD =
  /(?<![\dA-Za-z])[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/g;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/g;

/**
 * Replaces mobiles, ID numbers and e-mail addresses with placeholders, before a message is stored or logged.
 * @example redactPersonalData('我的电话13800138000') // '我的电话[手机号]'
 */
export function redactPersonalData(text: string): string {
  return text.replace(ID_CARD, '[身份证号]').replace(MOBILE, '[手机号]').replace(EMAIL, '[邮箱]');
}
