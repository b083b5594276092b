import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './server.js';
import { memoryLogger, testConfig } from './test/app.js';
import { type PgliteTcpServer, startPgliteTcpServer } from './test/database.js';

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}

describe('database outage while serving (pg over TCP)', () => {
  let tcp: PgliteTcpServer;
  let server: RunningServer;
  beforeAll(async () => {
    tcp = await startPgliteTcpServer();
    server = await startServer({
      config: testConfig({ DATABASE_URL: tcp.url, PORT: '0', HOST: '127.0.0.1' }),
      logger: memoryLogger(),
    });
  });
  afterAll(async () => {
    await server.close();
    await tcp.close();
  });

  it('reports 503 with Retry-After while the database is down and recovers by itself', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    await tcp.stop();

    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect(await ready.json()).toMatchObject({ status: 'unavailable', database: { ok: false } });

    // Any API call that needs the database (here: key lookup) answers 503, not 500.
    const api = await fetch(`${server.url}/v1/anything`, {
      headers: { authorization: 'Bearer sk_00000000000000000000000000' },
    });
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    expect(await api.json()).toMatchObject({ error: { code: 'service_unavailable' } });

    await tcp.start();
    await waitFor(async () => (await fetch(`${server.url}/readyz`)).status === 200);
    const after = await fetch(`${server.url}/v1/anything`, {
      headers: { authorization: 'Bearer sk_00000000000000000000000000' },
    });
    expect(after.status).toBe(401);
  });
});

describe('listening and shutting down', () => {
  it('explains a port that is already in use', async () => {
    const first = await startServer({ config: testConfig({ PORT: '0', HOST: '127.0.0.1' }), logger: memoryLogger() });
    try {
      const error = await startServer({
        config: testConfig({ PORT: String(first.port), HOST: '127.0.0.1' }),
        logger: memoryLogger(),
      }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(
        new RegExp(`Port ${first.port} .*already in use.*PORT=${first.port + 1}`),
      );
    } finally {
      await first.close();
    }
  });

  it('builds the claim index at start, so no citizen waits for it on the first check', async () => {
    const logger = memoryLogger();
    const server = await startServer({
      config: testConfig({ PORT: '0', HOST: '127.0.0.1' }),
      logger,
      demo: true,
    });
    try {
      const ready = () => logger.lines.find((l) => l.msg === 'claim index ready');
      await waitFor(async () => ready() !== undefined);
      // The demo data's reviewed rumours (at least 40).
      expect(ready()?.entries).toBeGreaterThanOrEqual(40);
    } finally {
      await server.close();
    }
  });

  it('drains in-flight requests on close, then refuses new connections', async () => {
    const server = await startServer({ config: testConfig({ PORT: '0', HOST: '127.0.0.1' }), logger: memoryLogger() });
    // A large response still being read when close() is called must arrive whole.
    const res = await fetch(`${server.url}/docs/assets/scalar-standalone.js`);
    expect(res.status).toBe(200);
    const expected = Number(res.headers.get('content-length'));
    const closing = server.close();
    const body = await res.arrayBuffer();
    expect(body.byteLength).toBe(expected);
    await closing;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
