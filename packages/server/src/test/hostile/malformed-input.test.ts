import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/create-database.js';
import { createTestApp } from '../app.js';
import { createTestDatabase, createTestKey } from '../database.js';
import {
  createChangeDetector,
  createResponseValidator,
  fillPath,
  HOSTILE_STRINGS,
  type JsonSchema,
  listOperations,
  loadOpenApi,
  type OpenApiDocument,
  type Operation,
  resolveRef,
  validValue,
} from '../openapi-operations.js';

// Hostile inputs over every operation of /openapi.json: SQL injection and other hostile strings in every field,
// parameter and path segment; oversized bodies and fields; deeply nested JSON; invalid UTF-8; wrong content types;
// replayed idempotency keys. Each must get a 4xx JSON error (or a normal answer), never a 5xx, and a rejected
// request must change nothing.

const BODY_LIMIT = 64 * 1024;
const SITE = 'https://www.partner.example';

let database: Database;
let app: ReturnType<typeof createTestApp>['app'];
let doc: OpenApiDocument;
let operations: Operation[];
let validator: ReturnType<typeof createResponseValidator>;
let changes: Awaited<ReturnType<typeof createChangeDetector>>;
let headersFor: (op: Operation) => Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ app } = createTestApp(database, { KEPU_BODY_LIMIT_BYTES: String(BODY_LIMIT) }));
  doc = await loadOpenApi(app);
  operations = listOperations(doc).filter((o) => o.path.startsWith('/v1/'));
  validator = createResponseValidator(doc);
  const admin = await createTestKey(database, { scopes: ['admin'] });
  const pk = await createTestKey(database, {
    kind: 'publishable',
    origins: [SITE],
    organizationId: admin.organizationId,
  });
  changes = await createChangeDetector(database);
  headersFor = (op) => (op.access?.level === 'publishable' ? { ...pk.auth, origin: SITE } : admin.auth);
});
afterAll(async () => {
  await database.close();
});

/** Sends a request and returns a problem description, or null when the invariants hold. */
async function probe(op: Operation, url: string, init: RequestInit, what: string): Promise<string | null> {
  await changes.changed(); // baseline
  const res = await app.request(url, {
    method: op.method.toUpperCase(),
    ...init,
    headers: { ...headersFor(op), ...(init.headers as Record<string, string>) },
  });
  const text = await res.text();
  const label = `${op.label} with ${what}`;
  if (res.status >= 500) return `${label} → ${res.status} ${text.slice(0, 200)}`;
  if (res.status >= 400) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return `${label} → ${res.status} without a JSON error envelope`;
    }
    const problem = validator.check(op, res.status, body);
    if (problem) return `${label} → ${problem}`;
    const changed = await changes.changed();
    if (changed.length) return `${label} → ${res.status} but changed ${changed.join(', ')}`;
  }
  return null;
}

const takesBody = (op: Operation) => op.body !== null;

/** The next `n` hostile strings, cycling, so every string is tried somewhere while each field gets only a few. */
let cursor = 0;
function nextHostile(n: number): string[] {
  return Array.from({ length: n }, () => HOSTILE_STRINGS[cursor++ % HOSTILE_STRINGS.length] ?? '');
}
const samplePath = (op: Operation) =>
  fillPath(op.path, Object.fromEntries(op.pathParams.map((p) => [p.name, 'x_probe'])));

/** A body that satisfies the schema as far as a generator can (seeded, so runs repeat). */
function sampleBody(op: Operation): unknown {
  if (!op.body) return undefined;
  return fc.sample(validValue(doc, op.body.schema), { numRuns: 1, seed: 42 })[0];
}

/** Paths of string leaves of `value` whose schema says string. */
function stringLeaves(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, String(i)]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}

function setAt(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : { ...(value as Record<string, unknown>) };
  const [head, ...rest] = path as [string, ...string[]];
  (copy as Record<string, unknown>)[head] = setAt((value as Record<string, unknown>)[head], rest, replacement);
  return copy;
}

const jsonInit = (body: string | Uint8Array, type = 'application/json'): RequestInit => ({
  headers: { 'content-type': type },
  body,
});

