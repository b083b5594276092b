import { ErrorEnvelope, type VolunteerRegistration } from '@kepu/sdk/schema';
import { eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../../db/create-database.js';
import { volunteers } from '../../db/schema/volunteers.js';
import type { createTestApp } from '../../test/app.js';

type TestApp = ReturnType<typeof createTestApp>['app'];

export const CONSENT = { agreed: true, noticeVersion: 'volunteer-privacy-2026-01' } as const;

let serial = 0;
/** A fresh mobile in the 1700000xxxx demo/test range for each call. */
export function testMobile(): string {
  serial += 1;
  return `1700000${String(serial % 10_000).padStart(4, '0')}`;
}

export function registration(overrides: Partial<VolunteerRegistration> = {}): VolunteerRegistration {
  return {
    name: '测试志愿者',
    mobile: testMobile(),
    birthDate: '1990-05-17',
    district: '南山区',
    skills: ['astronomy'],
    roles: ['science_volunteer'],
    consent: { ...CONSENT },
    ...overrides,
  };
}

export function post(app: TestApp, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Registers through the API with a client key and returns the id and self-service token. */
export async function register(
  app: TestApp,
  clientAuth: Record<string, string>,
  overrides: Partial<VolunteerRegistration> = {},
): Promise<{ id: string; token: string; mobile: string }> {
  const body = registration(overrides);
  const res = await post(app, '/v1/volunteers', body, clientAuth);
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${await res.text()}`);
  const json = (await res.json()) as { volunteer: { id: string }; volunteerToken: string };
  return { id: json.volunteer.id, token: json.volunteerToken, mobile: String(body.mobile) };
}

/** Activates volunteers directly (review is tested on its own through the API). */
export async function activate(database: Database, ids: string[]): Promise<void> {
  if (ids.length === 1) {
    await database.db
      .update(volunteers)
      .set({ status: 'active' })
      .where(eq(volunteers.id, ids[0] ?? ''));
  } else {
    await database.db.update(volunteers).set({ status: 'active' }).where(inArray(volunteers.id, ids));
  }
}

/** An opportunity with one shift through the staff API; returns their ids. */
export async function opportunityWithShift(
  app: TestApp,
  staffAuth: Record<string, string>,
  shift: { startsAt: string; endsAt: string; slots: number; requiredSkills?: string[] },
): Promise<{ opportunityId: string; shiftId: string }> {
  const opp = await post(app, '/v1/opportunities', { title: '科技馆周末讲解', district: '南山区' }, staffAuth);
  if (opp.status !== 201) throw new Error(`opportunity failed: ${opp.status} ${await opp.text()}`);
  const { id: opportunityId } = (await opp.json()) as { id: string };
  const res = await post(
    app,
    `/v1/opportunities/${opportunityId}/shifts`,
    { place: '深圳科技馆 1 号厅', ...shift },
    staffAuth,
  );
  if (res.status !== 201) throw new Error(`shift failed: ${res.status} ${await res.text()}`);
  const { id: shiftId } = (await res.json()) as { id: string };
  return { opportunityId, shiftId };
}

export const inMinutes = (minutes: number, from = Date.now()) => new Date(from + minutes * 60_000).toISOString();

/** Reads a JSON response and checks it against the SDK contract, so tests prove the shape too. */
export async function read<T extends z.ZodType>(res: Response, schema: T): Promise<z.output<T>> {
  const json: unknown = await res.json();
  return schema.parse(json);
}

/** The `error` of an error envelope. */
export async function errorOf(res: Response) {
  return (await read(res, ErrorEnvelope)).error;
}
