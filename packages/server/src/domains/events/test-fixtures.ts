import type { EventCreate } from '@kepu/sdk/schema';
import type { Database } from '../../db/create-database.js';
import { createTestApp } from '../../test/app.js';
import { createTestKey } from '../../test/database.js';

/** The app with rate limits off (tests fire hundreds of requests from one key) plus a staff and a citizen key. */
export async function eventsTestKit(database: Database) {
  const { app } = createTestApp(database, {
    KEPU_RATE_LIMIT_STORE: 'off',
    KEPU_PUBLIC_URL: 'https://kepu.example.org',
  });
  const staff = await createTestKey(database, { scopes: ['events:write', 'registrations:read', 'stats:read'] });
  const citizen = await createTestKey(database, { kind: 'publishable', origins: ['https://partner.example.org'] });
  const citizenHeaders = { ...citizen.auth, origin: 'https://partner.example.org', 'content-type': 'application/json' };
  const staffHeaders = { ...staff.auth, 'content-type': 'application/json' };

  async function createEvent(input: Partial<EventCreate> & Pick<EventCreate, 'startsAt' | 'endsAt'>) {
    const res = await app.request('/v1/events', {
      method: 'POST',
      headers: staffHeaders,
      body: JSON.stringify({ title: '测试活动', type: 'lecture', ...input }),
    });
    const body = (await res.json()) as { id: string; occurrences: { id: string; startsAt: string }[] };
    if (res.status !== 201) throw new Error(`createEvent failed: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  function register(
    eventId: string,
    occurrenceId: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    return app.request(`/v1/events/${eventId}/occurrences/${occurrenceId}/registrations`, {
      method: 'POST',
      headers: { ...citizenHeaders, ...headers },
      body: JSON.stringify(body),
    });
  }

  return { app, staff, citizen, staffHeaders, citizenHeaders, createEvent, register };
}

/** A date `days` from now at `hh:mm` Shanghai time, as ISO with offset. */
export function shanghai(days: number, hhmm = '14:30'): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const local = new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  return `${local}T${hhmm}:00+08:00`;
}

/** Distinct valid mobile numbers. */
export const mobile = (i: number) => `139${String(10_000_000 + i).slice(-8)}`;
