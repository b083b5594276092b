import { Kepu } from '@kepu/sdk';
import { readAdminKey } from '../lib/dev-keys.js';
import { startKepu } from '../lib/processes.js';
import type { Row } from '../lib/report.js';
import { percentile } from '../lib/stats.js';
import { apiThroughput } from './api-throughput.js';
import type { FigureContext } from './index.js';

/**
 * Figures 1, 3, 6 and 7 share one server process with the demo data: API throughput next to a bare Hono endpoint,
 * assistant time to first SSE byte, registration under contention, and memory.
 */
export async function apiFigures(context: FigureContext): Promise<Row[]> {
  const kepu = await startKepu();
  try {
    const adminKey = await readAdminKey(kepu.dataDir ?? '');
    const auth = { authorization: `Bearer ${adminKey}` };
    const rows: Row[] = [];
    await new Promise((r) => setTimeout(r, 2000)); // let start-up work settle before the idle reading
    const idleRss = kepu.rssMiB();

    context.log('API throughput');
    const load = context.quick ? { durationSec: 3, connections: 10 } : { durationSec: 10, connections: 20 };
    const throughput = await apiThroughput(
      kepu,
      [
        { name: 'GET /v1/events (filters)', path: `/v1/events?district=${encodeURIComponent('南山区')}&limit=20` },
        {
          name: 'GET /v1/resources?q= (Chinese)',
          path: `/v1/resources?q=${encodeURIComponent('青少年 天文 科普')}&limit=20`,
        },
        {
          name: 'POST /v1/rumours/check',
          path: '/v1/rumours/check',
          method: 'POST',
          body: JSON.stringify({ text: '转发：隔夜菜千万不能吃，会致癌！这是真的吗？', limit: 5 }),
          headers: auth,
        },
      ],
      load,
    );
    rows.push(...throughput.rows);
    rows.push(
      { figure: 'Memory', metric: 'server RSS idle (demo data)', ours: idleRss, unit: 'MiB' },
      {
        figure: 'Memory',
        metric: 'server RSS peak under load',
        ours: throughput.peakRssMiB,
        baseline: idleRss,
        baselineName: 'idle',
        unit: 'MiB',
      },
    );

    context.log('assistant first byte');
    rows.push(...(await assistantLatency(kepu.url, auth, context.quick ? 20 : 60)));

    context.log('registration contention');
    rows.push(...(await contention(kepu.url, adminKey, context.quick ? 200 : 500, context.quick ? 40 : 100)));
    return rows;
  } finally {
    await kepu.stop();
  }
}

const QUESTIONS = [
  '隔夜菜会致癌吗？',
  '周末南山有什么适合9岁孩子的科普活动？',
  '深圳科学馆在哪里，几点开门？',
  '怎么报名成为科技志愿者？',
  '喝隔夜茶对身体有害吗',
  '深圳有哪些天文科普场所？',
];

/** Figure 3: time to first SSE byte and to `done`, streamed over real HTTP, offline composer. */
async function assistantLatency(url: string, auth: Record<string, string>, n: number): Promise<Row[]> {
  const first: number[] = [];
  const done: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < n; i++) {
    const question = QUESTIONS[i % QUESTIONS.length] as string;
    const started = performance.now();
    const res = await fetch(`${url}/v1/assistant/chat`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ messages: [{ role: 'user', content: question }], stream: true }),
    });
    if (!res.ok || !res.body) throw new Error(`assistant chat answered ${res.status}: ${await res.text()}`);
    const reader = res.body.getReader();
    let sawFirst = false;
    let text = '';
    for (;;) {
      const { value, done: end } = await reader.read();
      if (value && !sawFirst) {
        first.push(performance.now() - started);
        sawFirst = true;
      }
      if (value) text += new TextDecoder().decode(value);
      if (end) break;
    }
    if (!text.includes('event: done'))
      throw new Error(`stream for "${question}" ended without done: ${text.slice(-300)}`);
    done.push(performance.now() - started);
    const t0 = performance.now();
    await (await fetch(`${url}/healthz`)).text();
    floor.push(performance.now() - t0);
  }
  const figure = 'Assistant (offline, demo data)';
  return [
    {
      figure,
      metric: 'first SSE byte p50',
      ours: percentile(first, 50),
      baseline: percentile(floor, 50),
      baselineName: 'GET /healthz round trip',
      unit: 'ms',
    },
    {
      figure,
      metric: 'first SSE byte p95',
      ours: percentile(first, 95),
      baseline: 150,
      baselineName: 'target',
      unit: 'ms',
    },
    { figure, metric: 'done p50', ours: percentile(done, 50), unit: 'ms' },
    { figure, metric: 'done p95', ours: percentile(done, 95), unit: 'ms', note: `${n} questions` },
  ];
}

/** Figure 6: N concurrent registrations on one occurrence of capacity C, over HTTP, then the database's count. */
async function contention(url: string, adminKey: string, n: number, capacity: number): Promise<Row[]> {
  const kepu = new Kepu({ apiKey: adminKey, baseURL: url, maxRetries: 0 });
  const start = new Date(Date.now() + 7 * 86_400_000);
  const event = await kepu.events.create({
    title: '基准测试：报名并发',
    type: 'lecture',
    district: '福田区',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
    capacity,
    registration: { maxPartySize: 1, waitlist: true },
  });
  const occurrenceId = event.occurrences[0]?.id;
  if (!occurrenceId) throw new Error('the benchmark event has no occurrence');
  const latencies: number[] = [];
  let errors = 0;
  const results = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const t0 = performance.now();
      try {
        const r = await kepu.registrations.create(event.id, occurrenceId, {
          name: '基准',
          mobile: `1700000${String(i).padStart(4, '0')}`,
          partySize: 1,
        });
        return r.status;
      } catch {
        errors++;
        return 'error';
      } finally {
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const after = await kepu.events.retrieve(event.id);
  const occurrence = after.occurrences.find((o) => o.id === occurrenceId);
  const figure = `Registration contention (${n} concurrent, capacity ${capacity})`;
  return [
    {
      figure,
      metric: 'confirmed (database)',
      ours: occurrence?.seatsTaken ?? -1,
      baseline: capacity,
      baselineName: 'capacity: must equal',
    },
    {
      figure,
      metric: 'confirmed (responses)',
      ours: results.filter((s) => s === 'confirmed').length,
      baseline: capacity,
      baselineName: 'capacity',
    },
    {
      figure,
      metric: 'waitlisted',
      ours: results.filter((s) => s === 'waitlisted').length,
      baseline: n - capacity,
      baselineName: 'N − capacity',
    },
    { figure, metric: 'errors', ours: errors, baseline: 0, baselineName: 'must be 0' },
    { figure, metric: 'p99 latency', ours: percentile(latencies, 99), unit: 'ms' },
  ];
}
