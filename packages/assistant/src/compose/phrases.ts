import type { Intent } from '@kepu/sdk/schema';
import type { DISTRICTS } from '../intent/slots.js';

export type AnswerLang = 'zh-CN' | 'en';

/** English names of Shenzhen's districts (the data keeps the Chinese ones). */
const DISTRICT_EN: Record<(typeof DISTRICTS)[number], string> = {
  福田区: 'Futian',
  罗湖区: 'Luohu',
  南山区: 'Nanshan',
  盐田区: 'Yantian',
  宝安区: "Bao'an",
  龙岗区: 'Longgang',
  龙华区: 'Longhua',
  坪山区: 'Pingshan',
  光明区: 'Guangming',
  大鹏新区: 'Dapeng New District',
  深汕特别合作区: 'Shenshan Special Cooperation Zone',
};

/** The time-window labels of `findTimeWindow`, in English. */
const TIME_EN: Record<string, string> = {
  今天: 'today',
  明天: 'tomorrow',
  后天: 'the day after tomorrow',
  周末: 'this weekend',
  下周末: 'next weekend',
  下周: 'next week',
  本周: 'this week',
  本月: 'this month',
  下个月: 'next month',
};

const districtEn = (d: string) => DISTRICT_EN[d as (typeof DISTRICTS)[number]] ?? d;

/** Names of the tools an intent needs, for "not connected yet". */
const TOOL_NAMES: Record<AnswerLang, Record<string, string>> = {
  'zh-CN': {
    findEvents: '活动查询',
    findPlaces: '场馆查询',
    findOpportunities: '志愿服务岗位查询',
    checkRumour: '谣言核查',
  },
  en: {
    findEvents: 'event search',
    findPlaces: 'venue search',
    findOpportunities: 'volunteer opportunity search',
    checkRumour: 'rumour checking',
  },
};

export interface Phrases {
  /** Before quoted passages: on their own, or after a verdict or list. */
  evidenceIntro(after: boolean): string;
  /** One quoted passage of a source, with its citation marker. */
  quotedLine(title: string, sentences: string[], marker: string): string;
  verdict(claim: string, label: string, marker: string): string;
  explanation(sentences: string[], marker: string): string;
  eventsIntro(district: string | undefined, time: string | undefined): string;
  eventDetails(d: { venue?: string; online: boolean; free: boolean; seatsLeft: number | null }): string;
  /** No event is about the topic; the kind of alternatives that follow, if any. */
  topicMissed(
    topic: string,
    district: string | undefined,
    time: string | undefined,
    alternatives: 'other_dates' | 'related_topic' | null,
  ): string;
  placesIntro: string;
  placeDetails(d: { address?: string; hoursToday?: string | null }): string;
  opportunitiesIntro: string;
  missingTools(tools: string[]): string;
  noAnswer(intent: Intent, time: string | undefined): string;
  /** Before the offline answer when the model stopped mid-answer. */
  modelFailedNote: string;
  sep: string;
}

const zh: Phrases = {
  evidenceIntro: (after) => (after ? '\n相关资料：\n' : '根据已发布的科普资料：\n\n'),
  quotedLine: (title, sentences, marker) => `- ${title}：${sentences.join('')}${marker}\n`,
  verdict: (claim, label, marker) => `关于“${claim}”，经专家审核的结论是：**${label}**${marker}。\n\n`,
  explanation: (sentences, marker) => `${sentences.join('')}${marker}\n`,
  eventsIntro: (district, time) => `为你找到${district ?? ''}${time ?? '近期'}的这些活动：\n`,
  eventDetails: ({ venue, online, free, seatsLeft }) =>
    `${venue ? `，${venue}` : online ? '，线上' : ''}${free ? '，免费' : ''}${
      seatsLeft === null ? '' : seatsLeft > 0 ? `，余位 ${seatsLeft}` : '，名额已满'
    }`,
  topicMissed: (topic, district, time, alternatives) =>
    `没有找到${district ?? ''}${time ?? '近期'}与“${topic}”相关的已发布活动。` +
    (alternatives === 'other_dates'
      ? '其他时间有这些相关活动：\n'
      : alternatives === 'related_topic'
        ? '以下活动只与问题部分相关，仅供参考：\n'
        : '可以换个时间或区域再问问我。'),
  placesIntro: '相关的场馆和基地：\n',
  placeDetails: ({ address, hoursToday }) =>
    `${address ? `，${address}` : ''}${hoursToday === undefined ? '' : hoursToday === null ? '，今天不开放' : `，今天 ${hoursToday}`}`,
  opportunitiesIntro: '正在招募的志愿服务：\n',
  missingTools: (tools) =>
    `抱歉，${tools.map((t) => TOOL_NAMES['zh-CN'][t] ?? t).join('、')}功能还没有接入，暂时帮不上忙。`,
  noAnswer: (intent, time) => {
    switch (intent) {
      case 'rumour_check':
        return '这个说法目前还没有经过我们专家核查的结论，我不想凭猜测下判断。我已把它记录下来，转给专家团队核查。在此之前，请以权威机构发布的信息为准。';
      case 'event_recommendation':
        return `抱歉，${time ?? '近期'}没有找到符合条件的已发布活动。可以换个时间或区域再问问我。`;
      case 'place_lookup':
        return '抱歉，我在已发布的科普场馆名录里没有找到符合条件的地方。可以换个名称或区域再问问我。';
      case 'volunteer_info':
        return '抱歉，目前没有找到符合条件的志愿服务信息。';
      default:
        return '抱歉，我在已发布的科普资料里没有找到能回答这个问题的内容，不想凭猜测回答。我已记录这个问题，会请专家补充。';
    }
  },
  modelFailedNote: '\n\n（模型服务中断，以下为资料原文摘录）\n\n',
  sep: '，',
};

