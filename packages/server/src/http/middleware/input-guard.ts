import type { ErrorDetail } from '@kepu/sdk/schema';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

/** Deeper JSON than this is refused: no request of ours nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;

/** NUL (PostgreSQL text cannot hold it) and unpaired UTF-16 surrogates (not encodable as UTF-8). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

const refuse = (message: string, details?: ErrorDetail[]) => new ApiError(400, 'invalid_request', message, details);

/**
 * Refuses, before any route sees them, inputs that no route can handle and that would otherwise surface as database
 * errors: `%00` in the URL, JSON bodies that are not valid UTF-8 or not JSON, nest deeper than `MAX_JSON_DEPTH`, or
 * hold NUL characters or unpaired surrogates in any key or string.
 */
export function inputGuard(): MiddlewareHandler<AppEnv> {
  return async function inputGuard(c, next) {
    const url = c.req.url;
    if (/%00/i.test(url) || url.includes('\u0000')) {
      throw refuse('The URL contains a NUL character (%00). Remove it.', [{ path: 'url', message: 'NUL character' }]);
    }
    const type = c.req.header('content-type') ?? '';
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !/[/+]json\b/i.test(type)) return next();
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0) return next();
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw refuse('The request body is not valid UTF-8. Send JSON encoded as UTF-8.', [
        { path: 'body', message: 'invalid UTF-8 byte sequence' },
      ]);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw refuse(
        `The request body is not valid JSON (${error instanceof Error ? error.message : 'syntax error'}). Send a JSON document with Content-Type: application/json.`,
      );
    }
    const problem = findUnstorable(value);
    if (problem) throw refuse(`Invalid request. ${problem.path}: ${problem.message}`, [problem]);
    return next();
  };
}

/** Walks the value without recursion (a hostile depth cannot overflow the stack). */
export function findUnstorable(value: unknown): ErrorDetail | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: 'body', depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item) break;
    if (item.depth > MAX_JSON_DEPTH) {
      return { path: item.path, message: `nested deeper than ${MAX_JSON_DEPTH} levels` };
    }
    if (typeof item.value === 'string') {
      if (unstorable(item.value)) {
        return { path: item.path, message: 'contains a NUL character or an unpaired surrogate; remove it' };
      }
    } else if (Array.isArray(item.value)) {
      for (const [i, v] of item.value.entries())
        stack.push({ value: v, path: `${item.path}.${i}`, depth: item.depth + 1 });
    } else if (item.value !== null && typeof item.value === 'object') {
      for (const [k, v] of Object.entries(item.value)) {
        if (unstorable(k))
          return { path: item.path, message: 'a key contains a NUL character or an unpaired surrogate' };
        stack.push({ value: v, path: `${item.path}.${k}`, depth: item.depth + 1 });
      }
    }
  }
  return null;
}
