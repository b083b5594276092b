import { afterEach, describe, expect, it } from 'vitest';
import { Kepu } from '../index.js';
import { sendJson, startTestServer, type TestServer } from '../test/http-server.js';

// Request ids and headers of successful answers: `.withResponse()` and `_request_id`, as in openai-node.

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers every request with `body(n)` and the request id `req_<n>`, plus a header a caller may want. */
async function serve(body: (url: string, n: number) => unknown) {
  server = await startTestServer((req, res, n) =>
    sendJson(res, 200, body(req.url, n), { 'x-request-id': `req_${n}`, 'ratelimit-remaining': '41' }),
  );
  return new Kepu({ baseURL: server.url, apiKey: 'sk_test' });
}

describe('a successful answer', () => {
  it('awaits to the same data as before, with a hidden _request_id', async () => {
    const kepu = await serve(() => ({ status: 'ok' }));
    const health = await kepu.health.live();
    expect(health).toEqual({ status: 'ok' });
    expect(health._request_id).toBe('req_0');
    expect(JSON.stringify(health)).toBe('{"status":"ok"}');
    expect(Object.keys(health)).toEqual(['status']);
  });

  it('gives the raw response and request id with withResponse(), from the one request', async () => {
    const kepu = await serve(() => ({ status: 'ok' }));
    const call = kepu.health.live();
    expect(call).toBeInstanceOf(Promise);
    const [{ data, response, requestId }, awaited] = await Promise.all([call.withResponse(), call]);
    expect(data).toEqual({ status: 'ok' });
    expect(awaited).toBe(data);
    expect(requestId).toBe('req_0');
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-remaining')).toBe('41');
    expect(server?.requests).toHaveLength(1);
  });

  it('sends the request at once, even if never awaited', async () => {
    const kepu = await serve(() => ({ status: 'ok' }));
    void kepu.health.live();
    await expect.poll(() => server?.requests.length).toBe(1);
  });

  it('works for text answers (no _request_id on a string)', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/calendar', 'x-request-id': 'req_ics' });
      res.end('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    });
    const kepu = new Kepu({ baseURL: server.url });
    const { data, requestId, response } = await kepu.events.feed().withResponse();
    expect(data).toBe('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    expect(requestId).toBe('req_ics');
    expect(response.headers.get('content-type')).toBe('text/calendar');
  });

  it('rejects withResponse() with the same typed error as await', async () => {
    server = await startTestServer((_req, res) =>
      sendJson(res, 404, { error: { code: 'not_found', message: 'No event evt_x.', requestId: 'req_404' } }),
    );
    const call = new Kepu({ baseURL: server.url }).events.retrieve('evt_x');
    await expect(call.withResponse()).rejects.toMatchObject({ name: 'NotFoundError', requestId: 'req_404' });
    await expect(call).rejects.toMatchObject({ name: 'NotFoundError', requestId: 'req_404' });
  });
});

describe('a list', () => {
  const page = (url: string) =>
    url.includes('cursor=c2')
      ? { data: [{ id: 'k3' }], nextCursor: null }
      : { data: [{ id: 'k1' }, { id: 'k2' }], nextCursor: 'c2' };

  it('gives the first page with its response, and each page its _request_id', async () => {
    const kepu = await serve(page);
    const list = kepu.keys.list({ limit: 2 });
    const { data: first, response, requestId } = await list.withResponse();
    expect(first.data.map((k) => k.id)).toEqual(['k1', 'k2']);
    expect(requestId).toBe('req_0');
    expect(first._request_id).toBe('req_0');
    expect(response.headers.get('ratelimit-remaining')).toBe('41');
    expect((await list)._request_id).toBe('req_0'); // the same first page, not fetched again
    const second = await first.getNextPage();
    expect(second._request_id).toBe('req_1');
    const ids: string[] = [];
    for await (const key of list) ids.push(key.id);
    expect(ids).toEqual(['k1', 'k2', 'k3']);
    expect(server?.requests).toHaveLength(3);
  });
});