const en: Phrases = {
  // The data is Chinese: what we quote stays in Chinese, and the answer says so.
  evidenceIntro: (after) =>
    after
      ? '\nRelated material (quoted in the original Chinese):\n'
      : "From Kepu's published material (quoted in the original Chinese):\n\n",
  quotedLine: (title, sentences, marker) => `- ${title}: “${sentences.join('')}”${marker}\n`,
  verdict: (claim, label, marker) =>
    `On the claim “${claim}”, the verdict of our expert review is: **${label}**${marker}.\n\n`,
  explanation: (sentences, marker) => `The experts' explanation (in Chinese): “${sentences.join('')}”${marker}\n`,
  eventsIntro: (district, time) =>
    `Here are the events I found${district ? ` in ${districtEn(district)}` : ''} ${time ? (TIME_EN[time] ?? time) : 'coming up'}:\n`,
  eventDetails: ({ venue, online, free, seatsLeft }) =>
    `${venue ? `, ${venue}` : online ? ', online' : ''}${free ? ', free' : ''}${
      seatsLeft === null ? '' : seatsLeft > 0 ? `, ${seatsLeft} seats left` : ', fully booked'
    }`,
  topicMissed: (topic, district, time, alternatives) =>
    `I found no published event about “${topic}”${district ? ` in ${districtEn(district)}` : ''} ${
      time ? (TIME_EN[time] ?? time) : 'coming up'
    }.` +
    (alternatives === 'other_dates'
      ? ' These related events are on other dates:\n'
      : alternatives === 'related_topic'
        ? ' These events are only partly related, in case they interest you:\n'
        : ' Try asking about another time or district.'),
  placesIntro: 'Related venues and science bases:\n',
  placeDetails: ({ address, hoursToday }) =>
    `${address ? `, ${address}` : ''}${hoursToday === undefined ? '' : hoursToday === null ? ', closed today' : `, open today ${hoursToday}`}`,
  opportunitiesIntro: 'Volunteer opportunities recruiting now:\n',
  missingTools: (tools) =>
    `Sorry, ${tools.map((t) => TOOL_NAMES.en[t] ?? t).join(' and ')} is not connected yet, so I cannot help with that.`,
  noAnswer: (intent, time) => {
    switch (intent) {
      case 'rumour_check':
        return "Our experts have not reviewed this claim yet, and I won't guess. I have passed it on to the expert team. Until then, please rely on information from official health authorities.";
      case 'event_recommendation':
        return `Sorry, I found no published event that fits ${time ? (TIME_EN[time] ?? time) : 'in the coming weeks'}. Try another time or district.`;
      case 'place_lookup':
        return 'Sorry, I found no matching place in the published directory of science venues. Try another name or district.';
      case 'volunteer_info':
        return 'Sorry, I found no matching volunteer information.';
      default:
        return "Sorry, Kepu's published material does not answer this question, and I won't guess. I have recorded it so that experts can add an answer.";
    }
  },
  modelFailedNote: '\n\n(The language model stopped answering; below are excerpts from the sources.)\n\n',
  sep: ', ',
};

export const PHRASES: Record<AnswerLang, Phrases> = { 'zh-CN': zh, en };
