import { type Card, RUMOUR_RATING_LABELS } from '@kepu/sdk/schema';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { ComposerEvent } from '../engine/events.js';
import { DISTRICTS, findTimeWindow } from '../intent/slots.js';
import type { AssistantTools, Sourced } from '../tools/types.js';
import {
  eventSource,
  opportunitySource,
  type PromptSource,
  placeSource,
  renderSources,
  sourceFromChunk,
  verdictSentence,
} from './llm-prompt.js';
import type { ComposeInput } from './types.js';

/** Time windows the model may ask for, as the phrases `findTimeWindow` understands. */
const WHEN = {
  today: '今天',
  tomorrow: '明天',
  this_weekend: '周末',
  next_weekend: '下周末',
  this_week: '本周',
  next_week: '下周',
  this_month: '本月',
  next_month: '下个月',
} as const;

const text = (max: number, description: string) => z.string().trim().min(1).max(max).describe(description);
const district = z.enum(DISTRICTS).describe('深圳的区，完整名称，如 南山区').optional();

/**
 * Arguments of each tool the model may call. Model output is outside input: every call is validated against these
 * schemas, and the JSON schema sent to the model is generated from the same definitions.
 */
export const MODEL_TOOL_ARGS = {
  search_knowledge: z.strictObject({ query: text(200, '检索词，中文') }),
  check_rumour: z.strictObject({ claim: text(200, '要核查的说法，中文，如 “隔夜茶会致癌”') }),
  find_events: z.strictObject({
    topic: text(100, '活动主题词，如 天文、机器人；不限主题时省略').optional(),
    district,
    age: z.number().int().min(0).max(120).describe('参加者年龄（岁）').optional(),
    when: z
      .enum(Object.keys(WHEN) as [keyof typeof WHEN, ...(keyof typeof WHEN)[]])
      .describe('时间范围；省略时为今后 60 天')
      .optional(),
  }),
  find_places: z.strictObject({ query: text(100, '场馆名称或类型，如 天文台、科技馆'), district }),
  find_volunteer_opportunities: z.strictObject({
    query: text(100, '志愿服务的内容，如 科普讲解；不限时省略').optional(),
    district,
  }),
} as const;
export type ModelToolName = keyof typeof MODEL_TOOL_ARGS;

const DESCRIPTIONS: Record<ModelToolName, string> = {
  search_knowledge: '在已发布的科普资料（场馆、活动、辟谣条目、健康资源、常见问题）中检索，返回带编号的资料。',
  check_rumour: '用专家审核过的辟谣库核查一个说法。匹配到条目时返回专家结论（不可改变）和解释；没有匹配时如实说明。',
  find_events: '在活动日历里查找即将举行的科普活动（按主题、区、年龄、时间），返回带编号的活动。',
  find_places: '在科普资源名录里查找场馆和基地，返回带编号的场馆。',
  find_volunteer_opportunities: '查找正在招募的科技志愿服务岗位，返回带编号的岗位。',
};

/** Which Kepu tool each model tool needs; a tool the server has not wired is not offered. */
const NEEDS: Record<ModelToolName, keyof AssistantTools> = {
  search_knowledge: 'searchKnowledge',
  check_rumour: 'checkRumour',
  find_events: 'findEvents',
  find_places: 'findPlaces',
  find_volunteer_opportunities: 'findOpportunities',
};

const NAMES = Object.keys(MODEL_TOOL_ARGS) as ModelToolName[];

/** The OpenAI tool definitions for the tools this server has wired. */
export function modelToolDefinitions(tools: AssistantTools): ChatCompletionFunctionTool[] {
  return NAMES.filter((name) => tools[NEEDS[name]] !== undefined).map((name) => {
    const { $schema: _drop, ...parameters } = z.toJSONSchema(MODEL_TOOL_ARGS[name], { io: 'input' });
    return { type: 'function', function: { name, description: DESCRIPTIONS[name], parameters } };
  });
}

/** What a tool call gave: the text the model reads, and events for the client (cards, our verdict line). */
export interface ToolOutcome {
  content: string;
  events: ComposerEvent[];
}

interface ToolContext {
  input: ComposeInput;
  /** The numbered sources the model has; tool results are appended (their numbers are what it may cite). */
  sources: PromptSource[];
  now: Date;
}

type Args<N extends ModelToolName> = z.infer<(typeof MODEL_TOOL_ARGS)[N]>;
type Handler<N extends ModelToolName> = (args: Args<N>, ctx: ToolContext) => Promise<ToolOutcome>;

/** Appends the sources not given yet and renders them; ones given before are named by their number. */
function addSources(ctx: ToolContext, found: PromptSource[], empty: string): string {
  const same = (a: PromptSource, b: PromptSource) => a.ref.type === b.ref.type && a.ref.id === b.ref.id;
  const known = found.filter((s) => ctx.sources.some((o) => same(o, s)));
  const novel = found.filter((s) => !known.includes(s));
  const offset = ctx.sources.length;
  ctx.sources.push(...novel);
  const parts: string[] = [];
  if (novel.length) parts.push(renderSources(novel, offset));
  if (known.length) {
    const numbers = known.map((s) => ctx.sources.findIndex((o) => same(o, s)) + 1);
    parts.push(`已给出的资料：${numbers.map((n) => `[${n}]`).join('')}`);
  }
  return parts.join('\n') || empty;
}

/** Cards for the client, once per record: a record the model already had was shown already. */
const cardsOf = (ctx: ToolContext, found: Sourced<Card>[]): ComposerEvent[] =>
  found
    .filter(({ source }) => !ctx.sources.some((s) => s.ref.type === source.type && s.ref.id === source.id))
    .map(({ card }) => ({ type: 'card', card }));

