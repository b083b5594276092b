import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kepu } from '@kepu/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertKnowledge } from './domains/assistant/knowledge.js';
import { FIXTURE_DOCUMENTS } from './domains/assistant/test-fixtures.js';
import { rumoursSeeder } from './domains/rumours/seed.js';
import { runSeeders } from './seed/run-seeders.js';
import { type RunningServer, startServer } from './server.js';
import { memoryLogger, testConfig } from './test/app.js';
import { createTestKey } from './test/database.js';

// examples/node-sdk/index.ts, run as a user would, against a started server holding a few events (created through
// the SDK), the demo rumour entries and the assistant's test knowledge.

const run = promisify(execFile);
const exampleDir = fileURLToPath(new URL('../../../examples/node-sdk/', import.meta.url));
const tsc = fileURLToPath(new URL('../../../node_modules/.bin/tsc', import.meta.url));

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    config: testConfig({ PORT: '0', HOST: '127.0.0.1', KEPU_RATE_LIMIT_STORE: 'off' }),
    logger: memoryLogger(),
  });
  const staff = new Kepu({
    apiKey: (await createTestKey(server.database, { scopes: ['events:write'] })).token,
    baseURL: server.url,
  });
  const day = (n: number) => new Date(Date.now() + n * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  await staff.events.create({
    title: '周末天文观星夜',
    type: 'lecture',
    district: '大鹏新区',
    startsAt: `${day(2)}T19:00:00+08:00`,
    endsAt: `${day(2)}T21:00:00+08:00`,
  });
  await staff.events.create({
    title: '少儿机器人编程工作坊',
    type: 'workshop',
    startsAt: `${day(4)}T14:30:00+08:00`,
    endsAt: `${day(4)}T16:30:00+08:00`,
  });
  for (const doc of FIXTURE_DOCUMENTS) await upsertKnowledge(server.database.db, doc);
  const logger = memoryLogger();
  await runSeeders([rumoursSeeder], { db: server.database.db, now: new Date(), logger });
});
afterAll(async () => {
  await server?.close();
});

describe('examples/node-sdk', () => {
  it('type-checks against the SDK', async () => {
    await expect(run(tsc, ['-p', exampleDir])).resolves.toBeDefined();
  }, 60_000);

  it('lists upcoming events, checks a rumour and streams an answer', async () => {
    const { token } = await createTestKey(server.database);
    const { stdout } = await run(process.execPath, ['--conditions=@kepu/source', '--import', 'tsx', 'index.ts'], {
      cwd: exampleDir,
      env: { ...process.env, KEPU_BASE_URL: server.url, KEPU_API_KEY: token },
      timeout: 60_000,
    });
    const [events = '', rumour = '', streamed = ''] = stdout.split(/\n## /).slice(0, 3);
    expect(events).toMatch(/^## 近期科普活动/);
    expect(events.split('\n').slice(1, 3)).toEqual([
      expect.stringMatching(/^- \d{4}-\d{2}-\d{2} 19:00 {2}周末天文观星夜（大鹏新区）$/),
      expect.stringMatching(/^- \d{4}-\d{2}-\d{2} 14:30 {2}少儿机器人编程工作坊$/),
    ]);
    expect(rumour).toMatch(/^谣言核查[^\n]*\n[^\n]*隔夜茶[^\n]* → 谣言：/);
    expect(streamed).toMatch(/^流式回答[\s\S]+\((\w+), \d+ citations, message msg_\w+\)\n$/);
  }, 90_000);
});
