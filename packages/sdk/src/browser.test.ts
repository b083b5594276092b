import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleClient } from './test/bundle-size.js';
import { sendJson, startTestServer, type TestServer } from './test/http-server.js';

// The client bundle in a real browser (Debian's chromium): web-standard fetch, streams and abort only.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SSE = [
  'event: meta\ndata: {"conversationId":"c1","messageId":"m1","intent":"science_qa"}\n\n',
  'event: delta\ndata: {"text":"月球"}\n\n',
  'event: delta\ndata: {"text":"绕地球转。"}\n\n',
  'event: done\ndata: {"followUps":[],"timings":{}}\n\n',
];

/** Runs in the page as a plain ES module (kept as text so the test runner does not transform it). */
const PAGE_SCRIPT = `
import { Kepu, KepuError, NotFoundError } from '/sdk.js';
try {
  const kepu = new Kepu({ baseURL: location.origin, apiKey: 'pk_0123456789abcdefghij' });
  const health = await kepu.health.live();
  const ready = await kepu.health.ready(); // two 503s first: retried
  const stream = await kepu.assistant.chat({ messages: [{ role: 'user', content: '月亮为什么绕地球转？' }], stream: true });
  const text = await stream.text();
  const notFound = await kepu.events.retrieve('evt_x').catch((e) => e);
  let secretRefused = '';
  try {
    new Kepu({ baseURL: location.origin, apiKey: 'sk_0123456789abcdefghij' });
  } catch (error) {
    secretRefused = error instanceof KepuError ? error.message : 'wrong error';
  }
  window.result = { health, ready, text, notFound: notFound instanceof NotFoundError ? notFound.code : String(notFound), secretRefused };
} catch (error) {
  window.result = { failure: String(error) };
}
`;

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  const { code } = await bundleClient();
  let readyCalls = 0;
  server = await startTestServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end('<!doctype html><title>sdk</title><script type="module" src="/run.js"></script>');
    }
    if (req.url === '/run.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return void res.end(PAGE_SCRIPT);
    }
    if (req.url === '/sdk.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return void res.end(code);
    }
    if (req.url === '/readyz' && ++readyCalls < 3) return void sendJson(res, 503, {}, { 'retry-after': '0' });
    if (req.url === '/healthz' || req.url === '/readyz') return void sendJson(res, 200, { status: 'ok' });
    if (req.url === '/v1/assistant/chat') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const next = () => {
        if (i === SSE.length) return void res.end();
        res.write(SSE[i++]);
        setTimeout(next, 20);
      };
      return void next();
    }
    sendJson(res, 404, { error: { code: 'not_found', message: 'No route.', requestId: 'r1' } });
  });
  if (existsSync(CHROMIUM)) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(!existsSync(CHROMIUM))('the client in a browser', () => {
  it('calls, retries, streams, types its errors and guards secret keys', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => 'result' in window, undefined, { timeout: 20_000 });
    const result = await page.evaluate(() => (window as unknown as { result: unknown }).result);
    expect(result).toEqual({
      health: { status: 'ok' },
      ready: { status: 'ok' },
      text: '月球绕地球转。',
      notFound: 'not_found',
      secretRefused: expect.stringContaining('must not be used in a browser'),
    });
    const readyCalls = server.requests.filter((r) => r.url === '/readyz');
    expect(readyCalls).toHaveLength(3);
    expect(server.requests.find((r) => r.url === '/v1/assistant/chat')?.headers['idempotency-key']).toMatch(/^kepu-/);
  }, 60_000);
});
