import { customLocales } from './locale-registry.js';

/**
 * Every string the widget shows. A locale is data: add one by adding an entry that satisfies `WidgetStrings`
 * (the compiler lists what is missing). `{n}` and `{seconds}` are placeholders filled by `format()`.
 */
export interface WidgetStrings {
  /** Between a label and its value: '：' in Chinese, ': ' in English. */
  colon: string;
  title: string;
  subtitle: string;
  openLauncher: string;
  close: string;
  newConversation: string;
  inputLabel: string;
  inputPlaceholder: string;
  send: string;
  stop: string;
  retry: string;
  thinking: string;
  stopped: string;
  suggestionsLabel: string;
  /** Shown before the first question, until the server's suggestions arrive. */
  suggestions: string[];
  followUpsLabel: string;
  sourcesLabel: string;
  citation: string;
  answerReady: string;
  errorOffline: string;
  errorRateLimited: string;
  errorRateLimitedNoTime: string;
  errorServer: string;
  errorUnauthorized: string;
  errorBadRequest: string;
  helpful: string;
  notHelpful: string;
  feedbackReasonLabel: string;
  feedbackSubmit: string;
  feedbackThanks: string;
  rumourTruth: string;
  rumourReviewedBy: string;
  rumourReviewedOn: string;
  rumourClaim: string;
  eventSeatsLeft: string;
  eventNoLimit: string;
  eventFull: string;
  eventFree: string;
  eventRegister: string;
  eventRegistrationClosed: string;
  eventOnline: string;
  registerName: string;
  registerMobile: string;
  registerMobileHint: string;
  registerSubmit: string;
  registerPartySize: string;
  registerNameRequired: string;
  registerWaitlisted: string;
  registerCheckInCode: string;
  registerCancel: string;
  registerDone: string;
  registerFailed: string;
  placeHoursToday: string;
  placeClosedToday: string;
  placeOpenNow: string;
  placeMap: string;
  opportunitySlotsLeft: string;
  details: string;
  labelTime: string;
  labelPlace: string;
  labelSeats: string;
  labelHours: string;
  labelAddress: string;
  messageFromYou: string;
  messageFromAssistant: string;
  conversationLabel: string;
  cleared: string;
}

const zhCN: WidgetStrings = {
  colon: '：',
  title: '科普助手',
  subtitle: '辟谣 · 活动 · 场馆 · 志愿服务',
  openLauncher: '打开科普助手',
  close: '关闭',
  newConversation: '新对话',
  inputLabel: '输入你的问题',
  inputPlaceholder: '例如：喝隔夜茶会致癌吗？',
  send: '发送',
  stop: '停止生成',
  retry: '重试',
  thinking: '正在思考…',
  stopped: '已停止生成。',
  suggestionsLabel: '你可以问',
  suggestions: [
    '喝隔夜茶会致癌吗？',
    '周末南山有适合 9 岁孩子的科普活动吗？',
    '深圳科学馆今天开门吗？',
    '怎么成为科普志愿者？',
  ],
  followUpsLabel: '继续提问',
  sourcesLabel: '来源',
  citation: '来源 {n}',
  answerReady: '助手已回答：',
  errorOffline: '网络已断开。请检查网络连接后重试。',
  errorRateLimited: '提问太频繁了，请在 {seconds} 秒后重试。',
  errorRateLimitedNoTime: '提问太频繁了，请稍后重试。',
  errorServer: '服务暂时出了问题，请稍后重试。',
  errorUnauthorized: '本站的助手配置有误（密钥无效或来源未授权），请联系网站管理员。',
  errorBadRequest: '这个问题无法处理，请换个说法再试。',
  helpful: '有帮助',
  notHelpful: '没帮助',
  feedbackReasonLabel: '哪里不好？（可选）',
  feedbackSubmit: '提交反馈',
  feedbackThanks: '感谢反馈！',
  rumourTruth: '真相',
  rumourReviewedBy: '审核专家',
  rumourReviewedOn: '审核日期',
  rumourClaim: '说法',
  eventSeatsLeft: '剩余名额 {n}',
  eventNoLimit: '不限名额',
  eventFull: '名额已满',
  eventFree: '免费',
  eventRegister: '报名',
  eventRegistrationClosed: '报名已截止',
  eventOnline: '线上活动',
  registerName: '姓名',
  registerMobile: '手机号',
  registerMobileHint: '11 位中国大陆手机号，仅用于活动通知',
  registerSubmit: '提交报名',
  registerPartySize: '人数',
  registerNameRequired: '请填写姓名（最多 40 字）',
  registerWaitlisted: '名额已满，已进入候补，候补序号',
  registerCheckInCode: '签到码',
  registerCancel: '取消',
  registerDone: '报名成功！',
  registerFailed: '报名失败：',
  placeHoursToday: '今日开放',
  placeClosedToday: '今日闭馆',
  placeOpenNow: '正在开放',
  placeMap: '地图',
  opportunitySlotsLeft: '还需 {n} 人',
  details: '详情',
  labelTime: '时间',
  labelPlace: '地点',
  labelSeats: '名额',
  labelHours: '开放',
  labelAddress: '地址',
  messageFromYou: '你说',
  messageFromAssistant: '助手说',
  conversationLabel: '对话记录',
  cleared: '已开始新对话。',
};

/**
 * Locales shipped with the widget. zh-CN is built in; the others are separate chunks fetched only by pages that use
 * them, so each added locale costs nothing to the rest. The page adds its own with `defineLocale()`.
 */
const BUNDLED: Record<string, () => Promise<WidgetStrings>> = {
  en: () => import('./en.js').then((m) => m.en),
};
const loaded = new Map<string, WidgetStrings>([['zh-CN', zhCN]]);

function knownTags(): string[] {
  return [...customLocales.keys(), ...loaded.keys(), ...Object.keys(BUNDLED)];
}

/** The known locale for `lang`: exact tag, then one of the same language (`en-GB` → `en`), then zh-CN. */
export function resolveLang(lang: string | null | undefined): string {
  if (!lang) return 'zh-CN';
  const tags = knownTags();
  if (tags.includes(lang)) return lang;
  const base = lang.split('-')[0]?.toLowerCase() ?? '';
  return tags.find((tag) => tag.toLowerCase() === base || tag.toLowerCase().startsWith(`${base}-`)) ?? 'zh-CN';
}

/** Fetches a bundled locale the first time it is needed; resolves at once for loaded and page-defined ones. */
export async function loadLocale(lang: string | null | undefined): Promise<void> {
  const tag = resolveLang(lang);
  const load = BUNDLED[tag];
  if (customLocales.has(tag) || loaded.has(tag) || !load) return;
  loaded.set(tag, await load());
}

/** The strings for `lang`; zh-CN until a bundled locale has been loaded with `loadLocale()`. */
export function stringsFor(lang: string | null | undefined): WidgetStrings {
  const tag = resolveLang(lang);
  return customLocales.get(tag) ?? loaded.get(tag) ?? zhCN;
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
