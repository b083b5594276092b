// Lists upcoming events, checks a rumour and streams an answer from the Kepu API.
//   KEPU_BASE_URL=http://localhost:8787 KEPU_API_KEY=sk_… pnpm --filter @kepu/example-node-sdk start
import { APIError, Kepu } from '@kepu/sdk';

const kepu = new Kepu(); // reads KEPU_API_KEY and KEPU_BASE_URL

console.log('## 近期科普活动 (upcoming events)');
let shown = 0;
for await (const event of kepu.events.list({ limit: 20 })) {
  const when = event.nextOccurrence?.startsAt ?? event.startsAt;
  console.log(
    `- ${when.slice(0, 16).replace('T', ' ')}  ${event.title}${event.district ? `（${event.district}）` : ''}`,
  );
  if (++shown === 5) break; // the iterator fetches further pages only if we keep going
}
if (shown === 0) console.log('（暂无活动）');

console.log('\n## 谣言核查 (rumour check)');
const forwarded = '转发！听说喝隔夜茶会致癌，是真的吗？';
try {
  const { decision, matches } = await kepu.rumours.check({ text: forwarded });
  const [best] = matches;
  if (decision === 'match' && best) console.log(`${best.claim} → ${best.ratingLabel}：${best.explanation}`);
  else if (decision === 'possible') console.log(`可能相关：${matches.map((m) => m.claim).join('；')}`);
  else console.log('暂无经专家审核的结论，已转交专家。');
} catch (error) {
  if (!(error instanceof APIError)) throw error;
  console.log(`无法核查：${error.status} ${error.code} ${error.message} (request ${error.requestId})`);
}

console.log('\n## 流式回答 (streamed answer)');
const stream = await kepu.assistant.chat({
  messages: [{ role: 'user', content: '深圳哪里可以看星星？' }],
  stream: true,
});
for await (const event of stream) {
  if (event.event === 'delta') process.stdout.write(event.data.text);
  if (event.event === 'citation') process.stdout.write(`\n  [${event.data.n}] ${event.data.title}`);
}
const answer = await stream.finalMessage();
console.log(`\n(${answer.intent}, ${answer.citations.length} citations, message ${answer.messageId})`);
