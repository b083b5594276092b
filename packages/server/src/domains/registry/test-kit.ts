import type { Database } from '../../db/create-database.js';
import { createTestApp } from '../../test/app.js';
import { createTestKey } from '../../test/database.js';

/** An app and the keys the registry tests act with: a partner (submitter), staff of the association, a reviewer of the partner's own organisation. */
export async function registryTestKit(database: Database, env: Record<string, string> = {}) {
  const { app } = createTestApp(database, env);
  const partner = await createTestKey(database, { kind: 'secret', scopes: [] });
  const staff = await createTestKey(database, {
    kind: 'secret',
    scopes: ['registry:review', 'registry:write', 'stats:read'],
  });
  const partnerReviewer = await createTestKey(database, {
    kind: 'secret',
    scopes: ['registry:review'],
    organizationId: partner.organizationId,
  });
  const headers = (auth: { authorization: string }) => ({ ...auth, 'content-type': 'application/json' });
  const call = (method: string, path: string, auth?: { authorization: string }, body?: unknown) =>
    app.request(path, {
      method,
      headers: auth ? headers(auth) : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { app, partner, staff, partnerReviewer, call };
}

/** A valid submission; override any field. */
export function sampleSubmission(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'venue',
    name: '深圳市科学馆',
    description: '深圳市科学技术协会所属的综合性科普场馆，设有常设展览与科普讲座。',
    location: { address: '深圳市福田区上步中路1003号', district: '福田', lat: 22.5436, lng: 114.0893 },
    openingHours: '周二至周日 09:00-17:00；周一闭馆',
    topics: ['信息技术', '航空航天'],
    audience: { groups: ['青少年'], ageMin: 6 },
    ...overrides,
  };
}