/**
 * Unbounded request strings found by this suite in other domains and reported to their owners; listed so that the
 * suite guards against new ones meanwhile. Remove an entry once its schema has a `.max(n)`.
 */
const KNOWN_UNBOUNDED = new Set<string>([
  'POST /v1/chat/completions body.messages[].content[].type',
  'PUT /v1/volunteers/{id}/staff-key body.keyId',
]);

/** A string schema that cannot hold megabytes: a maxLength, an enum/const, a format, or an anchored finite pattern. */
function boundedString(s: JsonSchema): boolean {
  if (typeof s.maxLength === 'number' || Array.isArray(s.enum) || 'const' in s || typeof s.format === 'string')
    return true;
  const pattern = typeof s.pattern === 'string' ? s.pattern : '';
  return /^\^.*\$$/.test(pattern) && !/[*+]|\{\d+,\}/.test(pattern.replace(/\\./g, ''));
}

describe('hostile input over every operation of /openapi.json', () => {
  it('survives hostile strings in every body field', async () => {
    const problems: string[] = [];
    for (const op of operations.filter(takesBody)) {
      const body = sampleBody(op);
      const leaves = stringLeaves(body).slice(0, 4);
      for (const leaf of leaves) {
        for (const hostile of nextHostile(4)) {
          const problem = await probe(
            op,
            samplePath(op),
            jsonInit(JSON.stringify(setAt(body, leaf, hostile))),
            `${JSON.stringify(hostile)} at body.${leaf.join('.')}`,
          );
          if (problem) problems.push(problem);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('survives hostile strings and broken percent-encoding in path and query parameters', async () => {
    const problems: string[] = [];
    const rawSegments = ['%FF', '%C0%AF', '%00', '%E4%BD', '%25', '..%2F..%2Fetc', "1'%20OR%20'1'='1"];
    for (const op of operations) {
      for (const param of op.pathParams) {
        const values = [
          ...nextHostile(4).map((h) =>
            fillPath(op.path, {
              ...Object.fromEntries(op.pathParams.map((p) => [p.name, 'x'])),
              [param.name]: h || ' ',
            }),
          ),
          ...[0, 1]
            .map((i) => rawSegments[(cursor + i) % rawSegments.length] ?? '%FF')
            .map((raw) => op.path.replace(`{${param.name}}`, raw).replace(/\{[^}]+\}/g, 'x')),
        ];
        for (const url of values) {
          const problem = await probe(
            op,
            url,
            takesBody(op) ? jsonInit(JSON.stringify(sampleBody(op) ?? {})) : {},
            `path ${url}`,
          );
          if (problem) problems.push(problem);
        }
      }
      for (const param of op.queryParams) {
        for (const hostile of [...nextHostile(3), 'x'.repeat(5000)]) {
          const url = `${samplePath(op)}?${new URLSearchParams({ [param.name]: hostile.replace(/[\ud800-\udfff]/g, '\ufffd') })}`;
          const problem = await probe(
            op,
            url,
            takesBody(op) ? jsonInit(JSON.stringify(sampleBody(op) ?? {})) : {},
            `query ${param.name}=${JSON.stringify(hostile.slice(0, 30))}`,
          );
          if (problem) problems.push(problem);
        }
        for (const raw of ['%FF', '%E4%BD']) {
          const problem = await probe(op, `${samplePath(op)}?${param.name}=${raw}`, {}, `query ${param.name}=${raw}`);
          if (problem) problems.push(problem);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('refuses oversized bodies with 413 and oversized fields with 4xx', async () => {
    const problems: string[] = [];
    for (const op of operations.filter(takesBody)) {
      const huge = JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT + 10) });
      await changes.changed();
      const res = await app.request(samplePath(op), {
        method: op.method.toUpperCase(),
        headers: { ...headersFor(op), 'content-type': 'application/json' },
        body: huge,
      });
      // Operations that also take uploads (CSV, XLSX) have the larger upload limit and may refuse the type first.
      const refused = op.otherBodyTypes.length > 0 ? res.status === 413 || res.status === 415 : res.status === 413;
      if (!refused) problems.push(`${op.label}: body over the limit → ${res.status}, expected 413`);
      if ((await changes.changed()).length) problems.push(`${op.label}: oversized body changed data`);
      const body = sampleBody(op);
      for (const leaf of stringLeaves(body).slice(0, 3)) {
        const oversized = setAt(body, leaf, '科'.repeat(20_000));
        const problem = await probe(
          op,
          samplePath(op),
          jsonInit(JSON.stringify(oversized)),
          `a 20,000-character body.${leaf.join('.')}`,
        );
        if (problem) problems.push(problem);
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('declares a maximum length for every string a request body accepts', () => {
    const unbounded: string[] = [];
    const walk = (schema: JsonSchema, where: string, seen: Set<JsonSchema>) => {
      const s = resolveRef(doc, schema);
      if (seen.has(s)) return;
      seen.add(s);
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (types.includes('string') && !boundedString(s)) {
        unbounded.push(where);
      }
      for (const [k, v] of Object.entries((s.properties as Record<string, JsonSchema>) ?? {}))
        walk(v, `${where}.${k}`, seen);
      if (s.items) walk(s.items as JsonSchema, `${where}[]`, seen);
      for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
        for (const o of (s[key] as JsonSchema[]) ?? []) walk(o, where, seen);
      if (s.additionalProperties && typeof s.additionalProperties === 'object')
        walk(s.additionalProperties as JsonSchema, `${where}.*`, seen);
    };
    for (const op of operations.filter(takesBody)) walk(op.body?.schema ?? {}, `${op.label} body`, new Set());
    const fresh = unbounded.filter((where) => !KNOWN_UNBOUNDED.has(where));
    expect(fresh, 'add .max(n) to these zod strings (hostile clients send megabytes)').toEqual([]);
  });

  it('refuses deeply nested JSON, invalid UTF-8 and wrong content types with 4xx', async () => {
    const problems: string[] = [];
    const deepArray = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const invalidUtf8 = new Uint8Array([
      ...new TextEncoder().encode('{"name":"'),
      0xff,
      0xfe,
      0xc0,
      0xaf,
      ...new TextEncoder().encode('"}'),
    ]);
    for (const op of operations.filter(takesBody)) {
      const url = samplePath(op);
      const valid = JSON.stringify(sampleBody(op) ?? {});
      const cases: [string, RequestInit, boolean][] = [
        ['50,000 nested arrays', jsonInit(deepArray), true],
        ['10,000 nested objects', jsonInit(deepObject), true],
        ['invalid UTF-8', jsonInit(invalidUtf8), true],
        ['truncated JSON', jsonInit(valid.slice(0, -1)), true],
        ['JSON as text/plain', jsonInit(valid, 'text/plain'), op.body?.required ?? false],
        ['JSON as a form', jsonInit(valid, 'application/x-www-form-urlencoded'), op.body?.required ?? false],
        [
          'XML',
          jsonInit(
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
            'application/xml',
          ),
          op.body?.required ?? false,
        ],
      ];
      for (const [what, init, mustFail] of cases) {
        await changes.changed();
        const res = await app.request(url, {
          method: op.method.toUpperCase(),
          ...init,
          headers: { ...headersFor(op), ...(init.headers as Record<string, string>) },
        });
        const text = await res.text();
        if (res.status >= 500 || (mustFail && res.status < 400))
          problems.push(`${op.label} with ${what} → ${res.status} ${text.slice(0, 160)}`);
        if (res.status >= 400) {
          if (!/"error"/.test(text))
            problems.push(`${op.label} with ${what} → ${res.status} without the error envelope`);
          if ((await changes.changed()).length) problems.push(`${op.label} with ${what} changed data`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('answers 409 to an Idempotency-Key replayed with a different body, on every POST', async () => {
    const problems: string[] = [];
    for (const op of operations.filter((o) => o.method === 'post')) {
      const key = `replay-${op.path}`;
      const send = (body: unknown) =>
        app.request(samplePath(op), {
          method: 'POST',
          headers: { ...headersFor(op), 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
        });
      const first = await send(sampleBody(op) ?? {});
      if (first.status >= 500) continue; // reported by the other suites
      const second = await send({ different: true, at: Date.now() });
      if (second.status !== 409) problems.push(`${op.label}: replayed key with another body → ${second.status}`);
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
