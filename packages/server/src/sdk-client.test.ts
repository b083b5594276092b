import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  type Fetch,
  Kepu,
  NotFoundError,
  PermissionDeniedError,
  UnprocessableEntityError,
} from '@kepu/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './db/create-database.js';
import { upsertKnowledge } from './domains/assistant/knowledge.js';
import { FIXTURE_DOCUMENTS } from './domains/assistant/test-fixtures.js';
import { rumoursSeeder } from './domains/rumours/seed.js';
import { runSeeders } from './seed/run-seeders.js';
import { type RunningServer, startServer } from './server.js';
import { createTestApp, memoryLogger, testConfig } from './test/app.js';
import { createTestDatabase, createTestKey, resetDatabase } from './test/database.js';

// The typed client against the real server: in-process (fetch = app.request) and over real HTTP.

const SITE = 'https://partner.example.org';

let database: Database;
let fetchApp: Fetch;
beforeAll(async () => {
  database = await createTestDatabase();
  const { app } = createTestApp(database, { KEPU_RATE_LIMIT_STORE: 'off' });
  fetchApp = async (url, init) => app.request(url, init);
});
beforeEach(async () => {
  await resetDatabase(database);
});
afterAll(async () => {
  await database.close();
});

/** What the assistant answers from: the reviewed rumour entries (demo set) and the assistant's test knowledge. */
async function seedAssistant(target: Database) {
  await runSeeders([rumoursSeeder], { db: target.db, now: new Date(), logger: memoryLogger() });
  for (const doc of FIXTURE_DOCUMENTS) await upsertKnowledge(target.db, doc);
}

