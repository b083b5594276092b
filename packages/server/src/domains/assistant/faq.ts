import type { KnowledgeDocument } from '@kepu/assistant';

/**
 * The association's service FAQ (how to volunteer, apply for a base, register for a competition …). Demo wording:
 * an installation replaces it with its own (the `faq` source is indexed from this list by `kepu reindex` and the
 * assistant's demo seeder). Each answer describes a procedure in general terms and points to the record that holds
 * the specifics, so it does not go stale with dates or phone numbers.
 */
export const SERVICE_FAQ: readonly { id: string; question: string; answer: string; topics: string[] }[] = [
  {
    id: 'faq-volunteer-join',
    question: '怎样成为科技志愿者',
    answer:
      '市民可以在科协的志愿服务平台注册成为科技志愿者，填写姓名、手机号和擅长的领域。未满14周岁的报名者需要监护人同意。注册后可以报名科普讲解、活动保障、科普课堂助教等志愿服务岗位，服务时长经组织方确认后记录在个人档案中，可以申请服务时长证明。',
    topics: ['志愿服务'],
  },
  {
    id: 'faq-volunteer-hours',
    question: '志愿服务时长怎么记录和证明',
    answer:
      '志愿者在服务现场签到和签退，系统按签到签退时间计算服务时长，组织方审核确认后计入个人累计时长。志愿者可以在个人页面查看累计时长，并下载服务时长证明。',
    topics: ['志愿服务'],
  },
  {
    id: 'faq-base-apply',
    question: '怎样申请成为科普教育基地',
    answer:
      '场馆、企业、学校、公园等单位可以在科普资源名录中提交本单位的科普资源信息，经科协审核发布后进入名录。符合条件的单位可以在科协发布申报通知后申报科普教育基地，认定后每年接受评估，评估结果在名录中公示。',
    topics: ['科普基地'],
  },
  {
    id: 'faq-competition-register',
    question: '怎样报名参加青少年科技竞赛',
    answer:
      '青少年科技竞赛在活动日历中发布，报名前请查看竞赛的组别、年龄要求和团队人数要求。在竞赛页面填写参赛者信息并提交报名，团队赛需要填写全部队员信息。报名截止时间和名额以竞赛页面为准。',
    topics: ['青少年', '竞赛'],
  },
  {
    id: 'faq-event-register',
    question: '科普活动怎么报名和取消报名',
    answer:
      '在活动页面选择场次并填写报名信息即可报名，名额已满时可以排队候补，有人取消后按排队顺序递补。不能参加时请提前取消报名，把名额留给其他市民。部分活动无需报名，可以直接到场参加。',
    topics: ['活动'],
  },
  {
    id: 'faq-rumour-report',
    question: '看到可疑的健康谣言怎么办',
    answer:
      '可以把可疑的说法发给科普助手或在辟谣栏目提交核查，系统会先和专家已经核查过的辟谣条目比对。没有核查过的说法会进入专家的待核查队列，专家审核后发布辟谣条目。转发前请先核实信息来源。',
    topics: ['辟谣', '健康'],
  },
  {
    id: 'faq-lecturer-book',
    question: '学校或社区怎样预约科普讲座',
    answer:
      '学校、社区和单位可以通过科技志愿服务预约科普讲师，说明主题、听众人数和时间，由讲师确认后安排讲座。讲座结束后可以对讲座进行评价。',
    topics: ['志愿服务', '讲座'],
  },
  {
    id: 'faq-assistant-sources',
    question: '科普助手的回答从哪里来',
    answer:
      '科普助手只根据科协已经发布的资料回答：科普资源名录、科普路线、活动日历、专家审核的辟谣条目、健康科普资源和志愿服务信息，并在回答中标注出处。没有找到可靠资料时，助手会直接说明不知道，并把问题转给专家补充。',
    topics: ['科普助手'],
  },
];

export function faqDocuments(): KnowledgeDocument[] {
  return SERVICE_FAQ.map((f) => ({
    sourceType: 'faq',
    sourceId: f.id,
    externalId: f.id,
    title: f.question,
    text: f.answer,
    topics: f.topics,
  }));
}
