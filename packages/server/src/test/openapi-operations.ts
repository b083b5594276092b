import { type RouteAccess, RouteAccess as RouteAccessSchema } from '@kepu/sdk/schema';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { ACCESS_EXTENSION } from '../access/route-access.js';
import type { Database } from '../db/create-database.js';

// Helpers of the hostile-input suites: they walk the OpenAPI document of a real app, so every route any engineer adds
// is covered without touching the suites.

export type JsonSchema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** As in the document: `/v1/events/{id}`. */
  path: string;
  label: string;
  /** From `x-kepu-access`; null when the operation declares nothing. */
  access: RouteAccess | null;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** JSON request body schema, when the operation takes one. */
  body: { schema: JsonSchema; required: boolean } | null;
  /** Other request body media types it accepts (multipart, CSV…). */
  otherBodyTypes: string[];
  /** Documented JSON response schemas by status. */
  responses: Map<number, JsonSchema | null>;
  /** Whether some documented response is an HTML page. */
  servesHtml: boolean;
  /** The OpenAPI `security` requirements (undefined: the document's default). */
  security: Record<string, string[]>[] | undefined;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export async function loadOpenApi(app: { request: (path: string) => Response | Promise<Response> }) {
  return (await (await app.request('/openapi.json')).json()) as OpenApiDocument;
}

/** Every operation of the document, with what the suites need to call it. */
export function listOperations(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item.parameters as Parameter[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const parameters = [...shared, ...((op.parameters as Parameter[] | undefined) ?? [])];
      const requestBody = op.requestBody as
        | { required?: boolean; content?: Record<string, { schema?: JsonSchema }> }
        | undefined;
      const content = requestBody?.content ?? {};
      const jsonType = Object.keys(content).find((t) => t.includes('json'));
      const responses = new Map<number, JsonSchema | null>();
      let servesHtml = false;
      for (const [status, response] of Object.entries(
        (op.responses as Record<string, { content?: Record<string, { schema?: JsonSchema }> }>) ?? {},
      )) {
        const json = Object.entries(response.content ?? {}).find(([t]) => t.includes('json'))?.[1];
        if (Object.keys(response.content ?? {}).some((t) => t.startsWith('text/html'))) servesHtml = true;
        if (/^\d{3}$/.test(status)) responses.set(Number(status), json?.schema ?? null);
      }
      const declared = RouteAccessSchema.safeParse(op[ACCESS_EXTENSION]);
      operations.push({
        method,
        path,
        label: `${method.toUpperCase()} ${path}`,
        access: declared.success ? declared.data : null,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body: jsonType ? { schema: content[jsonType]?.schema ?? {}, required: requestBody?.required ?? false } : null,
        otherBodyTypes: Object.keys(content).filter((t) => t !== jsonType),
        responses,
        servesHtml,
        security: op.security as Record<string, string[]>[] | undefined,
      });
    }
  }
  return operations;
}

/** Fills `{param}` placeholders, percent-encoding UTF-8 (a lone surrogate becomes U+FFFD, as browsers send it). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeSegment(values[name] ?? 'x'));
}

function encodeSegment(value: string): string {
  return [...new TextEncoder().encode(value)]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** Validates responses against the document's JSON Schemas (OpenAPI 3.1 = JSON Schema 2020-12). */
export function createResponseValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'kepu-openapi', components: doc.components ?? {} });
  const cache = new WeakMap<JsonSchema, ValidateFunction>();
  const compile = (schema: JsonSchema) => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile({ $id: `kepu-schema-${Math.random()}`, ...rebase(schema) });
      cache.set(schema, validate);
    }
    return validate;
  };
  const errorSchema = doc.components?.schemas?.Error;
  return {
    /** null when valid, else a description of what is wrong. */
    check(operation: Operation, status: number, body: unknown): string | null {
      if (status >= 400) {
        const schema = operation.responses.get(status) ?? errorSchema;
        if (!schema) return null;
        const validate = compile(schema);
        return validate(body) ? null : `${status} body is not the error envelope: ${ajv.errorsText(validate.errors)}`;
      }
      if (!operation.responses.has(status)) return `status ${status} is not documented`;
      const schema = operation.responses.get(status);
      if (!schema) return null;
      const validate = compile(schema);
      return validate(body) ? null : `${status} body violates its schema: ${ajv.errorsText(validate.errors)}`;
    },
  };
}

/** `#/components/schemas/X` → `kepu-openapi#/components/schemas/X`, so a schema compiled alone resolves its refs. */
function rebase<T>(value: T): T {
  if (Array.isArray(value)) return value.map(rebase) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `kepu-openapi${v}` : rebase(v),
      ]),
    ) as T;
  }
  return value;
}

export function resolveRef(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let i = 0; i < 10 && typeof current.$ref === 'string'; i++) {
    const name = current.$ref.replace('#/components/schemas/', '');
    current = doc.components?.schemas?.[name] ?? {};
  }
  return current;
}

/** Hostile strings: SQL injection, markup, control characters, lone surrogates, RTL overrides, huge numbers as text. */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE api_keys; --",
  '1; select pg_sleep(5)--',
  "\\'; truncate audit_log cascade; --",
  '" OR ""="',
  "%' AND 1=0 UNION SELECT secret_hash, prefix FROM api_keys --",
  '$1',
  '<script>alert(1)</script>',
  '{"$gt":""}',
  '../../etc/passwd',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202e\u0644\u0627',
  '😀'.repeat(3),
  '９９９',
  '1e309',
  '-0',
  ' ',
  '',
  '科普'.repeat(5),
];

