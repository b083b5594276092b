/** Answers that are the same every time: they state what the assistant can do, no facts about the world. */
export const SMALLTALK_REPLY =
  '你好！我是科普助手，可以帮你：核查健康谣言、回答科普问题、推荐近期的科普活动、查找科普场馆和基地、了解科技志愿服务。' +
  '我的回答都来自已发布的资料，并会标出出处。';

export const THANKS_REPLY = '不客气！还有什么科普问题，随时问我。';

export const OUT_OF_SCOPE_REPLY =
  '这个问题超出了我的服务范围。我可以帮你核查健康谣言、回答科普问题、推荐科普活动和场馆，或介绍科技志愿服务。';

export const SENSITIVE_INPUT_REPLY = '抱歉，这个话题我无法回答。我可以帮你核查谣言、回答科普问题、推荐科普活动和场馆。';

/** The same fixed replies in English, for `context.lang: 'en'`. */
export const FIXED_REPLIES_EN = {
  smalltalk:
    "Hello! I am Kepu's science assistant. I can check health rumours, answer science questions, recommend science " +
    'events, find science venues and bases, and tell you about science volunteering. My answers come only from ' +
    'published material, with their sources; that material is in Chinese, so I quote it in Chinese.',
  thanks: "You're welcome! Ask me any time you have a science question.",
  outOfScope:
    'That is outside what I can help with. I can check health rumours, answer science questions, recommend science ' +
    'events and venues, or tell you about science volunteering.',
  sensitive:
    'Sorry, I cannot answer on that topic. I can check rumours, answer science questions, and recommend science ' +
    'events and venues.',
} as const;
