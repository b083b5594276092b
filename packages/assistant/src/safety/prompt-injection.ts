/** Requests to reveal or override the assistant's instructions. They get a fixed refusal, never the prompt. */
const PATTERNS = [
  /(系统|初始|隐藏)(提示|指令|设定|prompt)/i,
  /system\s*prompt|ignore (all|the|previous|above) (instructions|prompts)|developer mode|jailbreak/i,
  /忽略(之前|以上|上面|前面|所有)的?(指令|指示|规则|要求|设定)/,
  /(你的|你被)(设定|规则|指令)(是什么|告诉我)/,
];

export function isPromptInjection(text: string): boolean {
  return PATTERNS.some((p) => p.test(text));
}

export const PROMPT_INJECTION_REPLY =
  '我不能透露或更改自己的工作设定。我可以回答科普问题、核查健康谣言、推荐科普活动和场馆，或介绍科技志愿服务。';

export const PROMPT_INJECTION_REPLY_EN =
  'I cannot reveal or change how I work. I can answer science questions, check health rumours, recommend science ' +
  'events and venues, or tell you about science volunteering.';
