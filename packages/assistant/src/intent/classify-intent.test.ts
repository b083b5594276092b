import { describe, expect, it } from 'vitest';
import { classifyIntent } from './classify-intent.js';

const now = new Date('2026-06-03T04:00:00Z'); // a Wednesday, 12:00 in Shenzhen
const ask = (content: string) => classifyIntent([{ role: 'user', content }], { now });

describe('classifyIntent', () => {
  it.each([
    ['网传吃味精会致癌，是真的吗', 'rumour_check'],
    ['这周末有什么亲子科普活动', 'event_recommendation'],
    ['深圳自然博物馆在哪里', 'place_lookup'],
    ['怎么报名当科技志愿者', 'volunteer_info'],
    ['为什么天空是蓝色的', 'science_qa'],
    ['你好', 'smalltalk'],
    ['帮我推荐一只股票', 'out_of_scope'],
    ['有人晕倒了不省人事', 'urgent'],
  ])('%s → %s', (question, intent) => {
    expect(ask(question).intent).toBe(intent);
  });

  it('reads districts and time windows in the association time zone', () => {
    const result = ask('南山这周末有什么活动');
    expect(result.district).toBe('南山区');
    expect(result.time?.label).toBe('周末');
    expect(result.time?.from.toISOString()).toBe('2026-06-05T16:00:00.000Z'); // Saturday 00:00 +08:00
    expect(result.time?.to.toISOString()).toBe('2026-06-07T16:00:00.000Z');
  });

  it('resolves follow-ups against the previous question', () => {
    const result = classifyIntent(
      [
        { role: 'user', content: '有什么天文活动推荐？' },
        { role: 'assistant', content: '……' },
        { role: 'user', content: '离南山近的呢？' },
      ],
      { now },
    );
    expect(result).toMatchObject({ intent: 'event_recommendation', followUp: true, district: '南山区' });
    expect(result.query).toContain('天文');
  });

  it('routes English questions and reads their slots', () => {
    const ask = (content: string) => classifyIntent([{ role: 'user', content }], { now });
    expect(ask('Is it true that overnight tea causes cancer?').intent).toBe('rumour_check');
    expect(ask('How can I volunteer at a science event?').intent).toBe('volunteer_info');
    expect(ask('Where is the Shenzhen Science Museum?').intent).toBe('place_lookup');
    expect(ask('Any astronomy events in Nanshan next weekend?')).toMatchObject({
      intent: 'event_recommendation',
      district: '南山区',
      time: { label: '下周末' },
    });
    expect(ask('Thank you!').intent).toBe('smalltalk');
    expect(ask('Which stocks should I buy?').intent).toBe('out_of_scope');
    expect(ask('How many bones does a human have?').intent).toBe('science_qa');
  });
});