const HANDLERS: { [N in ModelToolName]: Handler<N> } = {
  async search_knowledge({ query }, ctx) {
    const chunks = await ctx.input.tools.searchKnowledge(query, {}, 4);
    return { content: addSources(ctx, chunks.map(sourceFromChunk), '没有找到更多资料。'), events: [] };
  },
  async check_rumour({ claim }, ctx) {
    const { input } = ctx;
    const match = (await input.tools.checkRumour?.(claim)) ?? null;
    if (!match) {
      // An unreviewed claim goes to the experts' queue, as when a citizen's own question matches nothing; a failing
      // queue must not fail the answer.
      await input.tools.submitRumourTip?.(claim).catch(() => undefined);
      return { content: '辟谣库里没有经过专家审核、与这个说法匹配的条目。不要自行判断真假。', events: [] };
    }
    const events: ComposerEvent[] = [];
    const given = ctx.sources.some((s) => s.ref.type === 'rumour' && s.ref.id === match.source.id);
    const content = addSources(
      ctx,
      [{ ref: match.source, text: `${match.card.claim}\n${match.card.explanation}` }],
      '',
    );
    if (!given) {
      // The verdict is our own sentence from the matched entry; the model only explains it.
      const { citation, fresh } = input.citations.cite(match.source);
      if (fresh) events.push({ type: 'citation', citation });
      events.push({ type: 'delta', text: verdictSentence(match.card, input.lang, `[${citation.n}]`) });
      const label = RUMOUR_RATING_LABELS[match.card.rating][input.lang];
      events.push({ type: 'card', card: { ...match.card, ratingLabel: label } });
    }
    const label = RUMOUR_RATING_LABELS[match.card.rating]['zh-CN'];
    return { content: `${content}\n核查结论（专家给出，不可改变）：${label}`, events };
  },
  async find_events({ topic, district, age, when }, ctx) {
    const { input, now } = ctx;
    const window = when ? findTimeWindow(WHEN[when], now, input.timeZone) : undefined;
    const found = await input.tools.findEvents?.({
      text: topic ?? '',
      district,
      age,
      from: window?.from ?? now,
      to: window?.to,
      limit: 3,
    });
    if (!found) return { content: '活动查询没有接入。', events: [] };
    if (found.events.length) {
      const events = cardsOf(ctx, found.events);
      return { content: addSources(ctx, found.events.map(eventSource), ''), events };
    }
    if (found.alternatives.length) {
      const events = cardsOf(ctx, found.alternatives);
      const listed = addSources(ctx, found.alternatives.map(eventSource), '');
      return {
        content:
          found.alternativesAre === 'other_dates'
            ? `所问时间内没有与“${found.missedTopic}”相关的活动。以下是其他时间的相关活动，回答时必须先说明这一点：\n${listed}`
            : `没有与“${found.missedTopic}”相关的活动。以下活动只与问题部分相关，回答时必须先说明没有找到所问主题的活动：\n${listed}`,
        events,
      };
    }
    return { content: '这个时间和范围内没有找到符合条件的已发布活动。', events: [] };
  },
  async find_places({ query, district }, ctx) {
    const places = (await ctx.input.tools.findPlaces?.({ text: query, district, limit: 3 })) ?? [];
    const events = cardsOf(ctx, places);
    return { content: addSources(ctx, places.map(placeSource), '没有找到符合条件的场馆。'), events };
  },
  async find_volunteer_opportunities({ query, district }, ctx) {
    const found = (await ctx.input.tools.findOpportunities?.({ text: query ?? '志愿服务', district, limit: 3 })) ?? [];
    const events = cardsOf(ctx, found);
    return { content: addSources(ctx, found.map(opportunitySource), '没有找到正在招募的志愿服务岗位。'), events };
  },
};

/** The same schemas, typed per name so a generic lookup keeps its argument type. */
const SCHEMAS: { [N in ModelToolName]: z.ZodType<Args<N>> } = MODEL_TOOL_ARGS;

const isToolName = (name: string): name is ModelToolName => Object.hasOwn(MODEL_TOOL_ARGS, name);

function dispatch<N extends ModelToolName>(name: N, json: unknown, ctx: ToolContext): Promise<ToolOutcome> | string {
  const parsed = SCHEMAS[name].safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '参数'}：${i.message}`);
    return `参数不符合要求（${problems.join('；')}）。`;
  }
  return HANDLERS[name](parsed.data, ctx);
}

/**
 * Runs one tool call of the model. Arguments are validated; a bad call runs nothing and gets a tool message that
 * says what was wrong (the model may try again). Results become more numbered sources, so citations still map to
 * records we retrieved; a rumour verdict is written by us from the matched entry, never by the model.
 */
export async function runModelTool(
  call: { name: string; args: string },
  input: ComposeInput,
  sources: PromptSource[],
  now: Date,
): Promise<ToolOutcome> {
  const fail = (why: string): ToolOutcome => ({ content: `调用失败：${why}`, events: [] });
  if (!isToolName(call.name) || input.tools[NEEDS[call.name]] === undefined) {
    const offered = modelToolDefinitions(input.tools).map((t) => t.function.name);
    return fail(`没有名为 ${call.name.slice(0, 64)} 的工具。可用工具：${offered.join('、')}。`);
  }
  let json: unknown;
  try {
    json = JSON.parse(call.args.trim() || '{}');
  } catch {
    return fail('参数不是合法的 JSON 对象。');
  }
  const outcome = dispatch(call.name, json, { input, sources, now });
  return typeof outcome === 'string' ? fail(outcome) : outcome;
}