/** Awaits a call that must fail, checks the error's class and returns it typed. */
async function rejection<E extends Error>(call: PromiseLike<unknown>, type: abstract new (...args: never[]) => E) {
  const error = await Promise.resolve(call).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

const client = (apiKey: string | null, extra: Partial<ConstructorParameters<typeof Kepu>[0]> = {}) =>
  new Kepu({ apiKey, baseURL: 'http://kepu.test', fetch: fetchApp, maxRetries: 0, ...extra });

describe('the SDK in-process', () => {
  it('lets browsers send every header the client sends (CORS preflight)', async () => {
    const res = await fetchApp('http://kepu.test/v1/assistant/chat', {
      method: 'OPTIONS',
      headers: {
        origin: SITE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key,x-volunteer-token',
      },
    });
    expect(res.status).toBe(204);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(allowed).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'x-volunteer-token']),
    );
  });

  it('reads health and readiness', async () => {
    const kepu = client(null);
    expect(await kepu.health.live()).toEqual({ status: 'ok' });
    expect(await kepu.health.ready()).toMatchObject({ status: 'ready', database: { ok: true } });
  });

  it('creates, lists (every page) and revokes keys as an admin', async () => {
    const admin = await createTestKey(database, { scopes: ['admin'] });
    const kepu = client(admin.token);
    const created = [];
    for (const name of ['科技馆官网', '少年宫小程序', '区科协门户']) {
      created.push(
        await kepu.keys.create({
          organizationId: admin.organizationId,
          name,
          kind: 'publishable',
          allowedOrigins: [SITE],
        }),
      );
    }
    expect(created[0]?.token).toMatch(/^pk_/);

    const firstPage = await kepu.keys.list({ limit: 2 });
    expect(firstPage.data).toHaveLength(2);
    expect(firstPage.hasNextPage()).toBe(true);
    const names: string[] = [];
    for await (const key of kepu.keys.list({ limit: 2 })) names.push(key.name);
    expect(names.sort()).toEqual(['test', '区科协门户', '少年宫小程序', '科技馆官网'].sort());

    const id = created[0]?.key.id ?? '';
    const revoked = await kepu.keys.revoke(id, { reason: '网站改版' });
    expect(revoked.revokedAt).not.toBeNull();
    await expect(kepu.keys.revoke('key_missing')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('replays a retried POST: the same Idempotency-Key creates one key', async () => {
    const admin = await createTestKey(database, { scopes: ['admin'] });
    const kepu = client(admin.token);
    const body = { organizationId: admin.organizationId, name: '重试', kind: 'secret' as const, scopes: [] };
    const first = await kepu.keys.create(body, { idempotencyKey: 'create-once' });
    const again = await kepu.keys.create(body, { idempotencyKey: 'create-once' });
    expect(again.key.id).toBe(first.key.id);
    const all = [];
    for await (const key of kepu.keys.list()) all.push(key);
    expect(all.filter((k) => k.name === '重试')).toHaveLength(1);
  });

  it('turns the server’s error envelopes into typed errors', async () => {
    const admin = await createTestKey(database, { scopes: ['admin'] });
    const invalid = await rejection(
      client(admin.token).keys.create({ organizationId: admin.organizationId, name: '无来源', kind: 'publishable' }),
      BadRequestError,
    );
    expect(invalid.code).toBe('invalid_request');
    expect(invalid.details).toContainEqual(expect.objectContaining({ path: 'body.allowedOrigins' }));
    expect(invalid.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const unknownKey = await rejection(client(`sk_${'0'.repeat(30)}`).keys.list(), AuthenticationError);
    expect(unknownKey.status).toBe(401);

    const staff = await createTestKey(database, { scopes: ['events:write'] });
    await expect(client(staff.token).keys.list()).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it('exchanges a publishable key for a widget session and uses it from the same origin', async () => {
    const pk = await createTestKey(database, { kind: 'publishable', origins: [SITE] });
    const fromSite = { defaultHeaders: { origin: SITE } }; // a browser sends Origin by itself
    const session = await client(pk.token, fromSite).sessions.create();
    expect(session).toMatchObject({ token: expect.stringMatching(/^st_/), origin: SITE });
    // A session may not do staff work; the server says so with a typed error.
    await expect(client(session.token, fromSite).keys.list()).rejects.toBeInstanceOf(PermissionDeniedError);
    const elsewhere = await rejection(
      client(session.token, { defaultHeaders: { origin: 'https://elsewhere.example' } }).keys.list(),
      PermissionDeniedError,
    );
    expect(elsewhere.message).toContain(`belongs to origin ${SITE}`);
  });
});

describe('events and registrations through the SDK', () => {
  /** Tomorrow-plus-`days` at 14:30 Shanghai time. */
  const at = (days: number, hhmm = '14:30') => {
    const day = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    return `${day}T${hhmm}:00+08:00`;
  };

  it('creates, finds, updates and exports an event; a citizen registers, reads and cancels', async () => {
    const staff = client((await createTestKey(database, { scopes: ['events:write', 'stats:read'] })).token);
    const pk = await createTestKey(database, { kind: 'publishable', origins: [SITE] });
    const citizen = client(pk.token, { defaultHeaders: { origin: SITE } });

    const created = await staff.events.create({
      title: '走进天文台：观星夜',
      type: 'lecture',
      district: '南山区',
      topics: ['天文'],
      startsAt: at(3, '19:00'),
      endsAt: at(3, '21:00'),
      capacity: 30,
    });
    await staff.events.create({ title: '机器人工作坊', type: 'workshop', startsAt: at(5), endsAt: at(5, '16:30') });
    const titles: string[] = [];
    for await (const event of citizen.events.list({ limit: 1 })) titles.push(event.title);
    expect(titles).toEqual(['走进天文台：观星夜', '机器人工作坊']);
    expect((await citizen.events.list({ district: '南山区' })).data.map((e) => e.id)).toEqual([created.id]);
    expect((await citizen.events.list({ free: true })).data).toHaveLength(2);
    expect((await citizen.events.list({ free: false })).data).toHaveLength(0);

    const updated = await staff.events.update(created.id, { title: '走进天文台：观星之夜' });
    expect(updated.title).toBe('走进天文台：观星之夜');
    const detail = await citizen.events.retrieve(created.id);
    const occurrenceId = detail.occurrences[0]?.id ?? '';
    expect(await citizen.events.calendar(created.id)).toMatch(/^BEGIN:VCALENDAR[\s\S]*观星之夜/);
    expect(await citizen.events.feed({ district: '南山区' })).toContain('BEGIN:VEVENT');

    const registration = await citizen.registrations.create(created.id, occurrenceId, {
      name: '张小明',
      mobile: '13812345678',
    });
    expect(registration.status).toBe('confirmed');
    const read = await citizen.registrations.retrieve(registration.id, { token: registration.cancelToken });
    expect(read.mobile).not.toContain('12345678'); // masked for the citizen's own key
    const cancelled = await citizen.registrations.cancel(registration.id, { token: registration.cancelToken });
    expect(cancelled.status).toBe('cancelled');
    await expect(citizen.registrations.retrieve(registration.id, { token: 'wrong-token' })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );

    const stats = await staff.stats.events();
    expect(stats).toBeTypeOf('object');
    await expect(citizen.events.retrieve('evt_missing')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('public reads of every domain through the SDK', () => {
  it('lists and verifies without a key; checks a rumour with one', async () => {
    await runSeeders([rumoursSeeder], { db: database.db, now: new Date(), logger: memoryLogger() });
    const kepu = client(null);
    await rejection(kepu.rumours.check({ text: '隔夜茶会致癌' }), AuthenticationError); // checks need a key
    const check = await client((await createTestKey(database)).token).rumours.check({
      text: '转发！隔夜茶会致癌，千万别喝！',
    });
    expect(check.decision).toBe('match');
    expect(check.matches[0]).toMatchObject({ rating: 'false', ratingLabel: '谣言' });
    const entries = [];
    for await (const entry of kepu.rumours.list({ limit: 2 })) entries.push(entry);
    expect(entries.length).toBeGreaterThan(2); // more than one page, walked through
    const first = entries[0];
    expect((await kepu.rumours.retrieve(first?.id ?? '')).claim).toBe(first?.claim);
    const experts = await kepu.experts.list();
    expect(experts.data.length).toBeGreaterThan(0);
    expect((await kepu.experts.retrieve(experts.data[0]?.id ?? '')).id).toBe(experts.data[0]?.id);

    // Empty domains answer empty pages, typed.
    for (const page of await Promise.all([
      kepu.resources.list(),
      kepu.routes.list(),
      kepu.designations.list(),
      kepu.opportunities.list(),
      kepu.lecturers.list(),
    ])) {
      expect(page).toMatchObject({ data: [], nextCursor: null });
    }
    expect(await kepu.taxonomies.retrieve()).toBeTypeOf('object');
    expect(await kepu.stats.volunteers()).toBeTypeOf('object');
    await rejection(kepu.certificates.verify('NO-SUCH-CODE'), NotFoundError);
    await rejection(kepu.routes.retrieve('rte_missing'), NotFoundError);
  });
});

describe('volunteers through the SDK', () => {
  it('registers, serves the volunteer with their own token, and signs them up for a shift', async () => {
    const site = client((await createTestKey(database)).token);
    const staff = client((await createTestKey(database, { scopes: ['volunteers:write'] })).token);
    const { volunteer, volunteerToken } = await site.volunteers.register({
      name: '李科普',
      mobile: '17000009901',
      birthDate: '1990-05-17',
      district: '南山区',
      skills: ['astronomy'],
      roles: ['science_volunteer'],
      consent: { agreed: true, noticeVersion: 'volunteer-privacy-2026-01' },
    });
    const me = await site.volunteers.me.retrieve(volunteerToken);
    expect(me).toMatchObject({ id: volunteer.id, name: '李科普', mobile: expect.stringContaining('17000009901') });
    await rejection(site.volunteers.me.retrieve('not-a-token'), AuthenticationError);
    expect((await staff.volunteers.retrieve(volunteer.id)).name).not.toBe('李科普'); // masked for staff
    await staff.volunteers.setStatus(volunteer.id, { status: 'active' });

    const opportunity = await staff.opportunities.create({ title: '科技馆周末讲解', district: '南山区' });
    const startsAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const endsAt = new Date(Date.now() + 3 * 86_400_000 + 3 * 3_600_000).toISOString();
    const shift = await staff.opportunities.addShift(opportunity.id, { place: '1 号厅', startsAt, endsAt, slots: 2 });
    const assignment = await site.shifts.signUp(shift.id, volunteerToken);
    expect(assignment).toMatchObject({ status: expect.any(String) });
    expect((await site.opportunities.retrieve(opportunity.id)).id).toBe(opportunity.id);
    const cancelled = await site.assignments.cancel(assignment.id, { volunteerToken });
    expect(cancelled.status).toBe('cancelled');
  });
});

describe('uploads through the SDK', () => {
  it('imports JSONL given as text, bytes or a Blob, all-or-nothing, and reports bad rows as a typed error', async () => {
    const writer = client((await createTestKey(database, { scopes: ['rumours:write', 'rumours:review'] })).token);
    const line = (externalId: string, rating: string) =>
      JSON.stringify({ externalId, claim: `传言 ${externalId}`, rating, explanation: '经核实不实。' });

    const bad = await rejection(
      writer.rumours.import(`${line('sdk-1', 'false')}\n${line('sdk-2', 'fake')}`, { format: 'jsonl' }),
      UnprocessableEntityError,
    );
    expect(JSON.stringify(bad.details)).toContain('rating');

    const report = await writer.rumours.import(new TextEncoder().encode(line('sdk-1', 'false')), {
      format: 'jsonl',
      publish: true, // a boolean is sent as the text flag the server parses
    });
    expect(report).toBeTypeOf('object');
    await writer.rumours.import(new Blob([line('sdk-3', 'misleading')], { type: 'application/x-ndjson' }), {
      publish: 'true',
    });
    const published = (await client(null).rumours.list()).data.map((e) => e.externalId);
    expect(published.sort()).toEqual(['sdk-1', 'sdk-3']);
  });
});

describe('the assistant through the SDK', () => {
  const question = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

  it('streams a rumour check as typed events and assembles the same answer the JSON call gives', async () => {
    await seedAssistant(database);
    const kepu = client((await createTestKey(database)).token);

    const stream = await kepu.assistant.chat({ ...question('听说喝隔夜茶会致癌，是真的吗？'), stream: true });
    const names: string[] = [];
    let card: unknown;
    for await (const event of stream) {
      names.push(event.event);
      if (event.event === 'card') card = event.data;
    }
    expect(names[0]).toBe('meta');
    expect(names.at(-1)).toBe('done');
    expect(names).toContain('delta');
    expect(card).toMatchObject({ type: 'rumour', rating: 'false', ratingLabel: '谣言' });
    const streamed = await stream.finalMessage();
    expect(streamed.intent).toBe('rumour_check');
    expect(streamed.answer).toContain('谣言');
    expect(streamed.citations[0]).toMatchObject({ n: 1, type: 'rumour' });

    const whole = await kepu.assistant.chat(question('听说喝隔夜茶会致癌，是真的吗？'));
    expect({ ...whole, conversationId: '', messageId: '' }).toEqual({
      ...streamed,
      conversationId: '',
      messageId: '',
    });

    expect(await kepu.assistant.feedback(streamed.messageId, { rating: 'up' })).toBeTypeOf('object');
    expect((await kepu.assistant.suggestions()).data).toBeInstanceOf(Array);
  });

  it('refuses a chat without a key with a typed error', async () => {
    const error = await rejection(
      client(null).assistant.chat({ ...question('你好'), stream: true }),
      AuthenticationError,
    );
    expect(error.code).toBe('unauthorized');
  });
});

describe('the SDK over HTTP', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ config: testConfig({ PORT: '0', HOST: '127.0.0.1' }), logger: memoryLogger() });
  });
  afterAll(async () => {
    await server.close();
  });

  it('talks to a started server with the global fetch', async () => {
    const admin = await createTestKey(server.database, { scopes: ['admin'] });
    const kepu = new Kepu({ apiKey: admin.token, baseURL: server.url });
    expect(await kepu.health.ready()).toMatchObject({ status: 'ready' });
    const { key } = await kepu.keys.create({ organizationId: admin.organizationId, name: '经由 HTTP', scopes: [] });
    const page = await kepu.keys.list();
    expect(page.data.map((k) => k.id)).toContain(key.id);
  });

  it('retries a POST whose answer was lost on the way back; the server replays it instead of creating twice', async () => {
    const admin = await createTestKey(server.database, { scopes: ['admin'] });
    // A proxy in front of the real server that loses the first answer to a POST after the server has acted on it.
    let lost = 0;
    const replayed: (string | null)[] = [];
    const proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const upstream = await fetch(`${server.url}${req.url}`, {
        method: req.method,
        headers: Object.fromEntries(
          Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
        ),
        body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      if (req.method === 'POST' && lost++ === 0) return void res.socket?.destroy();
      replayed.push(upstream.headers.get('idempotent-replayed'));
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const kepu = new Kepu({
        apiKey: admin.token,
        baseURL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      });
      const { key } = await kepu.keys.create({ organizationId: admin.organizationId, name: '只建一次', scopes: [] });
      expect(lost).toBe(2); // the first answer was lost, the retry got through
      expect(replayed).toEqual(['true']);
      const named = [];
      for await (const k of kepu.keys.list({ organizationId: admin.organizationId }))
        if (k.name === '只建一次') named.push(k.id);
      expect(named).toEqual([key.id]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('streams an answer over a real connection, and aborting it closes the stream', async () => {
    await seedAssistant(server.database);
    const kepu = new Kepu({ apiKey: (await createTestKey(server.database)).token, baseURL: server.url });
    const text = await (
      await kepu.assistant.chat({ messages: [{ role: 'user', content: '喝隔夜茶会致癌吗？' }], stream: true })
    ).text();
    expect(text).toContain('谣言');

    const controller = new AbortController();
    const stream = await kepu.assistant.chat(
      { messages: [{ role: 'user', content: '喝隔夜茶会致癌吗？' }], stream: true },
      { signal: controller.signal },
    );
    const seen: string[] = [];
    const stopped = await rejection(
      (async () => {
        for await (const event of stream) {
          seen.push(event.event);
          controller.abort();
        }
      })(),
      APIUserAbortError,
    );
    expect(seen).toEqual(['meta']);
    expect(stopped.message).toMatch(/aborted/);
  });
});
