import type { ChatMessage, Intent } from '@kepu/sdk/schema';
import { detectUrgent, type UrgentKind } from '../safety/urgent.js';
import { findAgeHint, findDistrict, findTimeWindow, type TimeWindow } from './slots.js';

export interface IntentResult {
  intent: Intent;
  /** The text to search with: the question, completed from the conversation when it is a follow-up. */
  query: string;
  /** True when the question only made sense with the previous turn ("那周末呢？"). */
  followUp: boolean;
  urgent?: UrgentKind;
  district?: string;
  time?: TimeWindow;
  age?: number;
}

const RULES: readonly [Exclude<Intent, 'urgent' | 'science_qa'>, RegExp][] = [
  [
    'rumour_check',
    /谣言|辟谣|真的吗|是真的|是不是真|真假|靠谱吗|可信吗|有科学依据|听说|据说|网传|网上说|传言|朋友圈|群里(说|传)|致癌|致病|有毒吗|能治|能不能治|根治|偏方|食物相克|相克|有害吗|伤身|智商税/,
  ],
  [
    'rumour_check',
    /\b(is it true|true that|really true|myths?|rumou?rs?|hoax|cause[sd]? cancer|carcinogenic|poisonous)\b/i,
  ],
  ['volunteer_info', /志愿者|志愿服务|做志愿|当志愿|志愿活动|义工|服务时长|志愿时长|科技志愿|招募志愿/],
  ['volunteer_info', /\bvolunteer/i],
  // Asking where or when a place opens is about the place, even when it is called an activity centre.
  ['place_lookup', /在哪|哪里|哪儿|地址|怎么去|怎么走|交通|坐地铁|开放时间|几点(开|关)|开门|闭馆|营业时间|预约参观/],
  [
    'event_recommendation',
    /活动|讲座|展览|展会|科普日|科技周|夏令营|冬令营|工作坊|沙龙|报名|参加|门票|亲子|周末(去|玩|做)|有什么好玩|推荐.*(去处|玩)/,
  ],
  [
    'place_lookup',
    /\b(where is|where'?s|where are|address|how (do i|can i|to) get|opening hours|opening times?|when does .+ open)\b/i,
  ],
  [
    'event_recommendation',
    /\b(events?|activit(y|ies)|lectures?|talks|exhibitions?|workshops?|camps?|sign up|register|things to do)\b/i,
  ],
  ['place_lookup', /场馆|科技馆|博物馆|天文台|科普基地|教育基地|附近|离.{1,6}近/],
  ['place_lookup', /\b(museums?|science (centre|center)s?|observatory|venues?|near me|nearby)\b/i],
  [
    'smalltalk',
    /^(你好|您好|嗨|hi|hello|hey|在吗|谢谢|多谢|感谢|再见|拜拜|你是谁|你叫什么|你能做什么|你会什么|thanks|thank you|bye|goodbye|who are you|what can you do)[！!。.？?~～\s]*$/i,
  ],
  [
    'out_of_scope',
    /\b(stocks?|lottery|bitcoin|horoscope|weather forecast|homework|translate|flights?|hotels?|celebrit(y|ies)|politics|election|loans?)\b|股票|基金|彩票|炒币|比特币|算命|星座运势|风水|八字|写作业|代写|帮我写|翻译|机票|火车票|订酒店|外卖|天气预报|明星|八卦|政治|选举|游戏攻略|贷款|借钱/,
  ],
];

/** A short message that leans on the previous turn: "那周末呢？", "离南山近的呢？", "还有别的吗". */
const FOLLOW_UP = /^(那|还有|另外|换成|改成|如果是|要是|离|那么)|呢[？?]?$|^(别的|其他的?|更多)/;

/**
 * Rule-based intent routing (fast, explainable, no model): emergencies first, then the first matching rule, then
 * `science_qa`. A follow-up takes the previous user turn's intent and is searched together with it.
 */
export function classifyIntent(
  messages: readonly ChatMessage[],
  options: { now: Date; timeZone?: string } = { now: new Date() },
): IntentResult {
  const last = messages.at(-1)?.content.trim() ?? '';
  const slots = (text: string) => ({
    district: findDistrict(text),
    time: findTimeWindow(text, options.now, options.timeZone),
    age: findAgeHint(text),
  });
  const urgent = detectUrgent(last);
  if (urgent) return { intent: 'urgent', query: last, followUp: false, urgent };

  const own = matchRule(last);
  const previous = [...messages]
    .slice(0, -1)
    .reverse()
    .find((m) => m.role === 'user')?.content;
  const followUp =
    Boolean(previous) && last.length <= 16 && FOLLOW_UP.test(last) && (own === undefined || own === 'place_lookup');
  if (followUp && previous) {
    const before = classifyIntent([{ role: 'user', content: previous }], options);
    const mine = slots(last);
    return {
      intent: before.intent === 'smalltalk' || before.intent === 'urgent' ? (own ?? 'science_qa') : before.intent,
      query: `${before.query} ${last}`,
      followUp: true,
      district: mine.district ?? before.district,
      time: mine.time ?? before.time,
      age: mine.age ?? before.age,
    };
  }
  return { intent: own ?? 'science_qa', query: last, followUp: false, ...slots(last) };
}

function matchRule(text: string): Intent | undefined {
  // A quoted name (“科学辟谣：食品安全那些事”) names something; its words are not the question's wording.
  const unquoted = text.replace(/“[^”]*”|"[^"]*"|「[^」]*」|《[^》]*》/g, '“”');
  for (const [intent, pattern] of RULES) if (pattern.test(unquoted)) return intent;
  return undefined;
}
