export type UrgentKind = 'self_harm' | 'medical' | 'danger';

/** Signals of an emergency. Deliberately broad: a false alarm costs one extra sentence, a miss may cost a life. */
const PATTERNS: readonly [UrgentKind, RegExp][] = [
  ['self_harm', /自杀|轻生|不想活|活不下去|想死|结束(自己的)?生命|割腕|跳楼|寻短见|自残|伤害自己/],
  [
    'medical',
    /胸痛|胸口(剧)?痛|喘不上气|呼吸困难|昏迷|晕倒|叫不醒|不省人事|抽搐|大出血|血流不止|中毒了|误服|误食|吞了|心脏骤停|中风了|口角歪斜|过敏性休克|溺水|触电了|严重烫伤|大面积烧伤|叫救护车|快不行了/,
  ],
  // 被打 is violence, 被打了针 / 被打药 an injection (西瓜被打了针), not an emergency.
  ['danger', /有人(要)?杀|被(人)?(打(?!了?(针|药|蜡|折|卡))|抢|绑架|跟踪)|着火了|火灾|煤气泄漏|燃气泄漏|地震了|报警/],
  // English, for visitors who ask in English (context.lang 'en' or not).
  [
    'self_harm',
    /\b(suicid\w*|kill(ing)? myself|end(ing)? my life|want to die|self[- ]harm|hurt(ing)? myself|cut(ting)? myself)\b/i,
  ],
  [
    'medical',
    /\b(chest pain|can'?t breathe|cannot breathe|difficulty breathing|unconscious|passed out|not breathing|having a (seizure|stroke|heart attack)|overdosed?|(was|been|got) poisoned|accidentally (swallowed|took|ate)|severe bleeding|bleeding heavily|drowning|anaphyla\w*|call an ambulance)\b/i,
  ],
  ['danger', /\b(on fire|there'?s a fire|gas leak|being (attacked|followed|robbed)|kidnapp\w*|call the police)\b/i],
];

export function detectUrgent(text: string): UrgentKind | null {
  for (const [kind, pattern] of PATTERNS) if (pattern.test(text)) return kind;
  return null;
}

/**
 * What the assistant says at once to an emergency: who to call, nothing else (no diagnosis, no prescription).
 * 12356 is the national psychological assistance hotline (since 2025); 0755-25629459 is Shenzhen's 24-hour line
 * (市康宁医院); 12320 is the health hotline.
 */
export const URGENT_REPLIES: Record<UrgentKind, string> = {
  self_harm:
    '你现在的感受很重要，请不要一个人扛着。请立即拨打心理援助热线 12356（全国）或深圳 24 小时心理危机干预热线 0755-25629459；' +
    '如果你或身边的人有生命危险，请马上拨打 120 或 110。也可以告诉身边信任的人，请他们陪着你。',
  medical:
    '这听起来可能是紧急情况：请立即拨打 120 急救电话，说清地址和症状，并按调度员的指导处置。' +
    '我不能做诊断或给出用药建议；非紧急的健康咨询可拨打 12320 卫生健康热线。',
  danger: '如果有人身安全危险，请立即拨打 110 报警；火灾请拨打 119，有人受伤请拨打 120。请先确保自己安全。',
};

/** The same replies in English; the numbers are the same (Shenzhen's services answer in Chinese, some in English). */
export const URGENT_REPLIES_EN: Record<UrgentKind, string> = {
  self_harm:
    'What you feel matters; please do not carry it alone. Call the national psychological assistance hotline 12356 ' +
    "or Shenzhen's 24-hour crisis line 0755-25629459 now. If you or someone near you is in danger, call 120 " +
    '(ambulance) or 110 (police) at once. You can also tell someone you trust and ask them to stay with you.',
  medical:
    'This may be an emergency: call 120 (ambulance) now, give the address and the symptoms, and follow the ' +
    "dispatcher's instructions. I cannot diagnose or advise on medicines; for non-urgent health questions call the " +
    'health hotline 12320.',
  danger:
    'If anyone is in danger, call 110 (police) now; for a fire call 119, and 120 if someone is hurt. Get yourself ' +
    'to safety first.',
};