/** A fast-check arbitrary of values that satisfy `schema` (best effort: the server may still refuse for rules). */
export function validValue(doc: OpenApiDocument, schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolveRef(doc, schema);
  // A documented example satisfies rules a schema cannot say (ranges inside a pattern, cross-field rules).
  if (s.example !== undefined && depth < 6) {
    const { example, ...rest } = s;
    return fc.oneof(
      { arbitrary: fc.constant(example), weight: 1 },
      { arbitrary: validValue(doc, rest, depth), weight: 2 },
    );
  }
  if (depth > 6) return fc.constant(null);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) {
      return fc.oneof(...options.map((o) => validValue(doc, o as JsonSchema, depth + 1)));
    }
  }
  if (Array.isArray(s.allOf) && s.allOf.length > 0) return validValue(doc, s.allOf[0] as JsonSchema, depth + 1);
  const type = s.type;
  if (Array.isArray(type)) {
    return fc.oneof(...type.map((t) => validValue(doc, { ...s, type: t }, depth + 1)));
  }
  switch (type) {
    case 'string':
      return validString(s);
    case 'integer': {
      const min =
        typeof s.minimum === 'number'
          ? s.minimum
          : typeof s.exclusiveMinimum === 'number'
            ? s.exclusiveMinimum + 1
            : -1000;
      const max =
        typeof s.maximum === 'number'
          ? s.maximum
          : typeof s.exclusiveMaximum === 'number'
            ? s.exclusiveMaximum - 1
            : Math.max(min, 0) + 1000;
      return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
    }
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : -1000;
      const max = typeof s.maximum === 'number' ? s.maximum : min + 2000;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (s.items as JsonSchema | undefined) ?? {};
      const minLength = typeof s.minItems === 'number' ? s.minItems : 0;
      const maxLength = Math.max(minLength, Math.min(typeof s.maxItems === 'number' ? s.maxItems : 4, minLength + 4));
      return fc.array(validValue(doc, items, depth + 1), { minLength, maxLength });
    }
    case 'object':
    case undefined: {
      const properties = (s.properties as Record<string, JsonSchema> | undefined) ?? {};
      if (type === undefined && Object.keys(properties).length === 0) return fc.constant(null);
      const required = new Set((s.required as string[] | undefined) ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, prop] of Object.entries(properties)) model[name] = validValue(doc, prop, depth + 1);
      return fc.record(model, { requiredKeys: [...required].filter((k) => k in model) });
    }
    default:
      return fc.constant(null);
  }
}

function validString(s: JsonSchema): fc.Arbitrary<string> {
  const minLength = typeof s.minLength === 'number' ? s.minLength : 0;
  const maxLength = Math.min(typeof s.maxLength === 'number' ? s.maxLength : 40, minLength + 40);
  switch (s.format) {
    case 'date-time':
      return fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
    case 'uuid':
      return fc.uuid();
  }
  if (typeof s.pattern === 'string') {
    try {
      return fc
        .stringMatching(new RegExp(s.pattern))
        .filter((v) => v.length >= minLength && v.length <= (typeof s.maxLength === 'number' ? s.maxLength : 10_000));
    } catch {
      // a pattern fast-check cannot generate from: fall through to plain strings
    }
  }
  const unit = fc.oneof(
    fc.constantFrom(...'科普资源活动志愿者辟谣深圳市青少年实验室'.split('')),
    fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme-ascii' }),
  );
  return fc.string({ unit, minLength, maxLength: Math.max(minLength, maxLength) });
}

/** Anything at all, including hostile strings, in place of a valid value. */
export function invalidValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.anything({ maxDepth: 3, withNullPrototype: false }),
    fc.integer(),
    fc.double(),
    fc.constant(null),
    fc.string({ unit: 'binary', maxLength: 50 }),
  );
}

/** Tables whose contents may change on a rejected request by design (counters, caches). */
const VOLATILE_TABLES = new Set(['rate_limit_buckets', 'quota_usage', 'idempotency_keys']);

/**
 * A fingerprint of every table's contents (minus volatile tables and `api_keys.last_used_at`), to prove that a
 * rejected request changed nothing.
 */
export async function snapshotDatabase(database: Database): Promise<Map<string, string>> {
  const tables = await database.db.execute<{ name: string }>(
    sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
  );
  const names = tables.rows.map((r) => r.name).filter((n) => !VOLATILE_TABLES.has(n) && !n.startsWith('__'));
  if (names.length === 0) return new Map();
  const parts = names.map(
    (name) =>
      `select ${quoteLiteral(name)} as name, count(*)::text || ':' || coalesce(md5(string_agg((to_jsonb(t) - 'last_used_at')::text, ',' order by (to_jsonb(t) - 'last_used_at')::text)), '') as digest from ${quoteIdent(name)} t`,
  );
  const result = await database.db.execute<{ name: string; digest: string }>(sql.raw(parts.join(' union all ')));
  return new Map(result.rows.map((r) => [r.name, r.digest]));
}

export function diffSnapshots(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Tells which tables changed since its last call. Reads the WAL position first (a fraction of a millisecond) and
 * fingerprints the tables only when something was written, so that it can run around every request.
 */
export async function createChangeDetector(database: Database) {
  const position = async () =>
    (await database.db.execute<{ lsn: string }>(sql`select pg_current_wal_lsn()::text as lsn`)).rows[0]?.lsn ?? '';
  let lsn = await position();
  let snapshot = await snapshotDatabase(database);
  return {
    async changed(): Promise<string[]> {
      const now = await position();
      if (now === lsn) return [];
      const after = await snapshotDatabase(database);
      const diff = diffSnapshots(snapshot, after);
      lsn = now;
      snapshot = after;
      return diff;
    },
  };
}
